/**
 * The same demo company in DuckDB and in PostgreSQL must give identical numbers: same
 * stored rows, same engine inputs, and deep-equal metrics, movements and cohorts under
 * every interval, mode and the settings that change which rows are read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.ts';
import { parseIsoDay } from '../../model/day.ts';
import {
  DISCOUNT_DURATIONS,
  IMPORT_KINDS,
  type ImportKind,
  type RowOfKind,
} from '../../model/kinds.ts';
import { PROFILE_DEFINITIONS, type WorkspaceSettings } from '../../model/workspace.ts';
import { METRICS } from '../../metrics/registry.ts';
import { cohortRecords, metricsReport, movementRecords } from '../../metrics/report.ts';
import { computeWorkspace } from '../../metrics/service.ts';
import { shardedRecompute } from '../../metrics/sharded-recompute.ts';
import { computeMrr } from '../../engine/mrr.ts';
import { firstDayBound } from '../../engine/shards.ts';
import { openDuckDbStore } from '../duckdb/duckdb-store.ts';
import type { MrrInputs, Store } from '../store.ts';
import { copyIntoPostgres, TargetNotEmptyError } from './copy-workspace.ts';
import { openPostgresStore } from './postgres-store.ts';
import { postgresTestUrl, TestDatabases } from '../../../test/fixtures/store/test-database.ts';

const serverUrl = postgresTestUrl('DuckDB and PostgreSQL agree');
const END = parseIsoDay('2025-06-15')!;
const WS = 'demo';

describe.skipIf(!serverUrl)('DuckDB and PostgreSQL give identical results', () => {
  const databases = new TestDatabases(serverUrl ?? 'postgres://unused');
  let duck: Store;
  let pg: Store;

  beforeAll(async () => {
    duck = await openDuckDbStore(':memory:');
    pg = await openPostgresStore(await databases.create());
    const generated = generateDemo({ customers: 250, seed: 11, end: END });
    // Some of the demo's discounts made finite (the demo's are all forever), for the stripe
    // profile that leaves those out.
    let discounted = 0;
    const demo = {
      ...generated,
      subscriptions: generated.subscriptions.map((row) =>
        row.discount_percent > 0
          ? { ...row, discount_duration: DISCOUNT_DURATIONS[discounted++ % 3]! }
          : row,
      ),
    };
    for (const store of [duck, pg]) {
      for (const kind of IMPORT_KINDS) {
        await store.upsert(WS, kind, demo[kind] as RowOfKind[ImportKind][]);
      }
    }
  });
  afterAll(async () => {
    await duck?.close();
    await pg?.close();
    await databases.dropAll();
  });

  it('stores the same rows of every kind', async () => {
    expect(await pg.counts(WS)).toEqual(await duck.counts(WS));
    for (const kind of IMPORT_KINDS) {
      expect(await pg.readRows(WS, kind), kind).toEqual(await duck.readRows(WS, kind));
    }
  });

  const variants: [string, Partial<WorkspaceSettings>][] = [
    ['default settings', {}],
    ['delinquency rule on', { delinquencyDays: 30 }],
    ['MRR from invoices, immediate churn', { mrrSource: 'invoices', churnTiming: 'immediate' }],
    ['Europe/Paris calendar', { timeZone: 'Europe/Paris' }],
    [
      'chartmogul profile on invoices (refunded lines kept)',
      { ...PROFILE_DEFINITIONS.chartmogul, profile: 'chartmogul', mrrSource: 'invoices' },
    ],
    ['profitwell profile', { ...PROFILE_DEFINITIONS.profitwell, profile: 'profitwell' }],
    [
      'stripe profile (once and repeating discounts left out)',
      { ...PROFILE_DEFINITIONS.stripe, profile: 'stripe' },
    ],
  ];
  for (const [name, settings] of variants) {
    it(`computes identical metrics: ${name}`, async () => {
      for (const store of [duck, pg]) {
        await store.updateWorkspace(WS, {
          currency: 'USD',
          timeZone: 'UTC',
          churnTiming: 'period_end',
          mrrSource: 'subscriptions',
          delinquencyDays: null,
          ...settings,
        });
      }
      const read = {
        delinquencyDays: settings.delinquencyDays ?? null,
        keepRefunded: settings.refundsReduceMrr === false,
      };
      const [duckInputs, pgInputs] = await Promise.all([
        duck.readMrrInputs(WS, read),
        pg.readMrrInputs(WS, read),
      ]);
      expect(pgInputs).toEqual(duckInputs);
      expect(new Set(duckInputs.subscriptions.discountDuration)).toEqual(new Set([0, 1, 2]));
      // A range of customers at a time (a sharded recompute's read): the same customers, the
      // same first-day bound, and merged shards equal to one pass over the whole read.
      const options = { interval: 'month' as const, mode: 'event' as const, lastDay: END };
      const settingsNow = await duck.workspace(WS);
      const whole = computeMrr(duckInputs, { ...options, settings: settingsNow });
      for (const store of [duck, pg]) {
        const chunked = await store.readMrrInputChunks(WS, read, 60);
        const ids: string[] = [];
        for await (const chunk of chunked.chunks) ids.push(...chunk.customerIds);
        expect(ids).toEqual(duckInputs.customerIds);
        expect(chunked.count).toBe(Math.ceil(ids.length / 60));
        expect(chunked.customers).toBe(ids.length);
        expect(chunked.firstDay).toBe(firstDayBound(duckInputs));
        const sharded = await shardedRecompute(
          store,
          WS,
          { ...options, settings: settingsNow, subscriptionFacts: true },
          { threads: 1, customersPerShard: 60 },
        );
        expect(sharded.mrr.facts).toEqual(whole.facts);
        expect(sharded.mrr.cohorts).toEqual(whole.cohorts);
        // Some customers only (an incremental recompute's filter), a range at a time: the
        // chunks hold what one filtered read holds, the discount durations with them.
        const some = { ...read, customerIds: duckInputs.customerIds.filter((_, i) => i % 3 === 0) };
        const filtered = await store.readMrrInputs(WS, some);
        const parts: MrrInputs[] = [];
        for await (const chunk of (await store.readMrrInputChunks(WS, some, 25)).chunks)
          parts.push(chunk);
        expect(parts.length).toBeGreaterThan(1);
        expect(parts.flatMap((p) => p.customerIds)).toEqual(filtered.customerIds);
        expect(parts.flatMap((p) => [...p.subscriptions.discountDuration])).toEqual([
          ...filtered.subscriptions.discountDuration,
        ]);
      }
      for (const interval of ['month', 'week', 'quarter'] as const) {
        for (const mode of ['event', 'snapshot'] as const) {
          const request = { workspaceId: WS, interval, mode, to: END, collectMovements: true };
          const a = await computeWorkspace(duck, request);
          const b = await computeWorkspace(pg, request);
          const label = `${interval} ${mode}`;
          expect(metricsReport(b, METRICS), label).toEqual(metricsReport(a, METRICS));
          expect(movementRecords(b, b.movements ?? []), label).toEqual(
            movementRecords(a, a.movements ?? []),
          );
          expect(cohortRecords(b.cohorts, b.currency), label).toEqual(
            cohortRecords(a.cohorts, a.currency),
          );
          // Everything but the per-customer book (an object of functions), compared by value.
          const { customers: bookB, ...factsB } = b;
          const { customers: bookA, ...factsA } = a;
          expect(factsB, label).toEqual(factsA);
          expect(bookB.customerIds, label).toEqual(bookA.customerIds);
          bookA.customerIds.forEach((_, c) => {
            expect(bookB.history(c), label).toEqual(bookA.history(c));
            expect(bookB.firstPaidDay(c), label).toBe(bookA.firstPaidDay(c));
          });
        }
      }
    });
  }

  it('copies a DuckDB workspace into PostgreSQL whole (the move to a server)', async () => {
    await duck.updateWorkspace(WS, { delinquencyDays: 45, timeZone: 'America/New_York' });
    await duck.createApiKey({
      keyId: 'ns_copy',
      workspaceId: WS,
      role: 'viewer',
      secretHash: 'scrypt$s$h',
      label: 'moved',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    await duck.putDocument(WS, 'goals', 'g1', { metric: 'mrr', target: 10_000 });
    const url = await databases.create();
    const copy = (replace: boolean) =>
      copyIntoPostgres(duck, url, WS, { collections: ['goals'], replace });
    const report = await copy(false);
    const target = await openPostgresStore(url);
    try {
      expect(report.apiKeys).toBe(1);
      expect(report.documents).toBe(1);
      expect(await target.workspace(WS)).toEqual(await duck.workspace(WS));
      for (const kind of IMPORT_KINDS) {
        expect(await target.readRows(WS, kind), kind).toEqual(await duck.readRows(WS, kind));
      }
      expect(await target.listApiKeys(WS)).toEqual(await duck.listApiKeys(WS));
      expect(await target.listDocuments(WS, 'goals')).toEqual(
        await duck.listDocuments(WS, 'goals'),
      );
      // Re-running is refused (the target now holds data) unless told to replace, and a
      // replacement leaves exactly the source's rows: no duplicates.
      await expect(copy(false)).rejects.toThrow(TargetNotEmptyError);
      expect((await copy(true)).apiKeys).toBe(1);
      expect(await target.counts(WS)).toEqual(await duck.counts(WS));
      expect(await target.listApiKeys(WS)).toEqual(await duck.listApiKeys(WS));
    } finally {
      await target.close();
    }
  });
});
