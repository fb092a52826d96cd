import Stripe from 'stripe';
import type { ImportKind, RowOfKind } from '../../model/kinds.ts';
import type { Store } from '../../store/store.ts';
import {
  addCoupon,
  addDiscount,
  addPrice,
  addProduct,
  emptyCatalog,
  type StripeCatalog,
} from './catalog.ts';
import type { EventLedger } from './ledger.ts';
import { MemoryEventLedger } from './ledger.ts';
import { mapCustomer } from './map-customers.ts';
import { creditNoteRefundIds, mapCreditNote, mapInvoice, mapRefund } from './map-invoices.ts';
import { mapSubscription, parseSubscriptionRowId, supersededRows } from './map-subscriptions.ts';
import { loadStripeState, saveStripeState } from './state.ts';
import { rememberDiscounts } from './sync.ts';
import { dayOf } from './time.ts';

/**
 * Stripe webhook handling without HTTP: verify the signature, drop repeats, drop stale
 * snapshots, map the object and upsert its rows. The HTTP layer passes the raw body (the
 * exact bytes: a re-serialized JSON fails the signature) and the `Stripe-Signature` header.
 */

export type WebhookStore = Pick<Store, 'upsert' | 'readRows' | 'workspace'>;

export interface ApplyStripeEventOptions {
  /** Defaults to a process-wide in-memory ledger; pass a FileEventLedger to survive restarts. */
  readonly ledger?: EventLedger;
  /** `<db>.stripe-sync.json`: the catalog (products, prices, coupons, discounts) to map with, kept current. */
  readonly statePath?: string;
  /** Used to fetch what a payload leaves out (invoice lines beyond the first page, unexpanded discounts). */
  readonly stripe?: Stripe;
  /** Signature tolerance in seconds (Stripe's default 300). */
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

const defaultLedger = new MemoryEventLedger();
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
  let event: Stripe.Event;
  try {
    if (signatureHeader === undefined) throw new Error('no Stripe-Signature header');
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      options.toleranceSeconds,
    );
  } catch (error) {
    throw new WebhookSignatureError(
      `Stripe webhook rejected: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const previous = queues.get(workspaceId) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(() => applyVerified(store, workspaceId, event, options));
  queues.set(workspaceId, run);
  try {
    return await run;
  } finally {
    if (queues.get(workspaceId) === run) queues.delete(workspaceId);
  }
}

async function applyVerified(
  store: WebhookStore,
  workspaceId: string,
  event: Stripe.Event,
  options: ApplyStripeEventOptions,
): Promise<ApplyStripeEventResult> {
  const ledger = options.ledger ?? defaultLedger;
  const object = event.data.object as unknown as { id?: string; object?: string };
  const objectId = typeof object.id === 'string' ? object.id : null;
  const result = (
    status: ApplyStatus,
    rows: Partial<Record<ImportKind, number>> = {},
    warnings: string[] = [],
  ) => ({
    status,
    eventId: event.id,
    type: event.type,
    rows,
    warnings,
  });
  if (await ledger.has(workspaceId, event.id)) return result('duplicate');
  if (objectId !== null) {
    const version = await ledger.objectVersion(workspaceId, objectId);
    if (version !== null && event.created < version) {
      await ledger.record(workspaceId, event.id, null, event.created);
      return result('stale');
    }
  }

  const settings = await store.workspace(workspaceId);
  const timeZone = settings.timeZone;
  const state =
    options.statePath === undefined ? null : await loadStripeState(options.statePath, workspaceId);
  const catalog: StripeCatalog = state?.catalog ?? emptyCatalog();
  const warnings: string[] = [];
  const rows: Partial<Record<ImportKind, number>> = {};
  let catalogChanged = false;
  const upsert = async <K extends ImportKind>(kind: K, batch: RowOfKind[K][]): Promise<void> => {
    if (batch.length === 0) return;
    await store.upsert(workspaceId, kind, batch);
    rows[kind] = (rows[kind] ?? 0) + batch.length;
  };

  const handled = await (async (): Promise<boolean> => {
    switch (object.object) {
      case 'customer': {
        if (event.type === 'customer.deleted') return true; // history stays
        const row = mapCustomer(object as unknown as Stripe.Customer, { timeZone });
        if (row !== null) await upsert('customers', [row]);
        return true;
      }
      case 'subscription': {
        let sub = object as unknown as Stripe.Subscription;
        const unknownDiscount = [
          ...sub.discounts,
          ...sub.items.data.flatMap((i) => i.discounts),
        ].some((d) => typeof d === 'string' && catalog.discounts[d] === undefined);
        if (unknownDiscount && options.stripe) {
          sub = await options.stripe.subscriptions.retrieve(sub.id, {
            expand: ['discounts', 'items.data.discounts'],
          });
        }
        rememberDiscounts(catalog, sub);
        const mapped = mapSubscription(sub, { timeZone, catalog, observedAt: event.created });
        warnings.push(...mapped.warnings);
        const existing = (await store.readRows(workspaceId, 'subscriptions')).filter(
          (r) => parseSubscriptionRowId(r.subscription_id)?.subscriptionId === sub.id,
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
        const invoice = object as unknown as Stripe.Invoice;
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
        const note = object as unknown as Stripe.CreditNote;
        for (const id of creditNoteRefundIds(note)) catalog.creditNoteRefunds[id] = true;
        catalogChanged = true;
        const mapped = mapCreditNote(note, note.lines.data, { timeZone });
        warnings.push(...mapped.warnings);
        await upsert('invoices', mapped.rows);
        return true;
      }
      case 'refund': {
        const mapped = mapRefund(object as unknown as Stripe.Refund, { timeZone, catalog });
        warnings.push(...mapped.warnings);
        await upsert('invoices', mapped.rows);
        return true;
      }
      case 'charge': {
        const refunds = (object as unknown as Stripe.Charge).refunds?.data ?? [];
        for (const refund of refunds) {
          const mapped = mapRefund(refund, { timeZone, catalog });
          warnings.push(...mapped.warnings);
          await upsert('invoices', mapped.rows);
        }
        return refunds.length > 0;
      }
      case 'product':
        addProduct(catalog, object as unknown as Stripe.Product);
        catalogChanged = true;
        return true;
      case 'price':
        addPrice(catalog, object as unknown as Stripe.Price);
        catalogChanged = true;
        return true;
      case 'coupon':
        addCoupon(catalog, object as unknown as Stripe.Coupon);
        catalogChanged = true;
        return true;
      case 'discount':
        addDiscount(catalog, object as unknown as Stripe.Discount);
        catalogChanged = true;
        return true;
      default:
        return false;
    }
  })();

  if (
    state !== null &&
    options.statePath !== undefined &&
    (catalogChanged || object.object === 'subscription')
  ) {
    await saveStripeState(options.statePath, workspaceId, state);
  }
  // Recorded only once the rows are stored: a crash before this makes Stripe's retry re-apply.
  await ledger.record(workspaceId, event.id, objectId, event.created);
  return result(handled ? 'applied' : 'ignored', rows, warnings);
}
