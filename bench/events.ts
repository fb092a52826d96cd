/**
 * Usage events API throughput: validation of NDJSON batches (10,000 events each, the API's
 * limit) and their upsert into an embedded DuckDB store. Target: ≥ 50,000 events/s for
 * validation + upsert on 2 cores. Run: `npx tsx bench/events.ts [batches]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEventBatch, MAX_EVENTS_PER_BATCH } from '../src/integrations/events/validate.ts';
import { openStore } from '../src/store/open.ts';
import { eventBatch } from './event-batches.ts';

const batches = Number(process.argv[2] ?? '10');
const batchText = (b: number): string => eventBatch(b, MAX_EVENTS_PER_BATCH);

const bodies = Array.from({ length: batches }, (_, b) => batchText(b));
const total = batches * MAX_EVENTS_PER_BATCH;
const dir = mkdtempSync(join(tmpdir(), 'northstar-bench-events-'));
const store = await openStore({ db: join(dir, 'bench.duckdb') });
try {
  await store.workspace('bench');
  // Warm-up: JIT and the first DuckDB write (table creation paths) are not the steady state.
  await store.upsert('bench', 'events', validateEventBatch(batchText(batches + 1)).accepted);

  let validateMs = 0;
  let upsertMs = 0;
  for (const body of bodies) {
    const t0 = performance.now();
    const result = validateEventBatch(body);
    const t1 = performance.now();
    if (result.rejected.length > 0)
      throw new Error(`bench data rejected: ${JSON.stringify(result.rejected[0])}`);
    await store.upsert('bench', 'events', result.accepted);
    const t2 = performance.now();
    validateMs += t1 - t0;
    upsertMs += t2 - t1;
  }
  const rate = (ms: number): string => Math.round(total / (ms / 1000)).toLocaleString('en-US');
  const counts = await store.counts('bench');
  console.log(
    `events: ${total.toLocaleString('en-US')} in ${batches} NDJSON batches of ${MAX_EVENTS_PER_BATCH.toLocaleString('en-US')}`,
  );
  console.log(
    `validate:          ${(validateMs / 1000).toFixed(2)} s  ${rate(validateMs)} events/s`,
  );
  console.log(`upsert (DuckDB):   ${(upsertMs / 1000).toFixed(2)} s  ${rate(upsertMs)} events/s`);
  console.log(
    `validate + upsert: ${((validateMs + upsertMs) / 1000).toFixed(2)} s  ${rate(validateMs + upsertMs)} events/s (target ≥ 50,000)`,
  );
  console.log(
    `rows stored: ${counts.events.toLocaleString('en-US')} (the timed batches plus one warm-up batch)`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
