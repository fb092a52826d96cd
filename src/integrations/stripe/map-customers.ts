import type Stripe from 'stripe';
import type { CustomerRow } from '../../model/kinds.ts';
import type { MapOptions } from './map-result.ts';
import { dayOf } from './time.ts';

/**
 * A Stripe customer as a canonical customer. Metadata becomes custom attributes (usable as
 * segments); `metadata.segment` and `metadata.channel` fill the columns of those names, the
 * convention many teams already use for attribution.
 */
export function mapCustomer(
  customer: Stripe.Customer | Stripe.DeletedCustomer,
  options: MapOptions,
): CustomerRow | null {
  // A deleted customer keeps the history it had: the row already stored stays as it was.
  if ('deleted' in customer && customer.deleted) return null;
  const c = customer as Stripe.Customer;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(c.metadata ?? {})) {
    const name = key.trim().toLowerCase();
    if (name !== 'segment' && name !== 'channel' && value !== '') attributes[name] = value;
  }
  const meta = (name: string): string | null => {
    const value = c.metadata?.[name];
    return value === undefined || value === '' ? null : value;
  };
  return {
    customer_id: c.id,
    name: c.name ?? null,
    email: c.email,
    created_at: dayOf(c.created, options.timeZone),
    country: c.address?.country ?? null,
    segment: meta('segment'),
    channel: meta('channel'),
    attributes,
  };
}
