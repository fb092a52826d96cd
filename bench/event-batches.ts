/** Synthetic usage-event batches (NDJSON) shared by the event benchmarks. */
const EVENTS = ['login', 'report.exported', 'dashboard.viewed', 'invite.sent', 'api.call'];
const START = Date.parse('2025-01-01T00:00:00Z');

/** Batch number `b` of `size` events, one second apart, each with its idempotency key. */
export function eventBatch(b: number, size: number): string {
  const lines: string[] = [];
  for (let i = 0; i < size; i++) {
    const n = b * size + i;
    lines.push(
      JSON.stringify({
        occurred_at: new Date(START + n * 1000).toISOString(),
        customer_id: `cus_${n % 5000}`,
        user_id: `u_${n % 40000}`,
        event: EVENTS[n % EVENTS.length],
        quantity: 1 + (n % 3),
        idempotency_key: `evt_${n}`,
      }),
    );
  }
  return lines.join('\n');
}
