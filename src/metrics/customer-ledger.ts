import type { Day } from '../model/day.ts';
import type { CustomerRow, InvoiceRow, SubscriptionRow } from '../model/kinds.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type { Store } from '../store/store.ts';
import type { MrrFacts } from '../engine/mrr.ts';
import {
  delinquencyWindows,
  linesOn,
  mrrLines,
  type DelinquencyWindow,
  type LineShare,
  type MrrLine,
} from '../engine/customer-lines.ts';
import { plansOn } from '../engine/plan-series.ts';
import { computeCustomers, computeWorkspaceVisiting } from './service.ts';

/**
 * Per-customer truth, all from the engine, read as a surface needs it: every customer's
 * standing on one day as columns (the customers list), and the whole ledger of a few
 * customers, read for them alone (a customer's page, the sources of a metric's
 * contributors). Every customer figure a surface shows comes from here, so customer lists
 * add up to the MRR metric. Nothing here holds every customer's rows as objects: at a
 * million customers that took 77 s and 6.4 GiB, and the server's default heap ran out.
 */

/** Every customer with MRR rows on one day, in the engine's customer order. */
export interface CustomerStandings {
  readonly currency: string;
  readonly customerIds: readonly string[];
  /** MRR on the day at that day's rates, reporting minor units: they add up to the MRR metric. */
  readonly mrr: Float64Array;
  /** First day the customer paid as the engine counts it, -1 if never. */
  readonly firstPaid: Int32Array;
  /** Day of the last churn movement (event mode), -1 if none. */
  readonly lastChurn: Int32Array;
  /** The plan on the day (the engine's one definition: the largest line in force). */
  readonly plans: readonly (string | null)[];
}

/** Every customer's standing on `day`, from one sharded computation of the workspace. */
export async function customerStandings(
  store: Store,
  workspaceId: string,
  day: Day,
): Promise<CustomerStandings> {
  const plans: (string | null)[] = [];
  const mrr = await computeWorkspaceVisiting(
    store,
    { workspaceId, interval: 'month', mode: 'event', to: day },
    (inputs) => {
      for (const plan of plansOn(inputs, day)) plans.push(plan);
    },
  );
  const book = mrr.customers;
  const count = mrr.customerIds.length;
  const values = new Float64Array(count);
  const firstPaid = new Int32Array(count);
  const lastChurn = new Int32Array(count);
  for (let c = 0; c < count; c++) {
    values[c] = book.mrrOn(c, day);
    firstPaid[c] = book.firstPaidDay(c) ?? -1;
    lastChurn[c] = book.lastChurnDay(c) ?? -1;
  }
  return {
    currency: mrr.currency,
    customerIds: mrr.customerIds,
    mrr: values,
    firstPaid,
    lastChurn,
    plans,
  };
}

/** The rows behind some customers' MRR, by customer id. */
export interface CustomerSources {
  readonly subscriptions: ReadonlyMap<string, readonly SubscriptionRow[]>;
  /** The rows that count as MRR. */
  readonly lines: ReadonlyMap<string, readonly MrrLine[]>;
  /** Late invoices that stop MRR under the delinquency rule. */
  readonly late: ReadonlyMap<string, readonly DelinquencyWindow[]>;
}

/** Customers per read of their rows: an `IN` list of this many ids stays a short statement. */
const IDS_PER_READ = 2_000;

/** The rows of these customers (and of no other), read a batch of ids at a time. */
export async function customerSources(
  store: Store,
  workspaceId: string,
  settings: WorkspaceSettings,
  customerIds: readonly string[],
): Promise<CustomerSources> {
  const subscriptions: SubscriptionRow[] = [];
  const invoices: InvoiceRow[] = [];
  for (let i = 0; i < customerIds.length; i += IDS_PER_READ) {
    const ids = customerIds.slice(i, i + IDS_PER_READ);
    subscriptions.push(...(await store.readCustomerRows(workspaceId, 'subscriptions', ids)));
    invoices.push(...(await store.readCustomerRows(workspaceId, 'invoices', ids)));
  }
  return {
    subscriptions: groupBy(subscriptions, (s) => s.customer_id),
    lines: groupBy(mrrLines(subscriptions, invoices, settings), (l) => l.customerId),
    late: groupBy(delinquencyWindows(invoices, settings), (w) => w.customerId),
  };
}

/** Some customers' MRR facts (movements collected), their rows and the rows behind them. */
export interface CustomerLedger extends CustomerSources {
  readonly mrr: MrrFacts;
  readonly customers: ReadonlyMap<string, CustomerRow>;
}

export interface LedgerRequest {
  readonly workspaceId: string;
  readonly customerIds: readonly string[];
  /** Last day of history taken into account. */
  readonly to: Day;
}

/**
 * The ledger of these customers alone: their MRR, movements and history are those of the
 * workspace's computation (a customer's never depend on another's).
 */
export async function customerLedger(
  store: Store,
  request: LedgerRequest,
): Promise<CustomerLedger> {
  const { workspaceId, customerIds } = request;
  const settings = await store.workspace(workspaceId);
  const mrr = await computeCustomers(
    store,
    { workspaceId, interval: 'month', mode: 'event', to: request.to, collectMovements: true },
    customerIds,
  );
  const [sources, rows] = await Promise.all([
    customerSources(store, workspaceId, settings, customerIds),
    store.readCustomerRows(workspaceId, 'customers', customerIds),
  ]);
  return { mrr, customers: new Map(rows.map((c) => [c.customer_id, c])), ...sources };
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

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  }
  return map;
}
