import { setTimeout as sleepMs } from 'node:timers/promises';
import type Stripe from 'stripe';
import type { StripeCatalog } from './catalog.ts';
import type { Day } from '../../model/day.ts';
import type { ImportKind, RowOfKind, SubscriptionRow } from '../../model/kinds.ts';
import type { Store } from '../../store/store.ts';
import { addCoupon, addDiscount, addPrice, addProduct } from './catalog.ts';
import { explainStripeError, isRetryable, retryAfterSeconds } from './errors.ts';
import { mapCustomer } from './map-customers.ts';
import { creditNoteRefundIds, mapCreditNote, mapInvoice, mapRefund } from './map-invoices.ts';
import { mapSubscription, parseSubscriptionRowId, supersededRows } from './map-subscriptions.ts';
import type { Stage, WorkspaceStripeState } from './state.ts';
import { STAGES, loadStripeState, saveStripeState } from './state.ts';
import { dayOf } from './time.ts';

/**
 * Pulls a Stripe account into a workspace: catalog first (products, prices, coupons: the
 * lookups mapping needs), then customers, subscriptions, invoices, credit notes and refunds.
 * Every page is upserted (atomic, by key) and then checkpointed in the store, so an
 * interrupted sync resumes after the last page written; replaying a page would only rewrite the same keys.
 */

/** The part of the store the sync uses. */
export type SyncStore = Pick<Store, 'upsert' | 'readRows' | 'getDocument' | 'putDocument'>;

export interface SyncProgress {
  readonly stage: Stage;
  /** Objects read in this stage so far (including a resumed run's earlier pages). */
  readonly objects: number;
  readonly done: boolean;
}

export interface StripeSyncOptions {
  readonly stripe: Stripe;
  readonly store: SyncStore;
  readonly workspaceId: string;
  readonly timeZone: string;
  /** Only objects created on or after this instant (Unix seconds); subscriptions are always read whole. */
  readonly since?: number | null;
  readonly pageSize?: number;
  /** Our own attempts per page beyond the SDK's network retries (rate limits above all). */
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly onProgress?: (progress: SyncProgress) => void;
  readonly onWarning?: (message: string) => void;
  /** Injected for tests; the real one waits. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** "Today" for dating changes the sync observes (items removed); defaults to now. */
  readonly now?: () => number;
}

export interface StripeSyncResult {
  readonly resumed: boolean;
  readonly objects: Readonly<Record<Stage, number>>;
  readonly rows: Readonly<Partial<Record<ImportKind, number>>>;
  readonly warnings: number;
}

interface Listed {
  id: string;
}

type Lister = (params: { limit: number; starting_after?: string }) => AsyncIterable<Listed>;

export async function syncStripe(options: StripeSyncOptions): Promise<StripeSyncResult> {
  const { stripe, store, workspaceId, timeZone } = options;
  const pageSize = options.pageSize ?? 100;
  const retries = options.retries ?? 5;
  const baseDelay = options.baseDelayMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => sleepMs(ms).then(() => undefined));
  const now = options.now ?? Date.now;
  const since = options.since ?? null;
  const warn = (message: string): void => {
    warnings++;
    options.onWarning?.(message);
  };
  let warnings = 0;

  const state: WorkspaceStripeState = await loadStripeState(store, workspaceId);
  const resumable = state.checkpoint !== null && state.checkpoint.since === since;
  const resumed =
    resumable && (state.checkpoint!.done.length > 0 || state.checkpoint!.cursor !== null);
  if (!resumable) {
    state.checkpoint = { startedAt: new Date(now()).toISOString(), since, done: [], cursor: null };
  }
  const checkpoint = state.checkpoint!;
  const catalog = state.catalog;
  const objects = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const rows: Partial<Record<ImportKind, number>> = {};
  const save = (): Promise<void> => saveStripeState(store, workspaceId, state);

  const upsert = async <K extends ImportKind>(kind: K, batch: RowOfKind[K][]): Promise<void> => {
    if (batch.length === 0) return;
    await store.upsert(workspaceId, kind, batch);
    rows[kind] = (rows[kind] ?? 0) + batch.length;
  };
  const created = since === null ? {} : { created: { gte: since } };
  const today: Day = dayOf(Math.floor(now() / 1000), timeZone);
  let existingSubscriptionRows: Map<string, SubscriptionRow[]> | null = null;

  const handlers: Record<Stage, { list: Lister; handle: (items: Listed[]) => Promise<void> }> = {
    products: {
      list: (p) => stripe.products.list(p),
      handle: async (items) => {
        for (const product of items as Stripe.Product[]) addProduct(catalog, product);
      },
    },
    prices: {
      list: (p) => stripe.prices.list({ ...p, expand: ['data.tiers'] }),
      handle: async (items) => {
        for (const price of items as Stripe.Price[]) addPrice(catalog, price);
      },
    },
    coupons: {
      list: (p) => stripe.coupons.list(p),
      handle: async (items) => {
        for (const coupon of items as Stripe.Coupon[]) addCoupon(catalog, coupon);
      },
    },
    customers: {
      list: (p) => stripe.customers.list({ ...p, ...created }),
      handle: async (items) => {
        const mapped = (items as Stripe.Customer[])
          .map((c) => mapCustomer(c, { timeZone }))
          .filter((c) => c !== null);
        await upsert('customers', mapped);
      },
    },
    subscriptions: {
      list: (p) =>
        stripe.subscriptions.list({
          ...p,
          status: 'all',
          expand: ['data.discounts', 'data.items.data.discounts'],
        }),
      handle: async (items) => {
        existingSubscriptionRows ??= groupBySubscription(
          await store.readRows(workspaceId, 'subscriptions'),
        );
        const batch: SubscriptionRow[] = [];
        for (const sub of items as Stripe.Subscription[]) {
          rememberDiscounts(catalog, sub);
          const result = mapSubscription(sub, {
            timeZone,
            catalog,
            observedAt: Math.floor(now() / 1000),
          });
          result.warnings.forEach(warn);
          if (sub.items.has_more)
            warn(
              `subscription ${sub.id} has more than ${sub.items.data.length} items; only those were read`,
            );
          batch.push(...result.rows);
          const stale = supersededRows(
            sub,
            result.rows,
            existingSubscriptionRows.get(sub.id) ?? [],
            today,
            timeZone,
          );
          batch.push(...stale);
        }
        await upsert('subscriptions', batch);
      },
    },
    invoices: {
      list: (p) => stripe.invoices.list({ ...p, ...created }),
      handle: async (items) => {
        const batch: RowOfKind['invoices'][] = [];
        for (const invoice of items as Stripe.Invoice[]) {
          const lines = invoice.lines.has_more
            ? await collect(stripe.invoices.listLineItems(invoice.id, { limit: 100 }))
            : invoice.lines.data;
          const result = mapInvoice(invoice, lines, { timeZone, catalog });
          result.warnings.forEach(warn);
          batch.push(...result.rows);
        }
        await upsert('invoices', batch);
      },
    },
    credit_notes: {
      list: (p) => stripe.creditNotes.list({ ...p, ...created }),
      handle: async (items) => {
        const batch: RowOfKind['invoices'][] = [];
        for (const note of items as Stripe.CreditNote[]) {
          const lines = note.lines.has_more
            ? await collect(stripe.creditNotes.listLineItems(note.id, { limit: 100 }))
            : note.lines.data;
          const result = mapCreditNote(note, lines, { timeZone });
          result.warnings.forEach(warn);
          batch.push(...result.rows);
          for (const id of creditNoteRefundIds(note)) catalog.creditNoteRefunds[id] = true;
        }
        await upsert('invoices', batch);
      },
    },
    refunds: {
      list: (p) => stripe.refunds.list({ ...p, ...created }),
      handle: async (items) => {
        const batch: RowOfKind['invoices'][] = [];
        for (const refund of items as Stripe.Refund[]) {
          const result = mapRefund(refund, { timeZone, catalog });
          result.warnings.forEach(warn);
          batch.push(...result.rows);
        }
        await upsert('invoices', batch);
      },
    },
  };

  for (const stage of STAGES) {
    if (checkpoint.done.includes(stage)) continue;
    const { list, handle } = handlers[stage];
    let after = checkpoint.cursor?.stage === stage ? checkpoint.cursor.after : undefined;
    let failures = 0;
    for (;;) {
      let batch: Listed[] = [];
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        await handle(batch);
        objects[stage] += batch.length;
        after = batch[batch.length - 1]!.id;
        checkpoint.cursor = { stage, after };
        batch = [];
        // The page is in the store before the checkpoint says so: a crash in between replays it.
        await save();
        options.onProgress?.({ stage, objects: objects[stage], done: false });
      };
      try {
        const params =
          after === undefined ? { limit: pageSize } : { limit: pageSize, starting_after: after };
        for await (const item of list(params)) {
          batch.push(item);
          if (batch.length >= pageSize) {
            await flush();
            failures = 0;
          }
        }
        await flush();
        break;
      } catch (error) {
        // Keep what was read before the failure; the next attempt starts after it.
        await flush();
        if (!isRetryable(error) || failures >= retries) throw explainStripeError(error, stage);
        failures++;
        const wait = retryAfterSeconds(error);
        await sleep(
          wait !== null ? wait * 1000 : baseDelay * 2 ** (failures - 1) * (0.5 + Math.random()),
        );
      }
    }
    checkpoint.done.push(stage);
    checkpoint.cursor = null;
    await save();
    options.onProgress?.({ stage, objects: objects[stage], done: true });
  }

  state.checkpoint = null;
  state.lastCompletedAt = new Date(now()).toISOString();
  await save();
  return { resumed, objects, rows, warnings };
}

/** Webhooks name discounts by id; the expanded ones a sync reads tell what they are. */
export function rememberDiscounts(catalog: StripeCatalog, sub: Stripe.Subscription): void {
  const all = [...(sub.discounts ?? []), ...sub.items.data.flatMap((i) => i.discounts ?? [])];
  for (const d of all) if (typeof d !== 'string') addDiscount(catalog, d);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function groupBySubscription(rows: readonly SubscriptionRow[]): Map<string, SubscriptionRow[]> {
  const groups = new Map<string, SubscriptionRow[]>();
  for (const row of rows) {
    const ids = parseSubscriptionRowId(row.subscription_id);
    if (ids === null) continue;
    let group = groups.get(ids.subscriptionId);
    if (group === undefined) groups.set(ids.subscriptionId, (group = []));
    group.push(row);
  }
  return groups;
}
