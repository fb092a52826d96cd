import Stripe from 'stripe';
import type { ImportKind, RowOfKind } from '../../model/kinds.ts';
import type { Store } from '../../store/store.ts';
import { addCoupon, addDiscount, addPrice, addProduct } from './catalog.ts';
import { EventLedger } from './ledger.ts';
import { mapCustomer } from './map-customers.ts';
import { creditNoteRefundIds, mapCreditNote, mapInvoice, mapRefund } from './map-invoices.ts';
import { mapSubscription, supersededRows } from './map-subscriptions.ts';
import { compareSnapshot, versionOf, type SnapshotEvent } from './ordering.ts';
import {
  checkedPayload,
  couponPayload,
  creditNotePayload,
  customerPayload,
  discountPayload,
  invoicePayload,
  pricePayload,
  StripePayloadError,
  subscriptionPayload,
} from './payload.ts';
import { loadStripeState, saveStripeState } from './state.ts';
import { rememberDiscounts } from './sync.ts';
import { dayOf } from './time.ts';

/**
 * Stripe webhook handling without HTTP: verify the signature, drop repeats, drop stale
 * snapshots, map the object and upsert its rows. The HTTP layer passes the raw body (the
 * exact bytes: a re-serialized JSON fails the signature) and the `Stripe-Signature` header.
 * What it remembers (processed events, object versions, the catalog) is in the store.
 */

export type WebhookStore = Pick<
  Store,
  'upsert' | 'readRowsByKeyPrefix' | 'workspace' | 'getDocument' | 'putDocument'
>;

export interface ApplyStripeEventOptions {
  /**
   * Used to fetch what a payload leaves out (invoice lines beyond the first page,
   * unexpanded discounts) and the current object when two snapshots of the same second
   * cannot be ordered.
   */
  readonly stripe?: Stripe;
  /** Signature tolerance in seconds (Stripe's default 300), into the past and the future. */
  readonly toleranceSeconds?: number;
}

export type ApplyStatus = 'applied' | 'duplicate' | 'stale' | 'ignored';

export interface ApplyStripeEventResult {
  readonly status: ApplyStatus;
  readonly eventId: string;
  readonly type: string;
  readonly rows: Partial<Record<ImportKind, number>>;
  readonly warnings: string[];
}

/** The signature did not verify (or the body is not an event): answer 400, Stripe retries. */
export class WebhookSignatureError extends Error {}

export { StripePayloadError } from './payload.ts';

const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * The verified event. Stripe's check refuses timestamps older than the tolerance; one
 * further ahead than the tolerance is refused here too (a signature made for later use).
 */
export function verifyStripeEvent(
  rawBody: string | Buffer,
  signatureHeader: string | string[] | undefined,
  secret: string,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): Stripe.Event {
  try {
    if (signatureHeader === undefined) throw new Error('no Stripe-Signature header');
    const header = Array.isArray(signatureHeader) ? signatureHeader.join(',') : signatureHeader;
    const timestamp = Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
    if (Number.isFinite(timestamp) && timestamp - Date.now() / 1000 > toleranceSeconds)
      throw new Error('the signature timestamp is in the future, beyond the tolerance');
    return Stripe.webhooks.constructEvent(rawBody, header, secret, toleranceSeconds);
  } catch (error) {
    throw new WebhookSignatureError(
      `Stripe webhook rejected: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** One event at a time per workspace, so the stale check and the write cannot interleave. */
const queues = new Map<string, Promise<unknown>>();

export async function applyStripeEvent(
  store: WebhookStore,
  workspaceId: string,
  rawBody: string | Buffer,
  signatureHeader: string | string[] | undefined,
  secret: string,
  options: ApplyStripeEventOptions = {},
): Promise<ApplyStripeEventResult> {
  const event = verifyStripeEvent(rawBody, signatureHeader, secret, options.toleranceSeconds);
  return applyVerifiedStripeEvent(store, workspaceId, event, options);
}

/** `applyStripeEvent` for an event whose signature the caller verified (verifyStripeEvent). */
export async function applyVerifiedStripeEvent(
  store: WebhookStore,
  workspaceId: string,
  event: Stripe.Event,
  options: ApplyStripeEventOptions = {},
): Promise<ApplyStripeEventResult> {
  const previous = queues.get(workspaceId) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(() => applyInOrder(store, workspaceId, event, options));
  queues.set(workspaceId, run);
  try {
    return await run;
  } finally {
    if (queues.get(workspaceId) === run) queues.delete(workspaceId);
  }
}

/** The current state of an object, from the API (null for kinds not re-fetched). */
async function refetch(stripe: Stripe, kind: string, id: string): Promise<unknown> {
  switch (kind) {
    case 'subscription':
      return stripe.subscriptions.retrieve(id, { expand: ['discounts', 'items.data.discounts'] });
    case 'invoice':
      return stripe.invoices.retrieve(id);
    case 'customer':
      return stripe.customers.retrieve(id);
    default:
      return null;
  }
}

async function applyInOrder(
  store: WebhookStore,
  workspaceId: string,
  event: Stripe.Event,
  options: ApplyStripeEventOptions,
): Promise<ApplyStripeEventResult> {
  const ledger = new EventLedger(store);
  const raw = event.data.object as unknown as { id?: unknown; object?: unknown };
  const objectId = typeof raw.id === 'string' ? raw.id : null;
  const kind = typeof raw.object === 'string' ? raw.object : '';
  const result = (
    status: ApplyStatus,
    rows: Partial<Record<ImportKind, number>> = {},
    warnings: string[] = [],
  ) => ({ status, eventId: event.id, type: event.type, rows, warnings });
  if (await ledger.has(workspaceId, event.id)) return result('duplicate');

  const snapshot: SnapshotEvent = {
    id: event.id,
    type: event.type,
    created: event.created,
    object: event.data.object,
    previousAttributes: event.data.previous_attributes,
  };
  let object: unknown = event.data.object;
  let refetched: unknown;
  const warnings: string[] = [];
  if (objectId !== null) {
    const applied = await ledger.objectVersion(workspaceId, objectId);
    const order = applied === null ? 'newer' : compareSnapshot(applied, snapshot);
    if (order === 'unknown' && options.stripe) {
      refetched = await refetch(options.stripe, kind, objectId);
      if (refetched !== null) {
        object = refetched;
        warnings.push(
          `${kind} ${objectId}: two snapshots in the same second (${applied!.eventId}, ${event.id}); applied the object as Stripe has it now`,
        );
      }
    }
    if (order === 'older' || order === 'same' || (order === 'unknown' && !refetched)) {
      if (order === 'unknown')
        warnings.push(
          `${kind} ${objectId}: ${event.id} has the same second as ${applied!.eventId}, applied before, and its order is unknown; kept the one applied (set STRIPE_API_KEY to re-fetch the object in such cases)`,
        );
      await ledger.record(workspaceId, event.id, { created: event.created, status: 'stale' });
      return result('stale', {}, warnings);
    }
  }

  const settings = await store.workspace(workspaceId);
  const timeZone = settings.timeZone;
  const state = await loadStripeState(store, workspaceId);
  const catalog = state.catalog;
  const rows: Partial<Record<ImportKind, number>> = {};
  let catalogChanged = false;
  const upsert = async <K extends ImportKind>(kind: K, batch: RowOfKind[K][]): Promise<void> => {
    if (batch.length === 0) return;
    await store.upsert(workspaceId, kind, batch);
    rows[kind] = (rows[kind] ?? 0) + batch.length;
  };

  let handled: boolean;
  try {
    handled = await (async (): Promise<boolean> => {
      switch (kind) {
        case 'customer': {
          if (event.type === 'customer.deleted') return true; // history stays
          const row = mapCustomer(customerPayload(object), { timeZone });
          if (row !== null) await upsert('customers', [row]);
          return true;
        }
        case 'subscription': {
          let sub = subscriptionPayload(object);
          const unknownDiscount = [
            ...sub.discounts,
            ...sub.items.data.flatMap((i) => i.discounts),
          ].some((d) => typeof d === 'string' && catalog.discounts[d] === undefined);
          if (unknownDiscount && options.stripe && refetched === undefined) {
            sub = subscriptionPayload(
              await options.stripe.subscriptions.retrieve(sub.id, {
                expand: ['discounts', 'items.data.discounts'],
              }),
            );
          }
          rememberDiscounts(catalog, sub);
          catalogChanged = true;
          const mapped = mapSubscription(sub, { timeZone, catalog, observedAt: event.created });
          warnings.push(...mapped.warnings);
          const existing = await store.readRowsByKeyPrefix(
            workspaceId,
            'subscriptions',
            `${sub.id}/`,
          );
          const stale = supersededRows(
            sub,
            mapped.rows,
            existing,
            dayOf(event.created, timeZone),
            timeZone,
          );
          await upsert('subscriptions', [...mapped.rows, ...stale]);
          return true;
        }
        case 'invoice': {
          const invoice = invoicePayload(object);
          let lines = invoice.lines.data;
          if (invoice.lines.has_more) {
            if (options.stripe) {
              lines = [];
              for await (const line of options.stripe.invoices.listLineItems(invoice.id, {
                limit: 100,
              }))
                lines.push(line);
            } else {
              warnings.push(
                `invoice ${invoice.id}: only the ${lines.length} lines in the event were read`,
              );
            }
          }
          const mapped = mapInvoice(invoice, lines, { timeZone, catalog });
          warnings.push(...mapped.warnings);
          await upsert('invoices', mapped.rows);
          return true;
        }
        case 'credit_note': {
          const note = creditNotePayload(object);
          for (const id of creditNoteRefundIds(note)) catalog.creditNoteRefunds[id] = true;
          catalogChanged = true;
          const mapped = mapCreditNote(note, note.lines.data, { timeZone });
          warnings.push(...mapped.warnings);
          await upsert('invoices', mapped.rows);
          return true;
        }
        case 'refund': {
          const refund = checkedPayload<Stripe.Refund>(object, 'refund', [
            'amount',
            'currency',
            'created',
          ]);
          const mapped = mapRefund(refund, { timeZone, catalog });
          warnings.push(...mapped.warnings);
          await upsert('invoices', mapped.rows);
          return true;
        }
        case 'charge': {
          const charge = checkedPayload<Stripe.Charge>(object, 'charge', []);
          const refunds = (charge.refunds?.data ?? []).map((r) =>
            checkedPayload<Stripe.Refund>(r, 'refund', ['amount', 'currency', 'created']),
          );
          for (const refund of refunds) {
            const mapped = mapRefund(refund, { timeZone, catalog });
            warnings.push(...mapped.warnings);
            await upsert('invoices', mapped.rows);
          }
          return refunds.length > 0;
        }
        case 'product':
          addProduct(catalog, checkedPayload<Stripe.Product>(object, 'product', []));
          catalogChanged = true;
          return true;
        case 'price':
          addPrice(catalog, pricePayload(object));
          catalogChanged = true;
          return true;
        case 'coupon':
          addCoupon(catalog, couponPayload(object));
          catalogChanged = true;
          return true;
        case 'discount':
          addDiscount(catalog, discountPayload(object));
          catalogChanged = true;
          return true;
        default:
          return false;
      }
    })();
  } catch (error) {
    // A payload no API version explains (StripePayloadError, or a shape the mappers trip
    // on): refused with the reason and recorded; the event stays unprocessed.
    if (!(error instanceof StripePayloadError) && !(error instanceof TypeError)) throw error;
    const reason = `${event.type} ${event.id}: ${error.message}`;
    await ledger.reject(workspaceId, event.id, {
      type: event.type,
      created: event.created,
      reason,
      at: new Date().toISOString(),
    });
    throw new StripePayloadError(reason);
  }

  if (catalogChanged) await saveStripeState(store, workspaceId, state);
  await ledger.record(
    workspaceId,
    event.id,
    { created: event.created, status: handled ? 'applied' : 'ignored' },
    objectId === null ? undefined : { objectId, version: versionOf(snapshot, refetched) },
  );
  return result(handled ? 'applied' : 'ignored', rows, warnings);
}
