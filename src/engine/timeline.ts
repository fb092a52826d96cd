import type { Day } from '../model/day.ts';
import { discountsInMrr, type WorkspaceSettings } from '../model/workspace.ts';
import { OPEN_END, type MrrInputs } from '../store/store.ts';
import { addCompensated, compensatedValue } from './compensated-sum.ts';
import {
  discountInMrr,
  invoiceLineMonthly,
  invoiceLineWindow,
  monthlyAmount,
  paidFrom,
  paidTo,
} from './normalize.ts';

/**
 * Every customer's recurring revenue as a step function: the days on which it changes and
 * the native monthly amount per currency from that day on. Stored flat (CSR layout):
 * customer `c` owns entries `offsets[c]` to `offsets[c + 1] - 1`, and entry `e` holds
 * `native[e * currencyCount + slot]`.
 */
export interface Timelines {
  readonly customerCount: number;
  /** Slots per entry: the currencies, twice over when a baseline is kept (see buildTimelines). */
  readonly currencyCount: number;
  /**
   * 0, or the number of currencies when the timelines carry a baseline: slots [0, n) then
   * hold baseline + own amounts and slots [n, 2n) the baseline's, and a customer's value is
   * round(baseline + own) − round(baseline).
   */
  readonly baselineSlots: number;
  readonly offsets: Int32Array;
  readonly day: Int32Array;
  readonly native: Float64Array;
  /**
   * With the free-customers switch set to `active`: per customer, the windows [from, to) in
   * which a line is in force but discounted to 0. The customer stays active in them while
   * its MRR is 0 (a contraction to 0, not a churn). Sparse: most customers have none.
   */
  readonly freeWindows: ReadonlyMap<number, readonly (readonly [Day, Day])[]> | null;
}

/** Below this (in minor units) a running native sum is float noise, not money. */
export const NATIVE_NOISE = 1e-6;

export function buildTimelines(
  inputs: MrrInputs,
  settings: WorkspaceSettings,
  lastDay: Day,
  baseline: MrrInputs | null = null,
): Timelines {
  const customerCount = inputs.customerIds.length;
  const currencies = Math.max(1, inputs.currencies.length);
  if (
    baseline &&
    (baseline.customerIds !== inputs.customerIds || baseline.currencies !== inputs.currencies)
  )
    throw new Error('a baseline must share the inputs’ customer and currency lists');
  const baselineSlots = baseline ? currencies : 0;
  const currencyCount = currencies + baselineSlots;
  const sources = baseline ? [inputs, baseline] : [inputs];
  const cursors = sources.map(() => ({ s: 0, l: 0 }));
  const fromSubscriptions = settings.mrrSource === 'subscriptions';
  // A definition switch (docs/definitions.md): some tools report MRR before discounts, or
  // before discounts of a limited duration.
  const discounts = discountsInMrr(settings);
  const usage = settings.usageInMrr !== false;
  const partialPeriods = settings.partialPeriods ?? 'average_month';
  const freeWindows = settings.freeCustomers === 'active' ? new Map<number, [Day, Day][]>() : null;
  const addFree = (c: number, from: Day, to: Day) => {
    if (freeWindows === null || to <= from || from > lastDay) return;
    const windows = freeWindows.get(c);
    if (windows) windows.push([from, to]);
    else freeWindows.set(c, [[from, to]]);
  };

  // Grow-on-demand output buffers.
  const rows = sources.reduce((n, i) => n + i.subscriptions.length + i.invoiceLines.length, 0);
  let capacity = Math.max(16, rows * 2);
  let day = new Int32Array(capacity);
  let native = new Float64Array(capacity * currencyCount);
  const offsets = new Int32Array(customerCount + 1);
  let size = 0;

  // Per-customer scratch: deltas (day, slot, amount).
  let deltaDay = new Int32Array(64);
  let deltaSlot = new Int32Array(64);
  let deltaAmount = new Float64Array(64);
  let deltaOrder = new Int32Array(64);
  let deltaCount = 0;
  // Per slot, the running native sum and its rounding error (./compensated-sum.ts).
  const running = new Float64Array(currencyCount);
  const runningError = new Float64Array(currencyCount);

  const addDelta = (d: Day, slot: number, amount: number) => {
    if (d > lastDay || amount === 0) return;
    if (deltaCount === deltaDay.length) {
      const grow = deltaDay.length * 2;
      deltaDay = resize(deltaDay, grow);
      deltaSlot = resize(deltaSlot, grow);
      deltaAmount = resize(deltaAmount, grow);
      deltaOrder = new Int32Array(grow);
    }
    deltaDay[deltaCount] = d;
    deltaSlot[deltaCount] = slot;
    deltaAmount[deltaCount] = amount;
    deltaCount++;
  };
  /** A window of the inputs (slot) or of the baseline (slot and its baseline copy). */
  const addWindow = (from: Day, to: Day, slot: number, monthly: number, isBaseline: boolean) => {
    if (to <= from || monthly === 0) return;
    addDelta(from, slot, monthly);
    if (to !== OPEN_END) addDelta(to, slot, -monthly);
    if (isBaseline) addWindow(from, to, slot + baselineSlots, monthly, false);
  };

  const late = inputs.lateInvoices;
  const delinquencyDays = settings.delinquencyDays;
  let li = 0;
  for (let c = 0; c < customerCount; c++) {
    offsets[c] = size;
    deltaCount = 0;
    for (let which = 0; which < sources.length; which++) {
      const source = sources[which]!;
      const cursor = cursors[which]!;
      const subs = source.subscriptions;
      const lines = source.invoiceLines;
      const isBaseline = which === 1;
      for (; cursor.s < subs.length && subs.customer[cursor.s] === c; cursor.s++) {
        if (!fromSubscriptions) continue;
        const s = cursor.s;
        // paidWindow without its two objects per line (millions of lines: GC time).
        const start = subs.start[s]!;
        const from = paidFrom(start, subs.trialEnd[s]!);
        const to = paidTo(
          from,
          start,
          subs.end[s]!,
          subs.canceledAt[s]!,
          subs.interval[s]!,
          subs.intervalCount[s]!,
          settings.churnTiming,
        );
        const monthly = monthlyAmount(
          subs.amount[s]!,
          subs.interval[s]!,
          subs.intervalCount[s]!,
          subs.quantity[s]!,
          discountInMrr(discounts, subs.discountPercent[s]!, subs.discountDuration[s]!),
        );
        if (monthly === 0 && subs.amount[s]! > 0 && !isBaseline) addFree(c, from, to);
        addWindow(from, to, subs.currency[s]!, monthly, isBaseline);
      }
      for (; cursor.l < lines.length && lines.customer[cursor.l] === c; cursor.l++) {
        const l = cursor.l;
        const isUsage = lines.isUsage[l] === 1;
        // Usage lines count under either source; subscription lines only when invoices are the source.
        if ((fromSubscriptions && !isUsage) || (isUsage && !usage)) continue;
        const start = lines.periodStart[l]!;
        const end = lines.periodEnd[l]!;
        if (end <= start) continue;
        const window = invoiceLineWindow(start, end, isUsage);
        // Both kinds are the billed charge normalized to one month of service.
        const monthly = invoiceLineMonthly(lines.netAmount[l]!, start, end, partialPeriods);
        if (monthly === 0 && !isUsage && !isBaseline) addFree(c, window.from, window.to);
        addWindow(window.from, window.to, lines.currency[l]!, monthly, isBaseline);
      }
    }
    if (deltaCount === 0) continue;

    // Sort this customer's deltas by day: a stable insertion sort (a handful per customer;
    // a million subarray + comparator sorts cost more than the rest of this loop). Stable,
    // as the sort it replaces: same-day deltas are summed in input order, bit for bit.
    const order = deltaOrder;
    for (let i = 0; i < deltaCount; i++) {
      const d = deltaDay[i]!;
      let j = i;
      while (j > 0 && deltaDay[order[j - 1]!]! > d) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = i;
    }
    running.fill(0);
    runningError.fill(0);
    for (let i = 0; i < deltaCount;) {
      const d = deltaDay[order[i]!]!;
      let changed = false;
      for (; i < deltaCount && deltaDay[order[i]!] === d; i++) {
        const k = order[i]!;
        addCompensated(running, runningError, deltaSlot[k]!, deltaAmount[k]!);
      }
      for (let slot = 0; slot < currencyCount; slot++) {
        if (Math.abs(compensatedValue(running, runningError, slot)) < NATIVE_NOISE) {
          running[slot] = 0;
          runningError[slot] = 0;
        }
      }
      // Same-day changes net into one entry; an entry that changes nothing is dropped.
      const previous = size > offsets[c]! ? (size - 1) * currencyCount : -1;
      for (let slot = 0; slot < currencyCount; slot++) {
        const before = previous < 0 ? 0 : native[previous + slot]!;
        if (Math.abs(before - compensatedValue(running, runningError, slot)) >= NATIVE_NOISE)
          changed = true;
      }
      if (!changed) continue;
      if (size === capacity) {
        capacity *= 2;
        day = resize(day, capacity);
        native = resize(native, capacity * currencyCount);
      }
      day[size] = d;
      for (let slot = 0; slot < currencyCount; slot++)
        native[size * currencyCount + slot] = compensatedValue(running, runningError, slot);
      size++;
    }

    // Delinquency rule: while an invoice is unpaid past the threshold, the customer pays nothing.
    // Allocated only for customers with late invoices (rare), not once per customer.
    let windows: [Day, Day][] | null = null;
    for (; li < late.length && late.customer[li]! <= c; li++) {
      if (late.customer[li] !== c || delinquencyDays === null) continue;
      const from = late.issued[li]! + delinquencyDays + 1;
      if (from < late.paid[li]! && from <= lastDay) (windows ??= []).push([from, late.paid[li]!]);
    }
    if (windows !== null) {
      const masked = maskWindows(
        day.subarray(offsets[c]!, size),
        native.subarray(offsets[c]! * currencyCount, size * currencyCount),
        currencyCount,
        windows,
        lastDay,
      );
      while (offsets[c]! + masked.day.length > capacity) {
        capacity *= 2;
        day = resize(day, capacity);
        native = resize(native, capacity * currencyCount);
      }
      day.set(masked.day, offsets[c]!);
      native.set(masked.native, offsets[c]! * currencyCount);
      size = offsets[c]! + masked.day.length;
    }
  }
  offsets[customerCount] = size;
  return {
    customerCount,
    currencyCount,
    baselineSlots,
    offsets,
    day: day.subarray(0, size),
    native: native.subarray(0, size * currencyCount),
    freeWindows,
  };
}

/** A step function with MRR forced to zero inside the given windows [from, to). */
export function maskWindows(
  days: Int32Array,
  native: Float64Array,
  slots: number,
  windows: readonly [Day, Day][],
  lastDay: Day,
): { day: Int32Array; native: Float64Array } {
  const inWindow = (d: Day) => windows.some(([from, to]) => d >= from && d < to);
  const breakpoints = [...new Set([...days, ...windows.flat()])]
    .filter((d) => d <= lastDay && d !== OPEN_END)
    .sort((a, b) => a - b);
  const outDays: number[] = [];
  const outNative: number[] = [];
  let entry = -1;
  let previous: number[] = new Array<number>(slots).fill(0);
  for (const d of breakpoints) {
    while (entry + 1 < days.length && days[entry + 1]! <= d) entry++;
    const value =
      inWindow(d) || entry < 0
        ? new Array<number>(slots).fill(0)
        : Array.from(native.subarray(entry * slots, (entry + 1) * slots));
    if (value.every((v, i) => v === previous[i])) continue;
    outDays.push(d);
    outNative.push(...value);
    previous = value;
  }
  return { day: Int32Array.from(outDays), native: Float64Array.from(outNative) };
}

function resize<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array.subarray(0, Math.min(array.length, length)));
  return next;
}
