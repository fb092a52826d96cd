/**
 * One number, one path: every metric of the registry, under non-default settings (a
 * definition profile, a rolling 30-day churn window, a delinquency rule, customers billed
 * in euros converted through fx_rates, churn on the day of cancellation), has the same
 * value for the same period on every surface — the CLI's JSON, the API, goals, alerts,
 * digests, the XLSX export, insights and the forecasts' history — on DuckDB and on
 * PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluateAlerts, saveRule } from '../src/alerts/service.ts';
import { newApiKey } from '../src/auth/keys.ts';
import type { GlobalOptions } from '../src/cli/context.ts';
import { registerExportCommand } from '../src/cli/commands/export.ts';
import { registerMetricCommands } from '../src/cli/commands/metrics.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { goalStatuses, saveGoal } from '../src/goals/service.ts';
import { explainChange } from '../src/insights/service.ts';
import { METRICS } from '../src/metrics/registry.ts';
import { monthlyHistory, QueryError } from '../src/metrics/query.ts';
import type { MetricsReport } from '../src/metrics/report.ts';
import { parseIsoDay } from '../src/model/day.ts';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../src/model/kinds.ts';
import { toMinor } from '../src/model/money.ts';
import { buildDigest } from '../src/reports/service.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { postgresTestUrl, TestDatabases } from './fixtures/store/test-database.ts';

const WS = 'acme';
/** The last day of history; "today" for every surface. */
const TODAY = '2025-11-20';
const NOW = new Date(`${TODAY}T12:00:00Z`);
/** The last complete month: what goals, alerts, digests and insights judge. */
const COMPLETE = '2025-10';
const IDS = METRICS.map((m) => m.id);

type Values = Record<string, number | null>;

interface Engine {
  readonly name: string;
  /** Opens the store (the CLI and the server open their own, as in production). */
  open(): Promise<Store>;
  readonly global: GlobalOptions;
  readonly serverUrl?: string;
  cleanup(): Promise<void>;
}

async function duckdb(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'northstar-surfaces-'));
  const db = join(dir, 'surfaces.duckdb');
  return {
    name: 'DuckDB',
    open: () => openStore({ db }),
    global: { db, workspace: WS },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

const pgServer = postgresTestUrl('every surface gives the same number (PostgreSQL)');
const databases = new TestDatabases(pgServer ?? 'postgres://unused');

async function postgres(): Promise<Engine> {
  const databaseUrl = await databases.create();
  return {
    name: 'PostgreSQL',
    open: () => openStore({ databaseUrl }),
    global: { databaseUrl, workspace: WS },
    cleanup: () => databases.dropAll(),
  };
}

async function withStore<T>(engine: Engine, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await engine.open();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** A demo company (USD and EUR customers) under settings that all differ from the defaults. */
async function seed(engine: Engine): Promise<string> {
  const demo = generateDemo({ customers: 60, seed: 23, end: parseIsoDay(TODAY)!, months: 24 });
  expect(new Set(demo.subscriptions.map((s) => s.currency))).toEqual(new Set(['USD', 'EUR']));
  expect(demo.fx_rates.length).toBeGreaterThan(0);
  return withStore(engine, async (store) => {
    for (const kind of IMPORT_KINDS)
      await store.upsert(WS, kind, demo[kind] as RowOfKind[ImportKind][]);
    await store.updateWorkspace(WS, {
      profile: 'stripe',
      churnTiming: 'immediate',
      churnWindow: 'rolling_30_days',
      countJoinAndLeave: true,
      delinquencyDays: 30,
      reactivation: 'new',
    });
    const admin = await newApiKey({ workspaceId: WS, role: 'admin', label: 'surfaces test' });
    await store.createApiKey(admin.record);
    return admin.token;
  });
}

/** Runs a CLI command in-process and returns what it printed. */
async function cli(engine: Engine, args: readonly string[]): Promise<string> {
  const program = new Command('northstar').exitOverride();
  registerMetricCommands(program, () => engine.global);
  registerExportCommand(program, () => engine.global);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'northstar', ...args]);
  } finally {
    write.mockRestore();
  }
  return out;
}

function periodValues(report: Pick<MetricsReport, 'periods'>, period: string): Values {
  const found = report.periods.find((p) => p.period === period);
  if (!found) throw new Error(`no period ${period}`);
  return found.metrics;
}

const engines: [string, () => Promise<Engine>, boolean][] = [
  ['DuckDB', duckdb, false],
  ['PostgreSQL', postgres, !pgServer],
];

for (const [name, make, skip] of engines) {
  describe.skipIf(skip)(`every surface gives the same number (${name})`, () => {
    let engine: Engine;
    let token: string;
    let app: FastifyInstance;
    let dir: string;
    /** The CLI's JSON: the reference every other surface is held to. */
    let reference: MetricsReport;

    beforeAll(async () => {
      engine = await make();
      token = await seed(engine);
      dir = mkdtempSync(join(tmpdir(), 'northstar-surfaces-out-'));
      reference = JSON.parse(
        await cli(engine, ['metrics', '--format', 'json', '--to', TODAY]),
      ) as MetricsReport;
      const { buildServer } = await import('../src/api/server.ts');
      const { createFileStoreGate } = await import('../src/api/store-gate.ts');
      app = await buildServer({
        gate: createFileStoreGate({ path: null, open: () => engine.open() }),
        workspaceId: WS,
        setupCode: null,
        webRoot: null,
        rateLimitPerMinute: false,
        dbPath: null,
      });
    }, 240_000);

    afterAll(async () => {
      await app?.close();
      rmSync(dir, { recursive: true, force: true });
      await engine?.cleanup();
    });

    it('the CLI reports every metric, with values that depend on the settings', () => {
      expect(Object.keys(periodValues(reference, COMPLETE)).sort()).toEqual([...IDS].sort());
      // The non-default settings are in force (rolling window, euros converted, CAC from costs).
      const complete = periodValues(reference, COMPLETE);
      for (const id of ['mrr', 'customer_churn_rate', 'cac', 'nps', 'burn_multiple'])
        expect(complete[id], id).not.toBeNull();
    });

    it('API', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/metrics?to=${TODAY}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const api = res.json<MetricsReport>();
      expect(api.periods).toEqual(reference.periods);
      // The dashboard's single-metric route as well.
      for (const id of ['mrr', 'customer_churn_rate', 'cac']) {
        const one = await app.inject({
          method: 'GET',
          url: `/api/v1/metrics/${id}?to=${TODAY}`,
          headers: { authorization: `Bearer ${token}` },
        });
        expect(one.statusCode, one.body).toBe(200);
        const periods = one.json<{ periods: { period: string; value: number | null }[] }>().periods;
        expect(periods.find((p) => p.period === COMPLETE)?.value, id).toBe(
          periodValues(reference, COMPLETE)[id],
        );
      }
    });

    it('goals progress (the last complete period)', async () => {
      const statuses = await withStore(engine, async (store) => {
        for (const id of IDS)
          await saveGoal(store, WS, {
            id: `goal-${id}`,
            name: id,
            kind: 'number',
            metric: id,
            start: '2025-01-01',
            due: '2026-12-31',
            baseline: 0,
            target: 1,
          });
        return goalStatuses(store, WS, NOW);
      });
      const complete = periodValues(reference, COMPLETE);
      expect(Object.fromEntries(statuses.map((s) => [s.metric, s.current]))).toEqual(complete);
      expect(new Set(statuses.map((s) => s.period))).toEqual(new Set([COMPLETE]));
    });

    it('alert evaluation (the last complete period)', async () => {
      const checks = await withStore(engine, async (store) => {
        for (const id of IDS)
          await saveRule(store, WS, {
            id: `alert-${id}`,
            name: id,
            kind: 'threshold',
            metric: id,
            op: 'above',
            value: 0,
          });
        return evaluateAlerts(store, WS, NOW, { dryRun: true });
      });
      for (const c of checks) expect(c.condition.period, c.rule.id).toBe(COMPLETE);
      const values = Object.fromEntries(
        checks.map((c) => [(c.rule as { metric: string }).metric, c.condition.value]),
      );
      expect(values).toEqual(periodValues(reference, COMPLETE));
    });

    it('digest KPIs (the last complete period)', async () => {
      const digest = await withStore(engine, (store) => buildDigest(store, WS, NOW));
      expect(digest.period).toBe(COMPLETE);
      const complete = periodValues(reference, COMPLETE);
      for (const kpi of digest.kpis) expect(kpi.value, kpi.metric.id).toBe(complete[kpi.metric.id]);
    });

    it('XLSX export (every period)', async () => {
      const out = join(dir, `${engine.name}.xlsx`);
      await cli(engine, ['export', '--out', out, '--to', TODAY]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(out);
      const sheet = workbook.getWorksheet('Metrics')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      const periods: { period: string; metrics: Values }[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const cells = (row.values as unknown[]).slice(1);
        const metrics: Values = {};
        header.slice(3).forEach((id, i) => {
          const cell = cells[3 + i];
          metrics[id] = typeof cell === 'number' ? cell : null;
        });
        periods.push({ period: String(cells[0]), metrics });
      });
      expect(periods).toEqual(
        reference.periods.map((p) => ({ period: p.period, metrics: p.metrics })),
      );
    });

    it('insights (the period explained and the one before)', async () => {
      const index = reference.periods.findIndex((p) => p.period === COMPLETE);
      const before = reference.periods[index - 1]!;
      const explained = await withStore(engine, async (store) => {
        const out: Record<string, [number | null, number | null]> = {};
        for (const id of IDS) {
          const insight = await explainChange(store, WS, {
            metric: id,
            period: COMPLETE,
            now: NOW,
          });
          expect(insight.fromPeriod, id).toBe(before.period);
          out[id] = [insight.startValue, insight.endValue];
        }
        return out;
      });
      const complete = periodValues(reference, COMPLETE);
      expect(explained).toEqual(
        Object.fromEntries(IDS.map((id) => [id, [before.metrics[id], complete[id]]])),
      );
    });

    it('insights split MRR by plan as `metrics --by plan` does', async () => {
      const byPlan = JSON.parse(
        await cli(engine, [
          'metrics',
          '--by',
          'plan',
          '--metric',
          'net_new_mrr',
          '--format',
          'json',
          '--to',
          TODAY,
        ]),
      ) as { series: { value: string; periods: MetricsReport['periods'] }[] };
      const insight = await withStore(engine, (store) =>
        explainChange(store, WS, { metric: 'mrr', period: COMPLETE, now: NOW }),
      );
      const rows = insight.decomposition!.bySegment.find((s) => s.dimension === 'plan')!.rows;
      const expected = byPlan.series.flatMap((s) => {
        const value = periodValues(s, COMPLETE).net_new_mrr ?? 0;
        return value === 0 ? [] : [[s.value, toMinor(value, insight.currency)]];
      });
      const split = rows.filter((r) => r.value !== '(not by customer)');
      expect(Object.fromEntries(split.map((r) => [r.value, r.amount]))).toEqual(
        Object.fromEntries(expected),
      );
    });

    it('forecast history (every complete month of every metric that can be forecast)', async () => {
      const histories = await withStore(engine, async (store) => {
        const out: Record<string, { periods: string[]; values: number[] }> = {};
        for (const id of IDS) {
          try {
            out[id] = await monthlyHistory(store, WS, id, { now: NOW });
          } catch (error) {
            // A ratio undefined in some month cannot be forecast: the CLI has a null there.
            if (!(error instanceof QueryError)) throw error;
            const nulls = reference.periods.filter(
              (p) => p.period <= COMPLETE && p.metrics[id] === null,
            );
            expect(nulls.length, id).toBeGreaterThan(0);
          }
        }
        return out;
      });
      expect(Object.keys(histories).length).toBeGreaterThan(IDS.length / 2);
      for (const [id, history] of Object.entries(histories)) {
        if (history.periods.length === 0) {
          // Never a value yet (reactivation MRR while reactivations count as new): no history.
          const past = reference.periods.filter((p) => p.period <= COMPLETE);
          for (const p of past) expect([0, null], `${id} ${p.period}`).toContain(p.metrics[id]);
          continue;
        }
        expect(history.periods.at(-1), id).toBe(COMPLETE);
        const cli = history.periods.map((period) => periodValues(reference, period)[id]);
        expect(history.values, id).toEqual(cli);
      }
      // The API's forecast is fitted on the same history.
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/forecast?metric=mrr&to=${COMPLETE}&horizon=1&origins=1`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const actuals = res.json<{ actuals: { period: string; value: number }[] }>().actuals;
      const asOf = await withStore(engine, (store) =>
        monthlyHistory(store, WS, 'mrr', { to: COMPLETE, now: NOW }),
      );
      expect(actuals.map((a) => a.value)).toEqual(asOf.values);
      expect(actuals.map((a) => a.period)).toEqual(asOf.periods);
    });
  });
}
