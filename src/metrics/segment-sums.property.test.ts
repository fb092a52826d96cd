/**
 * Segments add up: for the additive metrics (MRR, its movements, customers) the `--by`
 * series of a customer attribute sum exactly to the whole workspace — customers without
 * the attribute, or without a customers row at all, in the "(none)" series.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMrr } from '../engine/mrr.ts';
import { mrrInputsFromRows } from '../engine/rows-to-inputs.ts';
import {
  customerAttributesOf,
  NONE,
  PLAN,
  segmentRows,
  segmentValues,
  type SegmentFilter,
} from '../engine/segments.ts';
import type { BusinessRows } from '../engine/business.ts';
import {
  planSeriesRows,
  seriesInputsFromRows,
  type RowsOfSeries,
} from '../../test/fixtures/engine/plan-series-rows.ts';
import { dayFromParts, MS_PER_DAY, parseIsoDay } from '../model/day.ts';
import type {
  CustomerRow,
  FxRateRow,
  ImportKind,
  RowOfKind,
  SubscriptionRow,
} from '../model/kinds.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../model/workspace.ts';
import type { MrrReadOptions, Store } from '../store/store.ts';
import { metricById } from './registry.ts';
import { computeWorkspaceFacts, computeWorkspaceSeries, type WorkspaceFacts } from './service.ts';
import {
  historyInputs,
  HISTORY_FIRST,
  HISTORY_LAST,
  mrrHistoryArb,
} from '../../test/arbitraries/mrr-history.ts';
import { chunkedRead } from '../../test/fixtures/store/chunked-read.ts';

const ADDITIVE = [
  'mrr',
  'new_mrr',
  'expansion_mrr',
  'contraction_mrr',
  'churned_mrr',
  'reactivation_mrr',
  'net_new_mrr',
  'fx_impact_mrr',
  'customers',
  'new_customers',
  'churned_customers',
  'reactivated_customers',
].map((id) => metricById(id)!);

const LAST = parseIsoDay('2024-12-31')!;
const settings: WorkspaceSettings = { ...DEFAULT_SETTINGS, currency: 'USD' };
const FX: FxRateRow[] = [
  { date: parseIsoDay('2022-12-01')!, currency: 'EUR', rate: 1.1 },
  { date: parseIsoDay('2023-09-14')!, currency: 'EUR', rate: 1.0731 },
  { date: parseIsoDay('2024-05-02')!, currency: 'EUR', rate: 1.1377 },
];

const subscriptionArb = fc
  .record({
    customer: fc.integer({ min: 0, max: 6 }),
    amount: fc.integer({ min: 0, max: 90_000 }),
    eur: fc.boolean(),
    interval: fc.constantFrom('month' as const, 'quarter' as const, 'year' as const),
    quantity: fc.integer({ min: 1, max: 5 }),
    discount: fc.constantFrom(0, 0, 10, 33.3),
    startMonth: fc.integer({ min: 0, max: 23 }),
    startDay: fc.integer({ min: 1, max: 28 }),
    lengthDays: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
    trialDays: fc.constantFrom(0, 0, 14),
    cancelAfterDays: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
  })
  .map((r): SubscriptionRow => {
    const start = dayFromParts(
      2023 + Math.floor(r.startMonth / 12),
      (r.startMonth % 12) + 1,
      r.startDay,
    );
    return {
      subscription_id: '',
      customer_id: `c${r.customer}`,
      amount: r.amount,
      currency: r.eur ? 'EUR' : 'USD',
      interval: r.interval,
      interval_count: 1,
      start_date: start,
      plan: null,
      quantity: r.quantity,
      discount_percent: r.discount,
      end_date: r.lengthDays === null ? null : start + r.lengthDays,
      trial_end: r.trialDays ? start + r.trialDays : null,
      canceled_at: r.cancelAfterDays === null ? null : start + r.cancelAfterDays,
      discount_duration: 'forever',
    };
  });

/** Attributes per customer index: absent from customers.csv, or a country and a tier (maybe blank). */
const customerArb = fc.record({
  listed: fc.boolean(),
  country: fc.constantFrom('FR', 'US', 'DE', null),
  tier: fc.constantFrom('gold', 'silver', ''),
});

const historyArb = fc.record({
  subscriptions: fc.array(subscriptionArb, { minLength: 1, maxLength: 14 }),
  customers: fc.array(customerArb, { minLength: 7, maxLength: 7 }),
});

function storeOf(rows: { [K in ImportKind]?: RowOfKind[K][] }): Store {
  const readMrrInputs = () =>
    Promise.resolve(mrrInputsFromRows(rows.subscriptions ?? [], rows.invoices ?? [], FX));
  const stub = {
    workspace: () => Promise.resolve(settings),
    readRows: (_: string, kind: ImportKind) => Promise.resolve(rows[kind] ?? []),
    readMrrInputs,
    readMrrInputChunks: chunkedRead(readMrrInputs),
    hasCustomersWithoutRow: () => Promise.resolve(withoutRow(rows)),
    readCustomerAttributes: (_: string, attributes: readonly string[]) =>
      Promise.resolve(customerAttributesOf(rows.customers ?? [], attributes)),
  };
  return stub as unknown as Store;
}

/** Store.hasCustomersWithoutRow of a stub's rows. */
function withoutRow(rows: Pick<BusinessRows, 'customers' | 'subscriptions' | 'invoices'>) {
  const listed = new Set((rows.customers ?? []).map((c) => c.customer_id));
  const billed = [...(rows.subscriptions ?? []), ...(rows.invoices ?? [])];
  return billed.some((r) => !listed.has(r.customer_id));
}

const valueAt = (facts: WorkspaceFacts, id: string, k: number) =>
  metricById(id)!.compute({ facts: facts.mrr.facts, k, business: facts.business, settings });

describe('segment sums', () => {
  it('the --by series of a customer attribute add up exactly to the total', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (history) => {
        const subscriptions = history.subscriptions.map((s, i) => ({
          ...s,
          subscription_id: `s${i}`,
        }));
        const customers: CustomerRow[] = history.customers.flatMap((c, i) =>
          c.listed
            ? [
                {
                  customer_id: `c${i}`,
                  name: null,
                  email: null,
                  created_at: null,
                  country: c.country,
                  segment: null,
                  channel: null,
                  attributes: c.tier === '' ? ({} as Record<string, string>) : { tier: c.tier },
                },
              ]
            : [],
        );
        const store = storeOf({ subscriptions, customers, fx_rates: FX });
        const request = {
          workspaceId: 'w',
          interval: 'month' as const,
          mode: 'event' as const,
          from: parseIsoDay('2023-01-01')!,
          to: LAST,
        };
        const total = await computeWorkspaceFacts(store, request);
        for (const attribute of ['country', 'tier']) {
          const series = await computeWorkspaceSeries(store, request, attribute);
          const unlisted = subscriptions.some(
            (s) => !customers.some((c) => c.customer_id === s.customer_id),
          );
          if (unlisted) expect(series.map((s) => s.value)).toContain(NONE);
          for (const s of series) expect(s.facts.mrr.periods).toEqual(total.mrr.periods);
          for (let k = 0; k < total.mrr.periods.length; k++) {
            for (const m of ADDITIVE) {
              const sum = series.reduce((acc, s) => acc + valueAt(s.facts, m.id, k)!, 0);
              expect(sum, `${m.id} by ${attribute} in ${total.mrr.periods[k]!.label}`).toBe(
                valueAt(total, m.id, k),
              );
            }
          }
          // The columnar path (filtering the engine inputs by customer) = rebuilding them from rows.
          for (const s of series) {
            const rows = segmentRows(
              { subscriptions, customers, fx_rates: FX },
              [{ attribute, values: [s.value] }],
              (ms) => Math.floor(ms / MS_PER_DAY),
            );
            const fromRows = computeMrr(mrrInputsFromRows(rows.subscriptions ?? [], [], FX), {
              interval: 'month',
              mode: 'event',
              firstDay: request.from,
              lastDay: LAST,
              settings,
            });
            expect(s.facts.mrr.facts.mrrEnd).toEqual(fromRows.facts.mrrEnd);
            expect(s.facts.mrr.facts.movementMrr).toEqual(fromRows.facts.movementMrr);
            expect(s.facts.mrr.facts.customersEnd).toEqual(fromRows.facts.customersEnd);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every --by breakdown, plan included (usage lines, daily FX), adds up to MRR to the cent', async () => {
    await fc.assert(
      fc.asyncProperty(mrrHistoryArb, async (h) => {
        const customers: CustomerRow[] = ['c0', 'c1', 'c2', 'c3'].map((id, i) => ({
          customer_id: id,
          name: null,
          email: null,
          created_at: null,
          country: ['FR', 'US', null, 'FR'][i]!,
          segment: null,
          channel: null,
          attributes: {},
        }));
        const store = {
          workspace: () => Promise.resolve(h.settings),
          readRows: (_: string, kind: ImportKind) =>
            Promise.resolve(
              {
                subscriptions: h.subscriptions,
                invoices: h.invoices,
                fx_rates: h.fxRates,
                customers,
              }[kind as string] ?? [],
            ),
          readMrrInputs: (_: string, options?: MrrReadOptions) =>
            Promise.resolve(historyInputs(h, options)),
          readMrrInputChunks: chunkedRead((_, options) =>
            Promise.resolve(historyInputs(h, options)),
          ),
          hasCustomersWithoutRow: () =>
            Promise.resolve(
              withoutRow({ customers, subscriptions: h.subscriptions, invoices: h.invoices }),
            ),
          readCustomerAttributes: (_: string, attributes: readonly string[]) =>
            Promise.resolve(customerAttributesOf(customers, attributes)),
        } as unknown as Store;
        const request = {
          workspaceId: 'w',
          interval: 'month' as const,
          mode: 'event' as const,
          from: HISTORY_FIRST,
          to: HISTORY_LAST,
        };
        const total = await computeWorkspaceFacts(store, request);
        for (const attribute of ['plan', 'country']) {
          const series = await computeWorkspaceSeries(store, request, attribute);
          total.mrr.periods.forEach((p, k) => {
            const sum = series.reduce((acc, s) => acc + s.facts.mrr.facts.mrrEnd[k]!, 0);
            expect(sum, `mrr by ${attribute} in ${p.label}`).toBe(total.mrr.facts.mrrEnd[k]);
          });
        }
        // The plan series and plan segments from the columns (each row's plan code) = built
        // from the rows: of the whole workspace, within a static segment, within plans.
        const rows = { subscriptions: h.subscriptions, invoices: h.invoices, customers };
        const values = segmentValues(rows, PLAN, h.settings.refundsReduceMrr === false);
        const fromRows = (split: {
          own: BusinessRows;
          before: BusinessRows;
          all: BusinessRows;
        }) => {
          const { inputs, baseline } = seriesInputsFromRows(
            split.own as RowsOfSeries,
            split.before as RowsOfSeries,
            split.all as RowsOfSeries,
            h.fxRates,
            h.settings.delinquencyDays,
            h.settings.refundsReduceMrr === false,
          );
          return computeMrr(inputs, {
            interval: 'month',
            mode: 'event',
            firstDay: request.from,
            lastDay: request.to,
            settings: h.settings,
            baseline,
          }).facts;
        };
        const segments: SegmentFilter[][] = [
          [],
          [{ attribute: 'country', values: ['FR'] }],
          [{ attribute: PLAN, values: ['Pro', NONE] }],
          [
            { attribute: PLAN, values: ['Pro', 'Team', 'API'] },
            { attribute: 'country', values: ['FR', 'US'] },
          ],
        ];
        const day = (ms: number) => ms;
        for (const filters of segments) {
          const byPlan = await computeWorkspaceSeries(
            store,
            { ...request, segment: filters },
            PLAN,
          );
          expect(byPlan.map((s) => s.value)).toEqual(values);
          for (const s of byPlan) {
            const split = planSeriesRows(rows, filters, values, s.value, day);
            expect(s.facts.mrr.facts, `plan ${s.value} in ${JSON.stringify(filters)}`).toEqual(
              fromRows(split),
            );
          }
          if (filters.length === 0) continue;
          const segment = await computeWorkspaceFacts(store, { ...request, segment: filters });
          const own = segmentRows(rows, filters, day);
          const all = segmentRows(
            rows,
            filters.filter((f) => f.attribute !== PLAN),
            day,
          );
          expect(segment.mrr.facts, `segment ${JSON.stringify(filters)}`).toEqual(
            fromRows({ own, before: { subscriptions: [], invoices: [] }, all }),
          );
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
