import type { Notification } from './types.ts';
import { postJson } from './webhook.ts';

/** Slack's incoming-webhook payload (also accepted by Mattermost and Rocket.Chat). */
export function slackPayload(notification: Notification): {
  text: string;
  blocks: { type: string; text: { type: string; text: string } }[];
} {
  return {
    text: notification.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: notification.title.slice(0, 150) } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: escapeSlack(notification.text).slice(0, 3000) },
      },
    ],
  };
}

/** Slack treats &, < and > as control characters in mrkdwn. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function sendSlack(url: string, notification: Notification): Promise<void> {
  await postJson(url, JSON.stringify(slackPayload(notification)));
}
