import { Buffer } from 'node:buffer';
import { readCsv } from '../ingest/read-csv.ts';
import { fieldText } from '../ingest/records.ts';
import { monthLabel } from '../model/day.ts';
import { parseMonth, type MonthlySeries } from './series.ts';

/**
 * Small CSV inputs of the forecast and retention commands. Every problem names the file,
 * the row (as numbered in the file, the header being row 1), the column and the reason.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly row: number | null,
    readonly column: string | null,
    readonly reason: string,
  ) {
    super(
      [file, row === null ? null : `row ${row}`, column === null ? null : `column ${column}`]
        .filter(Boolean)
        .join(', ') + `: ${reason}`,
    );
  }
}

interface Row {
  readonly row: number;
  readonly cells: Readonly<Record<string, string>>;
}

/** Rows with the required columns (extra columns are ignored); blank lines are skipped. */
export function readRows(file: string, text: string, required: readonly string[]): Row[] {
  const records = readCsv(Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8'));
  const cellsOf = () => Array.from({ length: records.count }, (_, i) => fieldText(records, i));
  const header = records.next() ? cellsOf().map((h) => h.trim()) : [];
  if (header.length === 0 || (header.length === 1 && header[0] === ''))
    throw new InputError(
      file,
      null,
      null,
      `the file is empty; expected a header ${required.join(',')}`,
    );
  for (const column of required)
    if (!header.includes(column))
      throw new InputError(
        file,
        1,
        column,
        `missing column "${column}"; the header must name ${required.join(', ')} (found: ${header.join(', ')})`,
      );
  const rows: Row[] = [];
  while (records.next()) {
    const cells = cellsOf();
    if (cells.every((c) => c.trim() === '')) continue;
    const row = records.row;
    const problem = records.problems[0];
    if (problem) throw new InputError(file, row, null, problem.reason);
    if (cells.length !== header.length)
      throw new InputError(
        file,
        row,
        null,
        `has ${cells.length} fields; the header has ${header.length}`,
      );
    rows.push({ row, cells: Object.fromEntries(header.map((h, k) => [h, cells[k]!.trim()])) });
  }
  if (rows.length === 0)
    throw new InputError(file, null, null, 'the file has a header but no data rows');
  return rows;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function number(file: string, row: Row, column: string): number {
  const text = row.cells[column]!;
  if (text === '') throw new InputError(file, row.row, column, 'is empty; a number is required');
  if (!NUMBER.test(text))
    throw new InputError(
      file,
      row.row,
      column,
      `"${text}" is not a number (use digits and a "." decimal point)`,
    );
  return Number(text);
}

/** `period,value` rows of consecutive months, oldest first. */
export function parseSeriesCsv(file: string, text: string): MonthlySeries {
  return seriesOfRows(file, readRows(file, text, ['period', 'value']));
}

/**
 * `series,period,value` rows: many series in one file, each of consecutive months oldest
 * first; the rows of different series may be interleaved. Series keep the order of their
 * first row; each needs `minLength` months (a shorter one is named with its first row).
 */
export function parseSeriesBatchCsv(
  file: string,
  text: string,
  minLength = 1,
): Map<string, MonthlySeries> {
  return seriesBatchOfRows(file, readRows(file, text, ['series', 'period', 'value']), minLength);
}

/** A forecast input: one `period,value` series, or many when the header has `series`. */
export function parseForecastInput(
  file: string,
  text: string,
  minLength = 1,
): { single: MonthlySeries } | { batch: Map<string, MonthlySeries> } {
  const rows = readRows(file, text, ['period', 'value']);
  if ('series' in rows[0]!.cells) return { batch: seriesBatchOfRows(file, rows, minLength) };
  return { single: seriesOfRows(file, rows) };
}

function seriesBatchOfRows(
  file: string,
  rows: readonly Row[],
  minLength: number,
): Map<string, MonthlySeries> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const name = row.cells.series!;
    if (name === '')
      throw new InputError(file, row.row, 'series', 'is empty; every row names its series');
    const group = groups.get(name);
    if (group) group.push(row);
    else groups.set(name, [row]);
  }
  return new Map(
    [...groups].map(([name, group]) => {
      if (group.length < minLength)
        throw new InputError(
          file,
          group[0]!.row,
          'series',
          `series "${name}" has ${group.length} months; a forecast needs at least ${minLength}`,
        );
      return [name, seriesOfRows(file, group)];
    }),
  );
}

function seriesOfRows(file: string, rows: readonly Row[]): MonthlySeries {
  const periods: string[] = [];
  const values: number[] = [];
  let previous: { index: number; row: number } | null = null;
  for (const row of rows) {
    const index = parseMonth(row.cells.period!);
    if (index === null)
      throw new InputError(
        file,
        row.row,
        'period',
        `"${row.cells.period}" is not a month (YYYY-MM)`,
      );
    if (previous !== null) {
      if (index === previous.index)
        throw new InputError(
          file,
          row.row,
          'period',
          `${monthLabel(index)} is already on row ${previous.row}`,
        );
      if (index < previous.index)
        throw new InputError(
          file,
          row.row,
          'period',
          `${monthLabel(index)} comes after ${monthLabel(previous.index)}; months must be in order, oldest first`,
        );
      if (index > previous.index + 1)
        throw new InputError(
          file,
          row.row,
          'period',
          `${monthLabel(index)} follows ${monthLabel(previous.index)}: months must be consecutive (${monthLabel(previous.index + 1)} is missing)`,
        );
    }
    periods.push(monthLabel(index));
    values.push(number(file, row, 'value'));
    previous = { index, row: row.row };
  }
  return { periods, values };
}

/** `period,alive` rows of one cohort: periods 0, 1, 2… and alive counts that never rise. */
export function parseSurvivalCsv(file: string, text: string): number[] {
  const rows = readRows(file, text, ['period', 'alive']);
  const alive: number[] = [];
  rows.forEach((row, k) => {
    const periodText = row.cells.period!;
    if (!/^\d+$/.test(periodText) || Number(periodText) !== k)
      throw new InputError(
        file,
        row.row,
        'period',
        `"${periodText}" should be ${k}: periods count 0, 1, 2… from the cohort's start, one row each`,
      );
    const value = number(file, row, 'alive');
    if (!Number.isInteger(value) || value < 0)
      throw new InputError(
        file,
        row.row,
        'alive',
        `"${row.cells.alive}" is not a whole number of customers ≥ 0`,
      );
    if (k === 0 && value === 0)
      throw new InputError(file, row.row, 'alive', 'the cohort has no customers at period 0');
    if (k > 0 && value > alive[k - 1]!)
      throw new InputError(
        file,
        row.row,
        'alive',
        `${value} customers alive is more than the ${alive[k - 1]} of period ${k - 1}; a cohort can only shrink`,
      );
    alive.push(value);
  });
  if (alive.length < 3)
    throw new InputError(
      file,
      null,
      null,
      `a retention fit needs periods 0, 1 and 2 at least; got ${alive.length}`,
    );
  return alive;
}
