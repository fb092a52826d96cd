import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../model/day.ts';
import type { ImportKind } from '../model/kinds.ts';
import { KIND_SPECS } from '../model/kinds.ts';
import type { CellValue } from './cells.ts';
import { CELL_BLANK, CELL_FAILED, CELL_OK, compileRowRule } from './rules.ts';

const day = (iso: string): number => parseIsoDay(iso) as number;

/** Runs a kind's rule on a row given by column name; returns the values and the issues. */
function check(kind: ImportKind, cells: Record<string, CellValue>, failed: string[] = []) {
  const spec = KIND_SPECS[kind];
  const values = spec.columns.map((c) => cells[c.name] ?? null);
  const states = Uint8Array.from(spec.columns, (c) =>
    failed.includes(c.name) ? CELL_FAILED : cells[c.name] === undefined ? CELL_BLANK : CELL_OK,
  );
  const issues: string[] = [];
  compileRowRule(spec)?.(values, states, (column, reason) => issues.push(`${column}: ${reason}`));
  return {
    issues,
    value: (name: string) => values[spec.columns.findIndex((c) => c.name === name)],
  };
}

describe('row rules', () => {
  it('kinds without cross-column rules have none', () => {
    expect(compileRowRule(KIND_SPECS.cash)).toBeNull();
  });

  it('subscriptions: end_date may equal but not precede start_date', () => {
    expect(
      check('subscriptions', { start_date: day('2024-02-01'), end_date: day('2024-01-01') }).issues,
    ).toEqual(['end_date: end_date 2024-01-01 is before start_date 2024-02-01']);
    expect(
      check('subscriptions', { start_date: day('2024-02-01'), end_date: day('2024-02-01') }).issues,
    ).toEqual([]);
    expect(check('subscriptions', { start_date: day('2024-02-01') }, ['end_date']).issues).toEqual(
      [],
    );
  });

  it('invoices: blank type from the service period; explicit recurring lines need one', () => {
    const period = { period_start: day('2024-01-01'), period_end: day('2024-02-01') };
    expect(check('invoices', period).value('type')).toBe('subscription');
    expect(check('invoices', { period_start: day('2024-01-01') }).value('type')).toBe('one_time');
    expect(check('invoices', { type: 'usage', period_end: day('2024-02-01') }).issues).toEqual([
      'type: a usage line needs period_start and period_end (its service period) to count as MRR',
    ]);
    expect(check('invoices', { type: 'one_time' }).issues).toEqual([]);
    // A period cell that failed to parse was reported already.
    expect(
      check('invoices', { type: 'subscription', period_end: day('2024-02-01') }, ['period_start'])
        .issues,
    ).toEqual([]);
    expect(
      check('invoices', { period_start: day('2024-02-01'), period_end: day('2024-02-01') }).issues,
    ).toEqual(['period_end: period_end 2024-02-01 is not after period_start 2024-02-01']);
  });

  it('surveys: score range by kind', () => {
    expect(check('surveys', { kind: 'nps', score: 0 }).issues).toEqual([]);
    expect(check('surveys', { kind: 'csat', score: 6 }).issues).toEqual([
      'score: csat score must be between 1 and 5: 6',
    ]);
    expect(check('surveys', { kind: 'nps', score: -1 }).issues).toEqual([
      'score: nps score must be between 0 and 10: -1',
    ]);
  });
});
