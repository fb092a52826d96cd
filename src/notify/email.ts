import { createTransport } from 'nodemailer';
import type { Notification, SmtpSettings } from './types.ts';

/** Reads SMTP settings from NORTHSTAR_SMTP_URL and NORTHSTAR_SMTP_FROM; null when unset. */
export function smtpFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const url = env.NORTHSTAR_SMTP_URL;
  if (!url) return null;
  return { url, from: env.NORTHSTAR_SMTP_FROM ?? 'Northstar <northstar@localhost>' };
}

export async function sendEmail(
  smtp: SmtpSettings,
  to: readonly string[],
  notification: Notification,
): Promise<void> {
  const transport = createTransport(smtp.url);
  try {
    await transport.sendMail({
      from: smtp.from,
      to: [...to],
      subject: notification.title,
      text: notification.text,
      ...(notification.html ? { html: notification.html } : {}),
    });
  } finally {
    transport.close();
  }
}
