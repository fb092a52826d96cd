import { isKnownCurrency } from '../model/currency.ts';
import type { Day } from '../model/day.ts';
import { IMPORT_KINDS, KIND_SPECS, STANDARD_FUNNEL_STAGES } from '../model/kinds.ts';
import { demoWindow, type DemoData } from './generate.ts';
import { MS_PER_DAY } from '../model/day.ts';

/**
 * Checks generated data against the kind specs (required cells, types, enums, bounds,
 * unique keys, known customers) and the demo's own invariants (dates inside the window,
 * end_date >= start_date, period_end > period_start, paid invoices have paid_at...).
 */

/** Every problem with the data, as readable texts (empty = valid). */
export function demoProblems(data: DemoData, end: Day, months = 36): string[] {
  const out: string[] = [];
  const window = demoWindow(end, months);
  const firstInstant = window.start * MS_PER_DAY;
  const lastInstant = (end + 1) * MS_PER_DAY - 1;
  const customerIds = new Set(data.customers.map((c) => c.customer_id));
  for (const kind of IMPORT_KINDS) {
    const spec = KIND_SPECS[kind];
    const keys = new Set<string>();
    data[kind].forEach((row, i) => {
      const record = row as unknown as Record<string, unknown>;
      const where = `${kind}[${i}]`;
      for (const col of spec.columns) {
        const v = record[col.name];
        if (v === undefined) out.push(`${where}.${col.name} is missing`);
        if (v === null) {
          if (col.required) out.push(`${where}.${col.name} is required`);
          continue;
        }
        switch (col.type) {
          case 'text':
            if (typeof v !== 'string') out.push(`${where}.${col.name} is not text`);
            break;
          case 'currency':
            if (typeof v !== 'string' || !isKnownCurrency(v))
              out.push(`${where}.${col.name} ${String(v)}`);
            break;
          case 'enum':
            if (!col.values?.includes(String(v))) out.push(`${where}.${col.name} = ${String(v)}`);
            break;
          case 'day':
            if (!Number.isInteger(v)) out.push(`${where}.${col.name} is not a day`);
            break;
          case 'instant':
          case 'money':
          case 'int':
            if (!Number.isSafeInteger(v))
              out.push(`${where}.${col.name} = ${String(v)} is not whole`);
            break;
          case 'decimal':
            if (typeof v !== 'number' || !Number.isFinite(v))
              out.push(`${where}.${col.name} not a number`);
            break;
        }
        if (typeof v === 'number') {
          if (col.nonNegative && v < 0) out.push(`${where}.${col.name} is negative`);
          if (col.min !== undefined && v < col.min) out.push(`${where}.${col.name} < ${col.min}`);
          if (col.max !== undefined && v > col.max) out.push(`${where}.${col.name} > ${col.max}`);
          if (col.type === 'instant' && (v < firstInstant || v > lastInstant)) {
            out.push(`${where}.${col.name} outside the window`);
          }
        }
      }
      const key = spec.key.map((k) => String(record[k])).join('|');
      if (keys.has(key)) out.push(`${where} duplicates key ${key}`);
      keys.add(key);
      const customer = record['customer_id'];
      if (kind !== 'customers' && typeof customer === 'string' && !customerIds.has(customer)) {
        out.push(`${where} refers to unknown customer ${customer}`);
      }
    });
  }
  const inWindow = (where: string, day: Day | null): void => {
    if (day !== null && (day < window.start || day > end)) out.push(`${where} outside the window`);
  };
  data.customers.forEach((c, i) => inWindow(`customers[${i}].created_at`, c.created_at));
  data.subscriptions.forEach((s, i) => {
    const where = `subscriptions[${i}] ${s.subscription_id}`;
    inWindow(`${where}.start_date`, s.start_date);
    inWindow(`${where}.canceled_at`, s.canceled_at);
    if (s.end_date !== null && s.end_date < s.start_date)
      out.push(`${where} ends before it starts`);
    if (s.trial_end !== null && s.trial_end <= s.start_date)
      out.push(`${where} trial_end <= start`);
    if (s.canceled_at !== null && s.canceled_at < s.start_date)
      out.push(`${where} canceled before start`);
    if (s.canceled_at !== null && s.end_date === null) out.push(`${where} canceled without an end`);
    if (s.canceled_at !== null && s.end_date !== null && s.canceled_at > s.end_date) {
      out.push(`${where} canceled after its end`);
    }
    if (!Number.isInteger(s.quantity) || s.quantity < 1)
      out.push(`${where} quantity ${s.quantity}`);
  });
  data.invoices.forEach((inv, i) => {
    const where = `invoices[${i}] ${inv.invoice_id}/${inv.line_id}`;
    inWindow(`${where}.issued_at`, inv.issued_at);
    inWindow(`${where}.paid_at`, inv.paid_at);
    inWindow(`${where}.period_start`, inv.period_start);
    if (inv.amount < 0 || inv.discount > inv.amount) out.push(`${where} amount/discount`);
    if ((inv.period_start === null) !== (inv.period_end === null))
      out.push(`${where} half a period`);
    if (
      inv.period_start !== null &&
      inv.period_end !== null &&
      inv.period_end <= inv.period_start
    ) {
      out.push(`${where} period_end <= period_start`);
    }
    if (inv.type === 'one_time' && inv.period_start !== null)
      out.push(`${where} one-time with period`);
    const paid = inv.status === 'paid' || inv.status === 'refunded';
    if (paid !== (inv.paid_at !== null))
      out.push(`${where} ${inv.status} with paid_at ${inv.paid_at}`);
    if (inv.paid_at !== null && inv.paid_at < inv.issued_at) out.push(`${where} paid before issue`);
    if (inv.currency === 'USD' && inv.tax !== 0) out.push(`${where} tax outside the EU`);
  });
  for (const kind of ['costs', 'cash', 'headcount', 'fx_rates'] as const) {
    data[kind].forEach((r, i) => inWindow(`${kind}[${i}].date`, r.date));
  }
  data.surveys.forEach((s, i) => {
    const [lo, hi] = s.kind === 'nps' ? [0, 10] : [1, 5];
    if (s.score < lo || s.score > hi) out.push(`surveys[${i}] ${s.kind} score ${s.score}`);
  });
  data.tickets.forEach((t, i) => {
    if (t.first_response_at !== null && t.first_response_at < t.created_at)
      out.push(`tickets[${i}] response`);
    if (
      t.resolved_at !== null &&
      (t.first_response_at === null || t.resolved_at < t.first_response_at)
    ) {
      out.push(`tickets[${i}] resolved`);
    }
  });
  const stageOrder = new Map(STANDARD_FUNNEL_STAGES.map((stage, i) => [stage, i]));
  const journeys = new Map<string, { order: number; at: number }[]>();
  for (const f of data.funnel) {
    const list = journeys.get(f.id) ?? [];
    list.push({
      order: stageOrder.get(f.stage as (typeof STANDARD_FUNNEL_STAGES)[number]) ?? 99,
      at: f.occurred_at,
    });
    journeys.set(f.id, list);
  }
  for (const [id, stages] of journeys) {
    stages.sort((a, b) => a.order - b.order);
    if (stages.some((s, i) => i > 0 && s.at <= (stages[i - 1]?.at ?? 0)))
      out.push(`funnel ${id} out of order`);
  }
  data.cash.forEach((c, i) => {
    if (c.balance <= 0) out.push(`cash[${i}] balance ${c.balance}`);
  });
  data.fx_rates.forEach((r, i) => {
    if (r.rate <= 0 || Math.round(r.rate * 1e6) / 1e6 !== r.rate)
      out.push(`fx_rates[${i}] ${r.rate}`);
  });
  return out;
}
