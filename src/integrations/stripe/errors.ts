import Stripe from 'stripe';
import { DataError } from '../../model/errors.ts';

/** A Stripe problem the user can act on (bad key, missing permission): shown without a stack. */
export class StripeSyncError extends DataError {}

/** What each synced resource is called in Stripe's restricted-key editor. */
export const RESOURCE_LABELS: Readonly<Record<string, string>> = {
  products: 'Products',
  prices: 'Prices',
  coupons: 'Coupons',
  customers: 'Customers',
  subscriptions: 'Subscriptions',
  invoices: 'Invoices',
  credit_notes: 'Credit notes',
  refunds: 'Refunds',
};

/** Whether a failed request is worth repeating: rate limits, Stripe's 5xx, the network. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof Stripe.errors.StripeRateLimitError) return true;
  if (error instanceof Stripe.errors.StripeConnectionError) return true;
  if (error instanceof Stripe.errors.StripeAPIError) return true;
  if (error instanceof Stripe.errors.StripeError) return (error.statusCode ?? 0) >= 500;
  return false;
}

/** Seconds Stripe asked us to wait (Retry-After), if it said. */
export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof Stripe.errors.StripeError)) return null;
  const header = error.headers?.['retry-after'];
  const seconds = header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * A user-facing explanation of an error that retrying cannot fix. A restricted key without
 * a permission gets the permission named (Stripe's message carries it, e.g.
 * `rak_subscription_read`), and the resource as the Dashboard's key editor calls it.
 */
export function explainStripeError(error: unknown, resource: string): Error {
  const label = RESOURCE_LABELS[resource] ?? resource;
  if (error instanceof Stripe.errors.StripePermissionError) {
    const permission = /\b(rak_[a-z_]+)\b/.exec(error.message)?.[1];
    return new StripeSyncError(
      `the Stripe API key may not read ${label}` +
        (permission ? ` (it lacks the "${permission}" permission)` : '') +
        `: give the restricted key "Read" access to ${label} in the Stripe Dashboard ` +
        `(Developers → API keys), then run the sync again — it resumes where it stopped.`,
    );
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return new StripeSyncError(
      `Stripe rejected the API key (${error.message}); use a secret key (sk_…) or a restricted key (rk_…) of the account`,
    );
  }
  if (error instanceof Stripe.errors.StripeError) {
    return new StripeSyncError(
      `Stripe failed while reading ${label}: ${error.message}` +
        (error.statusCode ? ` (HTTP ${error.statusCode})` : '') +
        '; run the sync again to resume where it stopped',
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
