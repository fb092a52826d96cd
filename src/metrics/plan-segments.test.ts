/**
 * Segments of plans from the engine's columns select every other kind's rows by the plan
 * the customer had at the time, as PlanHistory does over the subscription rows: every
 * metric of a plan segment, and of each `--by plan` series within one, equals the same
 * computed from the rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { computeBusinessFacts, type BusinessRows } from '../engine/business.ts';
import { PLAN, segmentRows, type SegmentFilter } from '../engine/segments.ts';
import { zoneClock } from '../ingest/time.ts';
import { parseIsoDay } from '../model/day.ts';
import { IMPORT_KINDS } from '../model/kinds.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { kindsOfQuery } from './query.ts';
import { METRICS } from './registry.ts';
import {
  computeWorkspaceFacts,
  computeWorkspaceSeries,
  type FactsRequest,
  type WorkspaceFacts,
} from './service.ts';

const WS = 'plans';
let dir: string;
let store: Store;
let rows: BusinessRows;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-plan-segments-'));
  store = await openStore({ db: join(dir, 'plans.duckdb') });
  const demo = generateDemo({ customers: 120, seed: 9, end: parseIsoDay('2025-06-15')! });
  const all: Record<string, unknown> = {};
  for (const kind of IMPORT_KINDS) {
    await store.upsert(WS, kind, demo[kind]);
    all[kind] = await store.readRows(WS, kind);
  }
  rows = all as BusinessRows;
}, 120_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const request: FactsRequest = {
  workspaceId: WS,
  interval: 'month',
  mode: 'event',
  from: parseIsoDay('2024-07-01')!,
  to: parseIsoDay('2025-06-15')!,
  kinds: kindsOfQuery(METRICS.map((m) => m.id)),
};

/** Every metric's values, period by period. */
function values(facts: WorkspaceFacts) {
  return facts.mrr.periods.map((_, k) =>
    METRICS.map((m) => [
      m.id,
      m.compute({ facts: facts.mrr.facts, k, business: facts.business, settings: facts.settings }),
    ]),
  );
}

/** The facts of `segment` with every other kind's rows selected from the rows. */
function fromRows(facts: WorkspaceFacts, segment: readonly SegmentFilter[]): WorkspaceFacts {
  const clock = zoneClock(facts.settings.timeZone);
  const selected = segmentRows(rows, segment, (ms) => clock.dayOf(ms));
  const business = computeBusinessFacts(selected, facts.mrr.periods, {
    interval: request.interval,
    lastDay: request.to,
    settings: facts.settings,
  });
  return { ...facts, business };
}

describe('segments of plans', () => {
  const within: SegmentFilter[] = [{ attribute: PLAN, values: ['Business', 'Team'] }];

  it('a plan segment: every metric as from the rows', async () => {
    const facts = await computeWorkspaceFacts(store, { ...request, segment: within });
    expect(values(facts)).toEqual(values(fromRows(facts, within)));
  }, 120_000);

  it('--by plan within plans: every metric of every series as from the rows', async () => {
    const series = await computeWorkspaceSeries(store, { ...request, segment: within }, PLAN);
    expect(series.length).toBeGreaterThan(2);
    for (const s of series) {
      const segment = [...within, { attribute: PLAN, values: [s.value] }];
      expect(values(s.facts), s.value).toEqual(values(fromRows(s.facts, segment)));
    }
  }, 120_000);
});
