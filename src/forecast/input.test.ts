import { describe, expect, it } from 'vitest';
import { InputError, parseSeriesCsv, parseSurvivalCsv } from './input.ts';

function problem(work: () => unknown): InputError {
  try {
    work();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('series CSV', () => {
  it('reads months in order, dates naming their month, BOM and blank lines tolerated', () => {
    const s = parseSeriesCsv(
      's.csv',
      '\uFEFFperiod,value\n2024-01,10\n\n2024-02-01,12.5\r\n2024-03,-3\n',
    );
    expect(s).toEqual({ periods: ['2024-01', '2024-02', '2024-03'], values: [10, 12.5, -3] });
  });

  it('names file, row, column and reason', () => {
    expect(
      problem(() => parseSeriesCsv('s.csv', 'period,value\n2024-01,10\n2024-02,abc\n')).message,
    ).toBe(
      's.csv, row 3, column value: "abc" is not a number (use digits and a "." decimal point)',
    );
    expect(
      problem(() => parseSeriesCsv('s.csv', 'period,value\n2024-01,10\n2024-03,1\n')),
    ).toMatchObject({
      row: 3,
      column: 'period',
      reason: expect.stringMatching(/2024-02 is missing/),
    });
    expect(
      problem(() => parseSeriesCsv('s.csv', 'period,value\n2024-01,10\n2024-01,1\n')).reason,
    ).toMatch(/already on row 2/);
    expect(problem(() => parseSeriesCsv('s.csv', 'period,value\n2024-13,10\n')).reason).toMatch(
      /not a month/,
    );
    expect(problem(() => parseSeriesCsv('s.csv', 'month,value\n2024-01,10\n'))).toMatchObject({
      row: 1,
      column: 'period',
    });
    expect(problem(() => parseSeriesCsv('s.csv', '')).reason).toMatch(/empty/);
    expect(problem(() => parseSeriesCsv('s.csv', 'period,value\n')).reason).toMatch(/no data rows/);
    expect(problem(() => parseSeriesCsv('s.csv', 'period,value\n2024-01,\n')).reason).toMatch(
      /is empty/,
    );
    expect(problem(() => parseSeriesCsv('s.csv', 'period,value\n2024-01,1,2\n')).reason).toMatch(
      /3 fields/,
    );
  });
});

describe('survival CSV', () => {
  it('reads alive counts from period 0', () => {
    expect(parseSurvivalCsv('a.csv', 'period,alive\n0,100\n1,80\n2,70\n')).toEqual([100, 80, 70]);
  });

  it('rejects rising counts, gaps, fractions and short cohorts', () => {
    expect(
      problem(() => parseSurvivalCsv('a.csv', 'period,alive\n0,100\n1,80\n2,90\n')),
    ).toMatchObject({
      row: 4,
      column: 'alive',
    });
    expect(
      problem(() => parseSurvivalCsv('a.csv', 'period,alive\n0,100\n2,80\n3,70\n')),
    ).toMatchObject({
      row: 3,
      column: 'period',
    });
    expect(
      problem(() => parseSurvivalCsv('a.csv', 'period,alive\n0,100\n1,80.5\n2,70\n')).column,
    ).toBe('alive');
    expect(
      problem(() => parseSurvivalCsv('a.csv', 'period,alive\n0,0\n1,0\n2,0\n')).reason,
    ).toMatch(/no customers/);
    expect(problem(() => parseSurvivalCsv('a.csv', 'period,alive\n0,100\n1,80\n')).reason).toMatch(
      /at least/,
    );
  });
});
