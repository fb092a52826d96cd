import type { Day } from '../model/day.ts';
import { NONE } from '../model/segment-value.ts';
import {
  FOLLOWS_CUSTOMER_PLAN,
  OPEN_END,
  type MrrInputs,
  type SubscriptionColumns,
} from '../store/store.ts';
import { filterRows } from './filter-inputs.ts';
import { monthlyAmount } from './normalize.ts';

/**
 * Plans on the engine's columns (inputs read `withPlans`), without a row object: each row's
 * plan is a code into `plans`. A `--by plan` series is the rows of one code valued on top
 * of the rows of the codes before it; a segment of plans keeps the rows of its codes. A
 * customer's plan on a day follows the rule of PlanHistory (./segments.ts), here over the
 * customer's subscription columns. The tests hold these to the same built from rows
 * (test/fixtures/engine/plan-series-rows.ts).
 */

/** Inputs read with `withPlans`: the plan columns are there. */
export type InputsWithPlans = MrrInputs & { readonly plans: readonly string[] };

export function hasPlans(inputs: MrrInputs): inputs is InputsWithPlans {
  return inputs.plans !== undefined && inputs.subscriptions.plan !== undefined;
}

/**
 * Where each customer's subscription rows begin: rows `first[c]` up to `first[c + 1]` are
 * customer c's (the columns are grouped by customer).
 */
function customerRows(inputs: MrrInputs): Int32Array {
  const first = new Int32Array(inputs.customerIds.length + 1);
  const { customer, length } = inputs.subscriptions;
  for (let row = 0; row < length; row++) first[customer[row]! + 1]!++;
  for (let c = 0; c < inputs.customerIds.length; c++) first[c + 1]! += first[c]!;
  return first;
}

const rowMonthly = (s: SubscriptionColumns, row: number) =>
  monthlyAmount(
    s.amount[row]!,
    s.interval[row]!,
    s.intervalCount[row]!,
    s.quantity[row]!,
    s.discountPercent[row]!,
  );

/**
 * Customer c's main subscription row on `day` (PlanHistory.lineOn), rows `from` up to `to`:
 * of the rows in force that day, the largest monthly amount, then the earliest start, then
 * the first plan; else of the rows started by then, the latest start, then the last plan;
 * else the earliest start, then the first plan. -1 for a customer without subscription rows.
 */
function mainRowOn(s: SubscriptionColumns, plan: Int32Array, from: number, to: number, day: Day) {
  let main = -1;
  let mainMonthly = 0;
  let latest = -1;
  let first = -1;
  for (let row = from; row < to; row++) {
    const start = s.start[row]!;
    if (
      first < 0 ||
      start < s.start[first]! ||
      (start === s.start[first] && plan[row]! < plan[first]!)
    )
      first = row;
    if (start > day) continue;
    if (
      latest < 0 ||
      start > s.start[latest]! ||
      (start === s.start[latest] && plan[row]! > plan[latest]!)
    )
      latest = row;
    const end = s.end[row]!;
    if (end !== OPEN_END && day >= end) continue;
    const monthly = rowMonthly(s, row);
    if (
      main < 0 ||
      monthly > mainMonthly ||
      (monthly === mainMonthly &&
        (start < s.start[main]! || (start === s.start[main] && plan[row]! < plan[main]!)))
    ) {
      main = row;
      mainMonthly = monthly;
    }
  }
  return main >= 0 ? main : latest >= 0 ? latest : first;
}

/** The plan code of customer c's main subscription row on `day` (mainRowOn), -1 without one. */
function planCodeOn(s: SubscriptionColumns, plan: Int32Array, from: number, to: number, day: Day) {
  const row = mainRowOn(s, plan, from, to, day);
  return row < 0 ? -1 : plan[row]!;
}

/** Each customer's main subscription row on `day` (mainRowOn), -1 without subscription rows. */
export function mainRowsOn(inputs: InputsWithPlans, day: Day): Int32Array {
  const first = customerRows(inputs);
  const s = inputs.subscriptions;
  return Int32Array.from(inputs.customerIds, (_, c) =>
    mainRowOn(s, s.plan!, first[c]!, first[c + 1]!, day),
  );
}

/**
 * Each customer's plan on `day` by PlanHistory's rule (mainRowOn), null without
 * subscription rows or for a row without a plan: the customers list's plan column.
 */
export function plansOn(inputs: InputsWithPlans, day: Day): (string | null)[] {
  const plan = inputs.subscriptions.plan!;
  return Array.from(mainRowsOn(inputs, day), (row) =>
    planOfCode(inputs, row < 0 ? -1 : plan[row]!),
  );
}

/** The plan of a code, null for none (-1, or a row without a plan). */
export function planOfCode(inputs: InputsWithPlans, code: number): string | null {
  const plan = code < 0 ? NONE : inputs.plans[code]!;
  return plan === NONE ? null : plan;
}

/**
 * Each recurring line's plan code: its own, or for a FOLLOWS_CUSTOMER_PLAN line its
 * customer's plan on the day its invoice was issued (NONE without subscription rows).
 */
export function linePlanCodes(inputs: InputsWithPlans): Int32Array {
  const lines = inputs.invoiceLines;
  const codes = Int32Array.from(lines.plan!);
  const none = inputs.plans.indexOf(NONE);
  let first: Int32Array | null = null;
  for (let i = 0; i < lines.length; i++) {
    if (codes[i] !== FOLLOWS_CUSTOMER_PLAN) continue;
    first ??= customerRows(inputs);
    const c = lines.customer[i]!;
    const code = planCodeOn(
      inputs.subscriptions,
      inputs.subscriptions.plan!,
      first[c]!,
      first[c + 1]!,
      lines.issued![i]!,
    );
    codes[i] = code < 0 ? none : code;
  }
  return codes;
}

/**
 * The inputs of a segment of plans (`--segment plan=Pro`): the subscription rows and
 * recurring lines whose plan `keep` accepts, a line without one by its customer's plan on
 * the day its invoice was issued (its code comes out resolved: the rows it was resolved by
 * may be gone). Late invoices stay the customers' own, as in every `--by plan` series:
 * being late stops a customer's MRR whatever the plan.
 */
export function planSegmentInputs(
  inputs: InputsWithPlans,
  keep: (plan: string) => boolean,
): InputsWithPlans {
  const kept = inputs.plans.map(keep);
  const plan = inputs.subscriptions.plan!;
  const linePlans = linePlanCodes(inputs);
  const lines = { ...inputs.invoiceLines, plan: linePlans };
  return {
    ...inputs,
    subscriptions: filterRows(inputs.subscriptions, (row) => kept[plan[row]!] === true),
    invoiceLines: filterRows(lines, (row) => kept[linePlans[row]!] === true),
  };
}

/** A customer's plan on a day (segments of plans select rows of other kinds by it). */
export interface PlanLookup {
  planOn(customerId: string, day: Day): string | null;
}

/** PlanLookup over the subscription columns of inputs read `withPlans`. */
export function columnPlans(inputs: InputsWithPlans): PlanLookup {
  // Built at the first question: a breakdown of MRR alone asks none.
  let first: Int32Array | null = null;
  let index: Map<string, number> | null = null;
  const s = inputs.subscriptions;
  return {
    planOn(customerId, day) {
      first ??= customerRows(inputs);
      index ??= new Map(inputs.customerIds.map((id, c) => [id, c]));
      const c = index.get(customerId);
      if (c === undefined) return null;
      const code = planCodeOn(s, s.plan!, first[c]!, first[c + 1]!, day);
      return code < 0 ? null : inputs.plans[code]!;
    },
  };
}

/**
 * The engine inputs of the series of plan `code` and, as its baseline, those of the series
 * before it (codes below it): what `computeMrr` values a series from so the series add up
 * to the total to the minor unit. `linePlans` are the lines' codes (linePlanCodes). The
 * late invoices stay the customers' own: a late invoice stops the customer's MRR in every
 * series, as in the total.
 */
export function planSeriesInputs(
  inputs: InputsWithPlans,
  linePlans: Int32Array,
  code: number,
): { inputs: MrrInputs; baseline: MrrInputs } {
  const plan = inputs.subscriptions.plan!;
  const of = (keep: (planCode: number) => boolean): MrrInputs => ({
    ...inputs,
    subscriptions: filterRows(inputs.subscriptions, (row) => keep(plan[row]!)),
    invoiceLines: filterRows(inputs.invoiceLines, (row) => keep(linePlans[row]!)),
  });
  return { inputs: of((p) => p === code), baseline: of((p) => p < code) };
}
