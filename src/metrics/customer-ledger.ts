import type { Day } from '../model/day.ts';
import type { Interval } from '../model/period.ts';
import type { CustomerRow } from '../model/kinds.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type { Store } from '../store/store.ts';
import type { MovementMode, MrrFacts } from '../engine/mrr.ts';
import {
  delinquencyWindows,
  linesOn,
  mrrLines,
  type DelinquencyWindow,
  type LineShare,
  type MrrLine,
} from '../engine/customer-lines.ts';
import { PlanHistory } from '../engine/segments.ts';
import { computeWorkspace } from './service.ts';

/**
 * Per-customer truth, all from the engine: MRR on any day and the movements (`mrr`), the
 * source rows behind them (`lines`, `late`), and each customer's plan. Every customer
 * figure a surface shows comes from here, so customer lists add up to the MRR metric.
 */
export interface CustomerLedger {
  readonly settings: WorkspaceSettings;
  readonly mrr: MrrFacts;
  readonly customers: ReadonlyMap<string, CustomerRow>;
  readonly plans: PlanHistory;
  /** The rows that count as MRR, by customer id. */
  readonly lines: ReadonlyMap<string, readonly MrrLine[]>;
  /** Late invoices that stop MRR under the delinquency rule, by customer id. */
  readonly late: ReadonlyMap<string, readonly DelinquencyWindow[]>;
}

export interface LedgerRequest {
  readonly workspaceId: string;
  /** Last day of history taken into account. */
  readonly to: Day;
  readonly from?: Day | undefined;
  readonly interval?: Interval;
  readonly mode?: MovementMode;
}

export async function customerLedger(
  store: Store,
  request: LedgerRequest,
): Promise<CustomerLedger> {
  const { workspaceId } = request;
  const [settings, subscriptions, invoices, customers] = await Promise.all([
    store.workspace(workspaceId),
    store.readRows(workspaceId, 'subscriptions'),
    store.readRows(workspaceId, 'invoices'),
    store.readRows(workspaceId, 'customers'),
  ]);
  const mrr = await computeWorkspace(store, {
    workspaceId,
    interval: request.interval ?? 'month',
    mode: request.mode ?? 'event',
    from: request.from,
    to: request.to,
    collectMovements: true,
  });
  return {
    settings,
    mrr,
    customers: new Map(customers.map((c) => [c.customer_id, c])),
    plans: new PlanHistory(subscriptions),
    lines: groupByCustomer(mrrLines(subscriptions, invoices, settings)),
    late: groupByCustomer(delinquencyWindows(invoices, settings)),
  };
}

/** The lines that make up a customer's MRR on `day`; their `mrr` shares add up to it. */
export function customerLinesOn(
  ledger: CustomerLedger,
  customerId: string,
  day: Day,
): { lines: LineShare[]; delinquentInvoice: string | null } {
  const book = ledger.mrr.customers;
  return linesOn(
    ledger.lines.get(customerId) ?? [],
    ledger.late.get(customerId) ?? [],
    day,
    (currency, d) => book.factor(currency, d),
  );
}

function groupByCustomer<T extends { customerId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.customerId);
    if (list) list.push(r);
    else map.set(r.customerId, [r]);
  }
  return map;
}
