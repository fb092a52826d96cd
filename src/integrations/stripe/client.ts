import Stripe from 'stripe';

export interface StripeClientOptions {
  /** `http://127.0.0.1:12111` style base for a local double or stripe-mock; default api.stripe.com. */
  readonly apiBase?: string;
  /** The SDK's own retries of network errors, 409 and 5xx (with idempotency keys). */
  readonly maxNetworkRetries?: number;
  readonly timeoutMs?: number;
}

export function createStripeClient(apiKey: string, options: StripeClientOptions = {}): Stripe {
  const base = options.apiBase === undefined ? null : new URL(options.apiBase);
  return new Stripe(apiKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 80_000,
    telemetry: false,
    ...(base === null
      ? {}
      : {
          host: base.hostname,
          port: base.port === '' ? (base.protocol === 'http:' ? 80 : 443) : Number(base.port),
          protocol: base.protocol === 'http:' ? ('http' as const) : ('https' as const),
        }),
  });
}
