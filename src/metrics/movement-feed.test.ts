/**
 * The feed's columns hold the MRR computation's movements in date order (a customer's
 * movements of one day in the engine's order), inside the range, with their period, and
 * its filters and totals are those of the records they stand for.
 */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { formatDay } from '../model/day.ts';
import { toMajor } from '../model/money.ts';
import { todayIn } from '../model/today.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import {
  FEED_TYPES,
  feedMovement,
  feedRowsOf,
  feedTotals,
  movementFeed,
  type FeedQuery,
} from './movement-feed.ts';
import { queryMovements } from './query.ts';

const NOW = new Date('2025-06-15T12:00:00Z');
const WS = 'feed';

describe('the movements feed', () => {
  it('is every movement of the range by date, filtered and totalled as records', async () => {
    const store = await openDuckDbStore(':memory:');
    try {
      const demo = generateDemo({ customers: 120, seed: 5, end: todayIn('UTC', NOW) });
      await store.upsert(WS, 'customers', demo.customers);
      await store.upsert(WS, 'subscriptions', demo.subscriptions);
      await store.upsert(WS, 'fx_rates', demo.fx_rates);
      const names = new Map(demo.customers.map((c) => [c.customer_id, c.name ?? null]));
      const queries: FeedQuery[] = [
        { workspaceId: WS, now: NOW },
        { workspaceId: WS, now: NOW, from: '2024-11-10', to: '2025-03-20', interval: 'quarter' },
      ];
      for (const query of queries) {
        const { mrr, range } = await queryMovements(store, query);
        // The records as a sort of the engine's movements gives them (what the feed was).
        const expected = [...mrr.movements!]
          .sort((a, b) => a.day - b.day)
          .filter((m) => formatDay(m.day) >= (range.from ?? '') && formatDay(m.day) <= range.to)
          .map((m) => ({
            date: formatDay(m.day),
            customer_id: mrr.customerIds[m.customer]!,
            name: names.get(mrr.customerIds[m.customer]!) ?? null,
            type: m.type,
            period: mrr.periods.find((p) => p.start <= m.day && m.day <= p.end)!.label,
            amount: toMajor(m.amount, mrr.currency),
            mrr_before: toMajor(m.before, mrr.currency),
            mrr_after: toMajor(m.after, mrr.currency),
          }));
        const feed = await movementFeed(store, query);
        const records = Array.from({ length: feed.length }, (_, row) => feedMovement(feed, row));
        expect(records).toEqual(expected);
        expect(new Set(records.map((r) => r.type)).size).toBeGreaterThan(3);

        const customerId = records[Math.floor(records.length / 2)]!.customer_id;
        for (const filter of [
          { type: 'churned' as const },
          { customerId },
          { type: 'new' as const, customerId },
          { customerId: 'nobody' },
        ]) {
          const rows = feedRowsOf(feed, filter)!;
          const kept = records.filter(
            (r) =>
              (filter.type === undefined || r.type === filter.type) &&
              (filter.customerId === undefined || r.customer_id === filter.customerId),
          );
          expect(Array.from(rows, (row) => records[row])).toEqual(kept);
          const totals = feedTotals(feed, rows);
          for (const type of FEED_TYPES) {
            const cents = kept
              .filter((r) => r.type === type)
              .reduce((sum, r) => sum + Math.round(r.amount * 100), 0);
            expect(Math.round(totals[type] * 100), type).toBe(cents);
          }
        }
        expect(feedRowsOf(feed, {})).toBeNull();
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});
