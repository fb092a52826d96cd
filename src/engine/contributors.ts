import { MOVEMENT_TYPES, type Movement, type MovementType, type MrrFacts } from './mrr.ts';

/** One customer's part of a period's value, with the movements behind it. */
export interface Contribution {
  readonly customer: number;
  /** Minor units (or 1 per customer for a customer count). */
  readonly amount: number;
  readonly movements: readonly Movement[];
}

/** Sign of each movement type in net new MRR. */
const SIGN: Readonly<Record<MovementType, number>> = {
  new: 1,
  reactivation: 1,
  expansion: 1,
  contraction: -1,
  churned: -1,
};

/**
 * The customers behind movements of `types` in period `k`: each customer's summed
 * magnitudes (`signed`: net new MRR's signs; `count`: 1 per customer, as the customer
 * counts). The engine adds the same integers, so the contributions sum to the metric.
 * Needs facts computed with `collectMovements`.
 */
export function movementContributions(
  mrr: MrrFacts,
  k: number,
  types: readonly MovementType[],
  how: 'magnitude' | 'signed' | 'count',
): Contribution[] {
  if (mrr.movements === null) throw new Error('movement contributions need collectMovements');
  const period = mrr.periods[k]!;
  const byCustomer = new Map<number, { amount: number; movements: Movement[] }>();
  for (const m of mrr.movements) {
    if (m.day < period.start || m.day > period.end || !types.includes(m.type)) continue;
    const entry = byCustomer.get(m.customer) ?? { amount: 0, movements: [] };
    entry.amount += how === 'signed' ? SIGN[m.type] * m.amount : how === 'count' ? 0 : m.amount;
    entry.movements.push(m);
    byCustomer.set(m.customer, entry);
  }
  return [...byCustomer].map(([customer, e]) => ({
    customer,
    amount: how === 'count' ? 1 : e.amount,
    movements: e.movements,
  }));
}

/**
 * Each customer's FX impact in period `k`: the change in its MRR over the period that its
 * movements do not explain (what exchange rates alone did). Customers without any sum to
 * nothing and are left out.
 */
export function fxContributions(mrr: MrrFacts, k: number): Contribution[] {
  const net = new Map<number, number>();
  for (const c of movementContributions(mrr, k, MOVEMENT_TYPES, 'signed'))
    net.set(c.customer, c.amount);
  const period = mrr.periods[k]!;
  const out: Contribution[] = [];
  for (let c = 0; c < mrr.customerIds.length; c++) {
    const change = mrr.customers.mrrOn(c, period.end) - mrr.customers.mrrOn(c, period.start - 1);
    const fx = change - (net.get(c) ?? 0);
    if (fx !== 0) out.push({ customer: c, amount: fx, movements: [] });
  }
  return out;
}

/**
 * The customers at the end of period `k`: their MRR (`magnitude`), or 1 each (`count`),
 * counting those active at MRR 0 under the free-customers switch as the metric does.
 */
export function payingContributions(
  mrr: MrrFacts,
  k: number,
  how: 'magnitude' | 'count',
): Contribution[] {
  const end = mrr.periods[k]!.end;
  const out: Contribution[] = [];
  for (let c = 0; c < mrr.customerIds.length; c++) {
    const value = mrr.customers.mrrOn(c, end);
    if (value > 0) out.push({ customer: c, amount: how === 'count' ? 1 : value, movements: [] });
    else if (how === 'count' && mrr.customers.activeAtZero(c, end))
      out.push({ customer: c, amount: 1, movements: [] });
  }
  return out;
}
