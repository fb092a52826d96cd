/** Rows mapped from Stripe objects, with what could not be mapped said in words. */
export interface MapResult<T> {
  rows: T[];
  warnings: string[];
}

export interface MapOptions {
  /** The workspace's reporting zone: Stripe timestamps become local days there. */
  readonly timeZone: string;
}
