import { formatDay } from '../model/day.ts';
import { formatMoney, toMinor } from '../model/money.ts';
import type { Store } from '../store/store.ts';
import { metricById, metricWords } from '../metrics/registry.ts';
import { formatNumberIn, translate } from '../i18n/index.ts';
import {
  metricInfo,
  queryBreakdown,
  queryCustomerMovements,
  workspaceToday,
} from '../metrics/query.ts';
import {
  decompose,
  isDecomposable,
  type DecomposableMetric,
  type Decomposition,
  type SegmentTotals,
} from './decompose.ts';
import { formatPresented } from './format.ts';
import { insightSentences, type Sentence } from './sentences.ts';

export interface InsightRequest {
  readonly metric: string;
  /** Period label (e.g. `2024-03`) to explain; default: the last complete period. */
  readonly period?: string;
  /** Period to compare with; default: the one before `period`. */
  readonly compareWith?: string;
  readonly now?: Date;
  readonly topCustomers?: number;
  /** The language and number format of the sentences and label (BCP 47; default English). */
  readonly locale?: string;
}

export interface Insight {
  readonly metric: string;
  readonly label: string;
  readonly currency: string;
  readonly fromPeriod: string;
  readonly toPeriod: string;
  /** Presented units (money in major units). */
  readonly startValue: number | null;
  readonly endValue: number | null;
  /** In minor units for money, counts otherwise; null when the metric is not a sum of movements. */
  readonly decomposition: Decomposition | null;
  readonly sentences: readonly Sentence[];
  /** Customer names for the ids in the decomposition, when the customers file has them. */
  readonly customerNames: Readonly<Record<string, string>>;
}

export class InsightError extends Error {}

/** Explains a metric's change between two periods: movement types, segments, customers, words. */
export async function explainChange(
  store: Store,
  workspaceId: string,
  request: InsightRequest,
): Promise<Insight> {
  const metric = metricInfo(request.metric);
  if (!metric) throw new InsightError(`unknown metric "${request.metric}"`);
  const now = request.now ?? new Date();
  const today = await workspaceToday(store, workspaceId, now);
  const data = await queryCustomerMovements(store, { workspaceId, metrics: [metric.id], now });
  const { periods } = data.series;
  const index = pickPeriod(periods, request.period, formatDay(today));
  const baseIndex =
    request.compareWith === undefined
      ? index - 1
      : periods.findIndex((p) => p.label === request.compareWith);
  if (baseIndex < 0 || baseIndex >= index)
    throw new InsightError(
      request.compareWith === undefined
        ? `no period before ${periods[index]!.label} to compare with`
        : `--compare ${request.compareWith} must be an earlier period with data`,
    );
  const base = periods[baseIndex]!;
  const target = periods[index]!;
  const values = data.series.values[metric.id]!;
  const startValue = values[baseIndex] ?? null;
  const endValue = values[index] ?? null;
  const currency = data.series.currency;
  const locale = request.locale ?? 'en';
  const label = metricWords(metricById(metric.id)!, {}, locale).label;

  const names: Record<string, string> = {};
  let decomposition: Decomposition | null = null;
  let sentences: Sentence[];
  if (isDecomposable(metric.id) && startValue !== null && endValue !== null) {
    const money = metric.unit === 'money';
    decomposition = decompose({
      metric: metric.id,
      startValue: money ? toMinor(startValue, currency) : startValue,
      endValue: money ? toMinor(endValue, currency) : endValue,
      movements: data.movements.filter((m) => m.date > base.end && m.date <= target.end),
      segments: await segmentTotals(store, workspaceId, metric.id, [base.label, target.label], now),
      topCustomers: request.topCustomers ?? 5,
    });
    const top = decomposition.topCustomers.map((c) => c.customerId);
    for (const c of await store.readCustomerRows(workspaceId, 'customers', top))
      if (c.name) names[c.customer_id] = c.name;
    sentences = insightSentences(decomposition, {
      metricLabel: label,
      fromPeriod: base.label,
      toPeriod: target.label,
      format: money ? (v) => formatMoney(v, currency, locale) : (v) => formatNumberIn(locale, v),
      customerName: (id) => names[id] ?? id,
      locale,
    });
  } else {
    const from = formatPresented(metric, startValue, currency, locale);
    const to = formatPresented(metric, endValue, currency, locale);
    sentences = [
      {
        text: translate(locale, 'insight.wentFrom', {
          metric: label,
          from,
          to,
          fromPeriod: base.label,
          toPeriod: target.label,
        }),
        figures: [
          { value: startValue ?? 0, text: from },
          { value: endValue ?? 0, text: to },
        ],
      },
    ];
  }
  return {
    metric: metric.id,
    label,
    currency,
    fromPeriod: base.label,
    toPeriod: target.label,
    startValue,
    endValue,
    decomposition,
    sentences,
    customerNames: names,
  };
}

/** The requested period, else the last one that has ended (the current one is partial). */
function pickPeriod(
  periods: readonly { label: string; end: string }[],
  label: string | undefined,
  today: string,
): number {
  if (periods.length === 0) throw new InsightError('no data: import subscriptions first');
  if (label !== undefined) {
    const i = periods.findIndex((p) => p.label === label);
    if (i < 0)
      throw new InsightError(
        `no period "${label}"; data covers ${periods[0]!.label} to ${periods[periods.length - 1]!.label}`,
      );
    return i;
  }
  for (let i = periods.length - 1; i >= 0; i--) if (periods[i]!.end < today) return i;
  return periods.length - 1;
}

/** The dimensions a change is split by. */
const SEGMENT_DIMENSIONS = ['plan', 'country', 'channel', 'segment'] as const;

/**
 * The change of each dimension's values between two periods, from the same breakdown as
 * `northstar metrics --by <dimension>`: MRR and ARR by the values' net new MRR (their
 * movements; exchange rates stay in the residual row), customers by their count.
 */
async function segmentTotals(
  store: Store,
  workspaceId: string,
  metric: DecomposableMetric,
  [base, target]: readonly [string, string],
  now: Date,
): Promise<SegmentTotals[]> {
  const counted = metric === 'customers';
  const measure = metricById(counted ? 'customers' : 'net_new_mrr')!;
  const scale = metric === 'arr' ? 12 : 1;
  const out: SegmentTotals[] = [];
  for (const dimension of SEGMENT_DIMENSIONS) {
    const answer = await queryBreakdown(store, {
      workspaceId,
      metrics: [measure.id],
      by: dimension,
      now,
    });
    const totals = new Map<string, number>();
    for (const { value, facts } of answer.series) {
      const { periods } = facts.mrr;
      const at = (k: number) =>
        k < 0
          ? 0
          : (measure.compute({
              facts: facts.mrr.facts,
              k,
              business: facts.business,
              settings: facts.settings,
            }) ?? 0);
      const from = periods.findIndex((p) => p.label === base);
      const to = periods.findIndex((p) => p.label === target);
      if (to < 0) continue;
      let amount = 0;
      if (counted) amount = at(to) - (from < 0 ? 0 : at(from));
      else for (let k = from + 1; k <= to; k++) amount += Math.round(at(k)) * scale;
      totals.set(value, amount);
    }
    out.push({ dimension, totals });
  }
  return out;
}
