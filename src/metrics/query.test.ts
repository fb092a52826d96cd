import { describe, expect, it } from 'vitest';
import { formatDay } from '../model/day.ts';
import { presetById } from './presets.ts';
import { historyEnd, parseRangeBound, parseSegments, QueryError, resolveMetrics } from './query.ts';

function failure(work: () => unknown): QueryError {
  try {
    work();
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error('expected a QueryError');
}

describe('what users type, parsed once for every surface', () => {
  it('reads a month as its first or last day, and a date as itself', () => {
    expect(formatDay(parseRangeBound('2024-02', 'start', 'from'))).toBe('2024-02-01');
    expect(formatDay(parseRangeBound('2024-02', 'end', 'to'))).toBe('2024-02-29');
    expect(formatDay(parseRangeBound('2023-02', 'end', 'to'))).toBe('2023-02-28');
    expect(formatDay(parseRangeBound('2024-07-15', 'end', 'to'))).toBe('2024-07-15');
  });

  it('refuses anything else with the field named', () => {
    for (const text of ['2024-13', '2024-02-30', 'May 2024', ''])
      expect(failure(() => parseRangeBound(text, 'start', 'from'))).toMatchObject({
        code: 'invalid_range',
        message: expect.stringContaining(`from "${text}"`) as unknown,
      });
  });

  it('ends history at the last complete month in the zone, or at `to`', () => {
    const now = new Date('2025-03-01T02:00:00Z');
    expect(formatDay(historyEnd('UTC', undefined, now))).toBe('2025-02-28');
    // Still 28 February in New York: January is the last complete month there.
    expect(formatDay(historyEnd('America/New_York', undefined, now))).toBe('2025-01-31');
    expect(formatDay(historyEnd('UTC', '2024-06', now))).toBe('2024-06-30');
  });

  it('puts a preset’s metrics first, without repeats, and names unknown ids', () => {
    const preset = presetById('early')!;
    const { metrics } = resolveMetrics(['mrr', preset.metrics[0]!], 'early');
    expect(metrics.map((m) => m.id)).toEqual([
      ...preset.metrics,
      ...(preset.metrics.includes('mrr') ? [] : ['mrr']),
    ]);
    expect(resolveMetrics([]).metrics.length).toBeGreaterThan(50);
    expect(failure(() => resolveMetrics(['mrr', 'nope']))).toMatchObject({
      code: 'unknown_metric',
      message: expect.stringContaining('"nope"') as unknown,
    });
    expect(failure(() => resolveMetrics([], 'unicorn')).code).toBe('bad_request');
  });

  it('reads segments as attribute=value filters', () => {
    expect(parseSegments(['plan=Pro', 'country=FR|DE'])).toEqual([
      { attribute: 'plan', values: ['Pro'] },
      { attribute: 'country', values: ['FR', 'DE'] },
    ]);
    expect(failure(() => parseSegments(['plan'])).code).toBe('bad_request');
  });
});
