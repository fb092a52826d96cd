/**
 * Drill-down adds up: for every metric with contributors, in every period of a generated
 * multi-currency history, under varied settings and both movement modes, the customers'
 * amounts sum to the metric's value exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyInputs, HISTORY_LAST, mrrHistoryArb } from '../../test/arbitraries/mrr-history.ts';
import { toMinor } from '../model/money.ts';
import type { ImportKind } from '../model/kinds.ts';
import type { Store } from '../store/store.ts';
import { CONTRIBUTOR_METRICS, metricContributors } from './contributors.ts';
import type { MrrHistory } from '../../test/arbitraries/mrr-history.ts';
import { chunkedRead } from '../../test/fixtures/store/chunked-read.ts';

function storeOf(h: MrrHistory): Store {
  const rows: { [K in ImportKind]?: unknown[] } = {
    subscriptions: h.subscriptions,
    invoices: h.invoices,
    fx_rates: h.fxRates,
    customers: [],
  };
  const stub = {
    workspace: () => Promise.resolve(h.settings),
    readRows: (_: string, kind: ImportKind) => Promise.resolve(rows[kind] ?? []),
    readCustomerRows: (_: string, kind: ImportKind, ids: readonly string[]) =>
      Promise.resolve(
        ((rows[kind] ?? []) as { customer_id: string }[]).filter((r) =>
          ids.includes(r.customer_id),
        ),
      ),
    readCustomerAttributes: (_: string, attributes: readonly string[]) =>
      Promise.resolve({ attributes, customerIds: [], values: attributes.map(() => []) }),
    readMrrInputs: () => Promise.resolve(historyInputs(h)),
    readMrrInputChunks: chunkedRead(() => Promise.resolve(historyInputs(h))),
  };
  return stub as unknown as Store;
}

const PERIODS = ['2023-03', '2023-07', '2023-12', '2024-02', '2024-05'];

describe('contributors', () => {
  it('sum exactly to the value of every movement metric', async () => {
    await fc.assert(
      fc.asyncProperty(
        mrrHistoryArb,
        fc.constantFrom('event' as const, 'snapshot' as const),
        async (h, mode) => {
          const store = storeOf(h);
          for (const metric of CONTRIBUTOR_METRICS)
            for (const period of PERIODS) {
              const report = await metricContributors(store, {
                workspaceId: 'w',
                metric,
                period,
                interval: 'month',
                mode,
                to: HISTORY_LAST,
              }).catch((error: Error) => {
                // Periods before the first MRR change are not in the data.
                if (/is not a month of the data/.test(error.message)) return null;
                throw error;
              });
              if (report === null) continue;
              const minor = (v: number) => (report.unit === 'count' ? v : toMinor(v, 'USD'));
              const sum = report.contributors.reduce((a, c) => a + minor(c.amount), 0);
              expect(sum, `${metric} in ${period} (${mode})`).toBe(minor(report.value));
              // Every movement that changed a customer's MRR names the rows behind it.
              for (const c of report.contributors)
                for (const m of c.movements)
                  if (mode === 'event')
                    expect(m.sources.length, `${c.customer_id} ${m.date}`).toBeGreaterThan(0);
            }
        },
      ),
      { numRuns: 25 },
    );
  }, 300_000);
});
