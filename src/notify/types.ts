/** Where an alert or a report goes. Secrets live in the rule document, never in logs. */
export type NotificationChannel =
  | { readonly type: 'webhook'; readonly url: string; readonly secret: string }
  | { readonly type: 'slack'; readonly url: string }
  | { readonly type: 'email'; readonly to: readonly string[] };

/** A message every channel can render: a subject line, plain text, optional HTML and data. */
export interface Notification {
  readonly event: string;
  readonly title: string;
  readonly text: string;
  readonly html?: string;
  readonly data: unknown;
}

export interface SmtpSettings {
  /** nodemailer connection URL, e.g. `smtp://user:pass@mail.example.com:587`. */
  readonly url: string;
  readonly from: string;
}

export interface DeliveryResult {
  readonly channel: string;
  readonly ok: boolean;
  readonly error?: string;
}
