import { sendEmail, smtpFromEnv } from './email.ts';
import { sendSlack } from './slack.ts';
import type { DeliveryResult, Notification, NotificationChannel, SmtpSettings } from './types.ts';
import { sendWebhook } from './webhook.ts';

export interface DeliveryOptions {
  /** SMTP server for email channels; defaults to NORTHSTAR_SMTP_URL / NORTHSTAR_SMTP_FROM. */
  readonly smtp?: SmtpSettings | null;
  readonly now?: Date;
}

/** A channel without its secret, for logs and stored events. */
export function describeChannel(channel: NotificationChannel): string {
  switch (channel.type) {
    case 'webhook':
      return `webhook ${new URL(channel.url).origin}`;
    case 'slack':
      return `slack ${new URL(channel.url).origin}`;
    case 'email':
      return `email ${channel.to.join(', ')}`;
  }
}

/**
 * Sends to every channel; one failing channel never stops the others, and failures come
 * back as results (an alert run must not crash because a webhook is down).
 */
export async function deliver(
  channels: readonly NotificationChannel[],
  notification: Notification,
  options: DeliveryOptions = {},
): Promise<DeliveryResult[]> {
  return Promise.all(
    channels.map(async (channel): Promise<DeliveryResult> => {
      const name = safeDescribe(channel);
      try {
        if (channel.type === 'webhook') await sendWebhook(channel, notification, options.now);
        else if (channel.type === 'slack') await sendSlack(channel.url, notification);
        else {
          const smtp = options.smtp === undefined ? smtpFromEnv() : options.smtp;
          if (!smtp) throw new Error('no SMTP server configured (set NORTHSTAR_SMTP_URL)');
          await sendEmail(smtp, channel.to, notification);
        }
        return { channel: name, ok: true };
      } catch (error) {
        return {
          channel: name,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        };
      }
    }),
  );
}

function safeDescribe(channel: NotificationChannel): string {
  try {
    return describeChannel(channel);
  } catch {
    return channel.type;
  }
}
