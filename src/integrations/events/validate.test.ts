import { describe, expect, it } from 'vitest';
import { EventBatchError, MAX_EVENTS_PER_BATCH, validateEventBatch } from './validate.ts';

const ev = (i: number, extra: Record<string, unknown> = {}) => ({
  occurred_at: `2025-03-01T10:00:${String(i % 60).padStart(2, '0')}Z`,
  customer_id: 'cus_1',
  user_id: `u_${i}`,
  event: 'report.exported',
  idempotency_key: `k_${i}`,
  ...extra,
});

describe('validateEventBatch', () => {
  it('accepts a JSON array as canonical event rows', () => {
    const result = validateEventBatch([ev(1, { quantity: 3 }), ev(2)]);
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toEqual([
      {
        occurred_at: Date.parse('2025-03-01T10:00:01Z'),
        customer_id: 'cus_1',
        user_id: 'u_1',
        event: 'report.exported',
        quantity: 3,
      },
      {
        occurred_at: Date.parse('2025-03-01T10:00:02Z'),
        customer_id: 'cus_1',
        user_id: 'u_2',
        event: 'report.exported',
        quantity: 1,
      },
    ]);
  });

  it('accepts NDJSON text, skipping blank lines, and reports a broken line by index', () => {
    const body = `${JSON.stringify(ev(1))}\n\n{not json}\n${JSON.stringify(ev(2))}\n`;
    const result = validateEventBatch(body);
    expect(result.total).toBe(3);
    expect(result.accepted).toHaveLength(2);
    expect(result.acceptedIndexes).toEqual([0, 2]);
    expect(result.rejected).toEqual([
      { index: 1, reasons: [expect.stringMatching(/^line 3 is not JSON/)] },
    ]);
  });

  it('rejects each bad event with every reason, keeping the good ones', () => {
    const result = validateEventBatch([
      ev(1),
      { occurred_at: '2025-02-30T10:00:00Z', user_id: 'u', event: 'x', quantity: -1 },
      { occurred_at: 1_700_000_000, customer_id: 'c', user_id: 'u', event: '' },
      'hello',
    ]);
    expect(result.accepted).toHaveLength(1);
    expect(result.rejected).toEqual([
      {
        index: 1,
        reasons: [
          'occurred_at "2025-02-30T10:00:00Z" is not an ISO 8601 date-time',
          'customer_id is required',
          'quantity must be a number, 0 or more',
        ],
      },
      {
        index: 2,
        reasons: ['occurred_at 1700000000 is not epoch milliseconds', 'event is required'],
      },
      { index: 3, reasons: ['an event must be a JSON object'] },
    ]);
  });

  it('reads local times in the workspace zone and epoch milliseconds as given', () => {
    const result = validateEventBatch(
      [ev(1, { occurred_at: '2025-03-01T10:00:00' }), ev(2, { occurred_at: 1_740_823_200_000 })],
      { timeZone: 'Europe/Paris' },
    );
    expect(result.accepted.map((r) => new Date(r.occurred_at).toISOString())).toEqual([
      '2025-03-01T09:00:00.000Z',
      '2025-03-01T10:00:00.000Z',
    ]);
  });

  it('reports a repeated idempotency key as a duplicate, written once', () => {
    const result = validateEventBatch([ev(1), ev(1), ev(2)]);
    expect(result.accepted).toHaveLength(2);
    expect(result.duplicates).toEqual([1]);
  });

  it('refuses more than 10,000 events and bodies that are not events', () => {
    const many = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => ev(i));
    expect(() => validateEventBatch(many)).toThrow(EventBatchError);
    expect(() => validateEventBatch(many.map((e) => JSON.stringify(e)).join('\n'))).toThrow(
      /at most 10000/,
    );
    expect(validateEventBatch(many.slice(0, MAX_EVENTS_PER_BATCH)).accepted).toHaveLength(
      MAX_EVENTS_PER_BATCH,
    );
    expect(() => validateEventBatch(42)).toThrow(/JSON array/);
    expect(() => validateEventBatch('[1,')).toThrow(/not valid JSON/);
    expect(validateEventBatch({ events: [ev(1)] }).accepted).toHaveLength(1);
  });
});
