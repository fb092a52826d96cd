import type { ImportKind, KindSpec } from '../model/kinds.ts';
import { formatDay } from '../model/day.ts';
import type { CellValue } from './cells.ts';

/**
 * Rules that involve more than one column of a row, which the column table cannot express.
 * They run after every cell of the row was parsed, and only look at cells that parsed.
 */

/** State of each cell of the row being validated. */
export const CELL_OK = 0;
/** Empty cell or absent column (the value is the default or null). */
export const CELL_BLANK = 1;
/** The cell was reported as invalid: rules must ignore it. */
export const CELL_FAILED = 2;

export type ReportIssue = (column: string, reason: string) => void;

/** Checks (and may complete) one row: `values` and `states` are indexed like the spec's columns. */
export type RowRule = (values: CellValue[], states: Uint8Array, report: ReportIssue) => void;

function indexer(spec: KindSpec): (name: string) => number {
  return (name) => {
    const i = spec.columns.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`${spec.kind} has no column ${name}`);
    return i;
  };
}

function subscriptionRule(spec: KindSpec): RowRule {
  const at = indexer(spec);
  const start = at('start_date');
  const end = at('end_date');
  return (values, states, report) => {
    if (states[start] !== CELL_OK || states[end] !== CELL_OK) return;
    const s = values[start] as number;
    const e = values[end] as number;
    // end_date is exclusive; end == start is an (allowed) zero-length row.
    if (e < s) report('end_date', `end_date ${formatDay(e)} is before start_date ${formatDay(s)}`);
  };
}

function invoiceRule(spec: KindSpec): RowRule {
  const at = indexer(spec);
  const start = at('period_start');
  const end = at('period_end');
  const type = at('type');
  return (values, states, report) => {
    const hasStart = states[start] === CELL_OK;
    const hasEnd = states[end] === CELL_OK;
    if (hasStart && hasEnd && (values[end] as number) <= (values[start] as number)) {
      report(
        'period_end',
        `period_end ${formatDay(values[end] as number)} is not after period_start ` +
          formatDay(values[start] as number),
      );
    }
    if (states[type] === CELL_BLANK) {
      // A line with a service period is a subscription line; one without is a one-time charge.
      values[type] = hasStart && hasEnd ? 'subscription' : 'one_time';
    } else if (
      states[type] === CELL_OK &&
      (values[type] === 'subscription' || values[type] === 'usage') &&
      ((!hasStart && states[start] !== CELL_FAILED) || (!hasEnd && states[end] !== CELL_FAILED))
    ) {
      report(
        'type',
        `a ${values[type]} line needs period_start and period_end (its service period) to count as MRR`,
      );
    }
  };
}

const SURVEY_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  nps: [0, 10],
  csat: [1, 5],
};

function surveyRule(spec: KindSpec): RowRule {
  const at = indexer(spec);
  const kind = at('kind');
  const score = at('score');
  return (values, states, report) => {
    if (states[kind] !== CELL_OK || states[score] !== CELL_OK) return;
    const range = SURVEY_RANGES[values[kind] as string];
    const value = values[score] as number;
    if (range !== undefined && (value < range[0] || value > range[1])) {
      report(
        'score',
        `${values[kind]} score must be between ${range[0]} and ${range[1]}: ${value}`,
      );
    }
  };
}

const RULES: Partial<Record<ImportKind, (spec: KindSpec) => RowRule>> = {
  subscriptions: subscriptionRule,
  invoices: invoiceRule,
  surveys: surveyRule,
};

/** The row rule of a kind, or null when its columns are independent. */
export function compileRowRule(spec: KindSpec): RowRule | null {
  const make = RULES[spec.kind];
  return make === undefined ? null : make(spec);
}
