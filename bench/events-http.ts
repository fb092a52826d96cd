/**
 * Usage events over HTTP (issue 5: ≥ 50,000 events/s on 2 cores): POST /api/v1/events
 * batches of 10,000 NDJSON events to a real `northstar serve` process on an empty
 * database, and print events/s and the p50/p95 latency of a batch.
 *
 *   npx tsx bench/events-http.ts [batches=30] [clients=2]
 */
import http from 'node:http';
import { percentile, request, startBenchServer } from './api-load.ts';
import { eventBatch } from './event-batches.ts';

const batches = Number(process.argv[2] ?? '30');
const clients = Number(process.argv[3] ?? '2');
const SIZE = 10_000;
const batch = (b: number): string => eventBatch(b, SIZE);

const server = await startBenchServer(null, 'default');
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const url = `${server.url}/api/v1/events`;
try {
  const bodies = Array.from({ length: batches + 1 }, (_, b) => batch(b));
  // Warm-up batch: JIT, table creation, the idempotency document collection.
  const warm = await request(agent, url, server.key, {
    method: 'POST',
    body: bodies[batches]!,
    contentType: 'application/x-ndjson',
  });
  if (warm.status !== 200) throw new Error(`events answered ${warm.status}: ${warm.body}`);
  const latencies: number[] = [];
  let next = 0;
  let written = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < batches) {
        const body = bodies[next++]!;
        const r = await request(agent, url, server.key, {
          method: 'POST',
          body,
          contentType: 'application/x-ndjson',
        });
        if (r.status !== 200) throw new Error(`events answered ${r.status}: ${r.body}`);
        written += (JSON.parse(r.body) as { accepted: number }).accepted;
        latencies.push(r.ms);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${batches} batches of ${SIZE.toLocaleString('en-US')} NDJSON events, ${clients} concurrent clients: ${written.toLocaleString('en-US')} written in ${seconds.toFixed(2)} s`,
  );
  console.log(
    `${Math.round(written / seconds).toLocaleString('en-US')} events/s (target ≥ 50,000)  batch latency p50 ${percentile(latencies, 50).toFixed(0)} ms  p95 ${percentile(latencies, 95).toFixed(0)} ms`,
  );
  // A replay of a batch writes nothing (idempotency keys).
  const replay = await request(agent, url, server.key, {
    method: 'POST',
    body: bodies[0]!,
    contentType: 'application/x-ndjson',
  });
  const r = JSON.parse(replay.body) as { accepted: number; duplicates: number[] };
  console.log(
    `replayed batch: ${r.accepted} written, ${r.duplicates.length} duplicates, ${replay.ms.toFixed(0)} ms`,
  );
} finally {
  agent.destroy();
  await server.stop();
}
