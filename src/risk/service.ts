import { formatMoney } from '../model/money.ts';
import { INTERVAL_CODES, OPEN_END, type Store } from '../store/store.ts';
import { queryCustomerMovements, workspaceToday } from '../metrics/query.ts';
import { LATE_DAYS, type RiskData } from './features.ts';
import { trainAndScore, type RiskOptions, type RiskReport } from './model.ts';
import { MS_PER_DAY } from '../model/day.ts';

/** Reads the workspace's history and scores today's paying customers for churn risk. */
export async function scoreChurnRisk(
  store: Store,
  workspaceId: string,
  now: Date = new Date(),
  options: RiskOptions = {},
): Promise<RiskReport & { currency: string }> {
  const today = await workspaceToday(store, workspaceId, now);
  // The movements and each customer's MRR on any day, from one computation.
  const movementData = await queryCustomerMovements(store, {
    workspaceId,
    metrics: ['mrr'],
    now,
  });
  // Subscriptions as the engine's columns: a million customers' rows as objects are GiBs.
  const [inputs, events, tickets, surveys, invoices] = await Promise.all([
    store.readMrrInputs(workspaceId),
    store.readRows(workspaceId, 'events'),
    store.readRows(workspaceId, 'tickets'),
    store.readRows(workspaceId, 'surveys'),
    store.readRows(workspaceId, 'invoices'),
  ]);
  const currency = movementData.series.currency;
  const day = (ms: number) => Math.floor(ms / MS_PER_DAY);
  const book = movementData.customers;
  const rows = inputs.subscriptions;
  const data: RiskData = {
    movements: movementData.movements,
    mrrOn: (customerId, d) => {
      const c = book.indexOf(customerId);
      return c < 0 ? 0 : book.mrrOn(c, d);
    },
    subscriptions: Array.from({ length: rows.length }, (_, i) => ({
      customerId: inputs.customerIds[rows.customer[i]!]!,
      start: rows.start[i]!,
      end: rows.end[i] === OPEN_END ? null : rows.end[i]!,
      quantity: rows.quantity[i]!,
      annual: rows.interval[i] === INTERVAL_CODES.year,
    })),
    events: events.map((e) => ({
      customerId: e.customer_id,
      userId: e.user_id,
      day: day(e.occurred_at),
    })),
    tickets: tickets.flatMap((t) =>
      t.customer_id ? [{ customerId: t.customer_id, day: day(t.created_at) }] : [],
    ),
    nps: surveys.flatMap((s) =>
      s.kind === 'nps' && s.customer_id
        ? [{ customerId: s.customer_id, day: day(s.submitted_at), score: s.score }]
        : [],
    ),
    invoices: invoices
      .filter((i) => i.status !== 'void' && i.status !== 'refunded')
      .map((i) => ({
        customerId: i.customer_id,
        issued: i.issued_at,
        // Judged as of the snapshot: an invoice paid late after the snapshot was still unpaid then.
        failed: (asOf: number) =>
          asOf - i.issued_at > LATE_DAYS &&
          (i.status === 'uncollectible' ||
            i.paid_at === null ||
            i.paid_at > i.issued_at + LATE_DAYS),
      })),
  };
  return {
    ...trainAndScore(data, today, { formatMoney: (m) => formatMoney(m, currency), ...options }),
    currency,
  };
}
