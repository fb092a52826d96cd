import { MOVEMENT_KINDS, type CustomerMovement, type MovementKind } from '../metrics/query.ts';

/** Metrics whose change between two periods is a sum of per-customer movements. */
export const DECOMPOSABLE_METRICS = ['mrr', 'arr', 'customers'] as const;
export type DecomposableMetric = (typeof DECOMPOSABLE_METRICS)[number];

export function isDecomposable(metric: string): metric is DecomposableMetric {
  return (DECOMPOSABLE_METRICS as readonly string[]).includes(metric);
}

/** `fx` for money (exchange rates move MRR without a movement); `other` for counts. */
export type Component = MovementKind | 'fx' | 'other';

export interface DecomposeInput {
  readonly metric: DecomposableMetric;
  /** Metric value at the end of the base period and of the compared period (integers: minor units or counts). */
  readonly startValue: number;
  readonly endValue: number;
  /** Movements dated after the base period and up to the end of the compared one. */
  readonly movements: readonly CustomerMovement[];
  /**
   * Per dimension, the change each of its values carries, from the same breakdown as
   * `northstar metrics --by` (for MRR and ARR: the values' net movements, FX left out).
   */
  readonly segments: readonly SegmentTotals[];
  readonly topCustomers?: number;
}

export interface SegmentTotals {
  readonly dimension: string;
  readonly totals: ReadonlyMap<string, number>;
}

export interface SegmentRow {
  readonly value: string;
  readonly amount: number;
}

export interface CustomerContribution {
  readonly customerId: string;
  readonly amount: number;
  readonly types: readonly MovementKind[];
}

export interface Decomposition {
  readonly metric: DecomposableMetric;
  readonly startValue: number;
  readonly endValue: number;
  readonly change: number;
  /** change ÷ startValue; null when the start is 0. */
  readonly changeRate: number | null;
  /** Every component in a fixed order; the amounts add up exactly to `change`. */
  readonly byType: readonly { readonly type: Component; readonly amount: number }[];
  /** Sum of the positive movement contributions and of the negative ones. */
  readonly gained: number;
  readonly lost: number;
  /** Per dimension, rows whose amounts (with the residual row) add up exactly to `change`. */
  readonly bySegment: readonly {
    readonly dimension: string;
    readonly rows: readonly SegmentRow[];
  }[];
  readonly topCustomers: readonly CustomerContribution[];
}

/** Label of the change no segment carries (exchange rates for money). */
export const RESIDUAL_SEGMENT = '(not by customer)';

const SIGN: Readonly<Record<MovementKind, 1 | -1>> = {
  new: 1,
  expansion: 1,
  reactivation: 1,
  contraction: -1,
  churn: -1,
};

/** What one movement contributes to the metric's change. */
export function contribution(metric: DecomposableMetric, m: CustomerMovement): number {
  switch (metric) {
    case 'mrr':
      return SIGN[m.type] * m.amount;
    case 'arr':
      return SIGN[m.type] * m.amount * 12;
    case 'customers':
      return m.type === 'new' || m.type === 'reactivation' ? 1 : m.type === 'churn' ? -1 : 0;
  }
}

/**
 * Splits a change into movement types, segments and customers. The residual (change not
 * carried by any movement: exchange rates for money) is its own component, and the change
 * no segment value carries its own segment row, so every breakdown adds up to the cent.
 */
export function decompose(input: DecomposeInput): Decomposition {
  const change = input.endValue - input.startValue;
  const byKind = new Map<MovementKind, number>(MOVEMENT_KINDS.map((k) => [k, 0]));
  const byCustomer = new Map<string, { amount: number; types: Set<MovementKind> }>();
  let gained = 0;
  let lost = 0;
  for (const m of input.movements) {
    const c = contribution(input.metric, m);
    byKind.set(m.type, byKind.get(m.type)! + c);
    if (c > 0) gained += c;
    else lost += c;
    const entry = byCustomer.get(m.customerId) ?? { amount: 0, types: new Set<MovementKind>() };
    entry.amount += c;
    entry.types.add(m.type);
    byCustomer.set(m.customerId, entry);
  }
  const explained = gained + lost;
  const residual = change - explained;
  const residualType: Component = input.metric === 'customers' ? 'other' : 'fx';
  const byType = [
    ...MOVEMENT_KINDS.map((type) => ({ type, amount: byKind.get(type)! })),
    { type: residualType, amount: residual },
  ];

  const bySegment = input.segments.map(({ dimension, totals }) => {
    const rows: SegmentRow[] = [...totals]
      .filter(([, amount]) => amount !== 0)
      .map(([value, amount]) => ({ value, amount }));
    rows.sort((a, b) => byMagnitude(a, b) || a.value.localeCompare(b.value));
    const rest = change - rows.reduce((s, r) => s + r.amount, 0);
    if (rest !== 0) rows.push({ value: RESIDUAL_SEGMENT, amount: rest });
    return { dimension, rows };
  });

  const topCustomers = [...byCustomer]
    .map(([customerId, e]) => ({ customerId, amount: e.amount, types: [...e.types] }))
    .filter((c) => c.amount !== 0)
    .sort((a, b) => byMagnitude(a, b) || a.customerId.localeCompare(b.customerId))
    .slice(0, input.topCustomers ?? 5);

  return {
    metric: input.metric,
    startValue: input.startValue,
    endValue: input.endValue,
    change,
    changeRate: input.startValue === 0 ? null : change / input.startValue,
    byType,
    gained,
    lost,
    bySegment,
    topCustomers,
  };
}

function byMagnitude(a: { amount: number }, b: { amount: number }): number {
  return Math.abs(b.amount) - Math.abs(a.amount);
}
