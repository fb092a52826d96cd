import { formatDay, parseIsoDay, type Day } from '../model/day.ts';
import { DataError } from '../model/errors.ts';
import { toMajor } from '../model/money.ts';
import type { Interval } from '../model/period.ts';
import { definitionSwitches } from '../model/workspace.ts';
import type { Store } from '../store/store.ts';
import {
  fxContributions,
  movementContributions,
  payingContributions,
  type Contribution,
} from '../engine/contributors.ts';
import { sourcesBetween } from '../engine/customer-lines.ts';
import type { MovementMode, MovementType, MrrFacts } from '../engine/mrr.ts';
import { customerSources } from './customer-ledger.ts';
import { computeWorkspace } from './service.ts';
import { attributeLookup } from '../engine/segments.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import { metricById } from './registry.ts';
import { CONTRIBUTOR_METRICS } from './contributor-metrics.ts';

export { CONTRIBUTOR_METRICS };

/**
 * Drill-down: the customers behind a metric's value in one period, each with its amount,
 * its movements and the source rows (subscription or invoice ids) that caused them. The
 * amounts add up to the metric's value exactly (same integers, same engine run).
 */
export interface ContributorsReport {
  metric: string;
  period: string;
  start: string;
  end: string;
  currency: string;
  /** `money` amounts are major units of `currency`; `count` amounts are 1 per customer. */
  unit: 'money' | 'count';
  /** The metric's value, as `northstar metrics` reports it. */
  value: number;
  contributors: ContributorRecord[];
}

export interface ContributorRecord {
  customer_id: string;
  name: string | null;
  amount: number;
  movements: {
    date: string;
    type: MovementType;
    amount: number;
    mrr_before: number;
    mrr_after: number;
    /** The rows whose start or end (or, for a late invoice, lateness) changed the MRR. */
    sources: SourceRow[];
  }[];
  /** Every movement's sources together. */
  sources: SourceRow[];
}

export interface SourceRow {
  source: 'subscription' | 'invoice';
  id: string;
}

export interface ContributorsRequest {
  readonly workspaceId: string;
  readonly metric: string;
  /** A period label (`2026-11`, `2026-Q4`, `2026-W45`, `2026`, a day) or any day in it. */
  readonly period: string;
  readonly interval: Interval;
  readonly mode: MovementMode;
  /** Last day of history taken into account (usually today). */
  readonly to: Day;
}

export async function metricContributors(
  store: Store,
  request: ContributorsRequest,
): Promise<ContributorsReport> {
  const metric = metricById(request.metric);
  if (!metric || !(CONTRIBUTOR_METRICS as readonly string[]).includes(metric.id))
    throw new DataError(
      `no drill-down for metric "${request.metric}"; metrics with contributors: ${CONTRIBUTOR_METRICS.join(', ')}`,
    );
  const settings = await store.workspace(request.workspaceId);
  const mrr = await computeWorkspace(store, {
    workspaceId: request.workspaceId,
    to: request.to,
    interval: request.interval,
    mode: request.mode,
    collectMovements: true,
  });
  const k = periodIndex(mrr, request.period);
  const period = mrr.periods[k]!;
  const contributions = contributionsOf(mrr, settings, metric.id, k);
  const unit = metric.id.endsWith('customers') ? 'count' : 'money';
  const present = (minor: number) => (unit === 'count' ? minor : toMajor(minor, mrr.currency));
  const value = metric.compute({ facts: mrr.facts, k, settings }) ?? 0;
  // The rows behind the movements: only the customers that moved are read.
  const moved = new Set(
    contributions.filter((c) => c.movements.length > 0).map((c) => mrr.customerIds[c.customer]!),
  );
  const sources = await customerSources(store, request.workspaceId, settings, [...moved]);
  const nameOf = attributeLookup(await store.readCustomerAttributes(request.workspaceId, ['name']));
  const records = contributions.map((c): ContributorRecord => {
    const id = mrr.customerIds[c.customer]!;
    const lines = sources.lines.get(id) ?? [];
    const late = sources.late.get(id) ?? [];
    return {
      customer_id: id,
      name: nameOf(id, 'name'),
      amount: present(c.amount),
      movements: c.movements.map((m) => ({
        date: formatDay(m.day),
        type: m.type,
        amount: toMajor(m.amount, mrr.currency),
        mrr_before: toMajor(m.before, mrr.currency),
        mrr_after: toMajor(m.after, mrr.currency),
        // A snapshot movement compares period ends: whatever changed within the period caused it.
        sources: sourcesBetween(
          lines,
          late,
          mrr.mode === 'snapshot' ? period.start - 1 : m.day - 1,
          m.day,
        ),
      })),
      sources: [],
    };
  });
  records.sort(
    (a, b) => Math.abs(b.amount) - Math.abs(a.amount) || cmp(a.customer_id, b.customer_id),
  );
  for (const r of records) r.sources = uniqueSources(r.movements.flatMap((m) => m.sources));
  return {
    metric: metric.id,
    period: period.label,
    start: formatDay(period.start),
    end: formatDay(period.end),
    currency: mrr.currency,
    unit,
    value: present(value),
    contributors: records,
  };
}

/** The movement types a metric sums, under the workspace's reactivation treatment. */
function contributionsOf(
  mrr: MrrFacts,
  settings: WorkspaceSettings,
  id: string,
  k: number,
): Contribution[] {
  const reactivation = definitionSwitches(settings).reactivation;
  const withReactivation = (type: MovementType, folded: boolean): MovementType[] =>
    folded ? [type, 'reactivation'] : [type];
  switch (id) {
    case 'mrr':
      return payingContributions(mrr, k, 'magnitude');
    case 'customers':
      return payingContributions(mrr, k, 'count');
    case 'fx_impact_mrr':
      return fxContributions(mrr, k);
    case 'net_new_mrr':
      return movementContributions(
        mrr,
        k,
        ['new', 'expansion', 'contraction', 'churned', 'reactivation'],
        'signed',
      );
    case 'new_mrr':
      return movementContributions(
        mrr,
        k,
        withReactivation('new', reactivation === 'new'),
        'magnitude',
      );
    case 'expansion_mrr':
      return movementContributions(
        mrr,
        k,
        withReactivation('expansion', reactivation === 'expansion'),
        'magnitude',
      );
    case 'reactivation_mrr':
      return reactivation === 'own'
        ? movementContributions(mrr, k, ['reactivation'], 'magnitude')
        : [];
    case 'contraction_mrr':
      return movementContributions(mrr, k, ['contraction'], 'magnitude');
    case 'churned_mrr':
      return movementContributions(mrr, k, ['churned'], 'magnitude');
    case 'new_customers':
      return distinctCustomers(mrr, k, withReactivation('new', reactivation === 'new'));
    case 'reactivated_customers':
      return reactivation === 'own' ? distinctCustomers(mrr, k, ['reactivation']) : [];
    default:
      return distinctCustomers(mrr, k, ['churned']);
  }
}

/**
 * A customer count adds the distinct customers of each type (a customer both new and
 * reactivated in a period counts twice, as the engine counts it): one contribution per
 * customer and type.
 */
function distinctCustomers(mrr: MrrFacts, k: number, types: readonly MovementType[]) {
  return types.flatMap((type) => movementContributions(mrr, k, [type], 'count'));
}

/** The period of `mrr` whose label is `text`, or that contains the day `text`. */
function periodIndex(mrr: MrrFacts, text: string): number {
  const byLabel = mrr.periods.findIndex((p) => p.label === text);
  if (byLabel >= 0) return byLabel;
  const day = parseIsoDay(text);
  const byDay = day === null ? -1 : mrr.periods.findIndex((p) => p.start <= day && day <= p.end);
  if (byDay >= 0) return byDay;
  const first = mrr.periods[0]?.label;
  const last = mrr.periods.at(-1)?.label;
  throw new DataError(
    `period "${text}" is not a ${mrr.interval} of the data${first ? ` (${first} to ${last})` : ''}`,
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function uniqueSources(sources: readonly SourceRow[]): SourceRow[] {
  const seen = new Map(sources.map((s) => [`${s.source}:${s.id}`, s]));
  return [...seen.values()];
}
