/** Clock difference tolerated between Stripe and this server, seconds (Stripe's own default). */
const TOLERANCE_SECONDS = 300;

/**
 * Whether a `Stripe-Signature` header (`t=<unix seconds>,v1=…`) is dated ahead of this
 * server's clock by more than the tolerance. Stripe's library refuses signatures that are
 * too old, not ones from the future: a signature dated a day ahead could be replayed for
 * a day and a tolerance. Stripe signs at sending time, so none of its own is ahead.
 */
export function signedInFuture(header: string, nowMs: number = Date.now()): boolean {
  const stamp = /(?:^|,)\s*t=(\d+)/.exec(header);
  return stamp !== null && Number(stamp[1]) > nowMs / 1000 + TOLERANCE_SECONDS;
}
