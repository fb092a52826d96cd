import type { ColumnSpec, ImportIssue, ImportKind, KindSpec, RowOfKind } from '../model/kinds.ts';
import { parseMinorUnits } from '../model/money.ts';
import type { CellContext, CellParser, CellValue, MoneyParser } from './cells.ts';
import {
  CellError,
  currencyCode,
  currencyDigits,
  currencyIndex,
  makeCellParser,
  makeMoneyParser,
  unknownCurrency,
} from './cells.ts';
import { KeyTable } from './hashing.ts';
import type { DecimalVotes } from './numbers.ts';
import { EVIDENCE_COMMA, EVIDENCE_DOT, decimalEvidence } from './numbers.ts';
import type { RecordSource } from './records.ts';
import { fieldText } from './records.ts';
import { isWhitespace } from './whitespace.ts';
import { closestName } from '../model/suggest.ts';
import type { ColumnsSink } from './columns.ts';
import type { RowBuilder } from './row-factory.ts';
import { compileRowBuilder } from './row-factory.ts';
import type { RowRule } from './rules.ts';
import { CELL_BLANK, CELL_FAILED, CELL_OK, compileRowRule } from './rules.ts';

/**
 * Generic validation of records against a kind of KIND_SPECS: header mapping, one parser per
 * column chosen once per file, defaults, required cells, the kind's row rule, duplicate keys
 * and the issue cap. Works on any RecordSource (CSV or XLSX).
 */

export const MAX_ISSUES = 10_000;

// --- header -------------------------------------------------------------------------------

export interface HeaderIssue {
  readonly column: string | null;
  readonly reason: string;
}

export interface HeaderMapping {
  /** Header names as read: trimmed and lower-cased. */
  readonly names: readonly string[];
  /** For each spec column (in spec order), its field index in the records, or -1 if absent. */
  readonly fieldOf: readonly number[];
  /** Columns kept as custom attributes (kinds with keepsExtraColumns). */
  readonly extras: readonly { readonly name: string; readonly field: number }[];
  /** Whether a field's value is read at all (problems in ignored columns are not reported). */
  readonly used: readonly boolean[];
  readonly issues: readonly HeaderIssue[];
  /** A problem of the header itself: no row can be imported. */
  readonly fatal: boolean;
}

export function normalizeHeaderName(text: string): string {
  return text
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase();
}

export function mapHeader(spec: KindSpec, rawNames: readonly string[]): HeaderMapping {
  const names = rawNames.map(normalizeHeaderName);
  const issues: HeaderIssue[] = [];
  const firstField = new Map<string, number>();
  names.forEach((name, field) => {
    if (name === '') return; // an unnamed column (often a trailing delimiter) is ignored
    const first = firstField.get(name);
    if (first === undefined) {
      firstField.set(name, field);
    } else {
      issues.push({
        column: name,
        reason: `duplicate column ${name}: columns ${first + 1} and ${field + 1} have the same name`,
      });
    }
  });
  const used = names.map(() => false);
  const known = new Set(spec.columns.map((c) => c.name));
  const fieldOf = spec.columns.map((col) => {
    const field = firstField.get(col.name);
    if (field === undefined) {
      if (col.required)
        issues.push({ column: col.name, reason: missingColumnReason(col, names, known) });
      return -1;
    }
    used[field] = true;
    return field;
  });
  const extras: { name: string; field: number }[] = [];
  if (spec.keepsExtraColumns) {
    for (const [name, field] of firstField) {
      if (!known.has(name)) {
        extras.push({ name, field });
        used[field] = true;
      }
    }
  }
  return { names, fieldOf, extras, used, issues, fatal: issues.length > 0 };
}

function missingColumnReason(
  col: ColumnSpec,
  names: readonly string[],
  known: ReadonlySet<string>,
): string {
  const loose = (s: string): string => s.replace(/[\s\-.]+/g, '_');
  const spaced = names.find((n) => n !== col.name && loose(n) === col.name);
  if (spaced !== undefined)
    return `missing required column ${col.name} (found "${spaced}": column names are snake_case)`;
  const near = closestName(
    col.name,
    names.filter((n) => n !== '' && !known.has(n)),
  );
  return near === null
    ? `missing required column ${col.name}`
    : `missing required column ${col.name} (found "${near}": did you mean ${col.name}?)`;
}

// --- decimal separator --------------------------------------------------------------------

/** Why a CSV row with fewer cells than its header is refused (its cells would shift columns). */
export function shortRowReason(cells: number, headerCells: number): string {
  return (
    `row has ${cells} ${cells === 1 ? 'cell' : 'cells'} but the header has ${headerCells}: ` +
    'a cut-off row, or a line break in a value that is not in quotes'
  );
}

/** Cells a CSV row must have: through the last named header column (a trailing delimiter
 * leaves an unnamed one). */
export function requiredCells(headerNames: readonly string[]): number {
  return headerNames.findLastIndex((n) => n.trim() !== '') + 1;
}

/** Reads up to maxRows records and counts decimal-comma vs decimal-point cells in `fields`. */
export function voteDecimal(
  source: RecordSource,
  fields: readonly number[],
  maxRows: number,
): DecimalVotes {
  const votes: DecimalVotes = { comma: 0, dot: 0 };
  for (let n = 0; n < maxRows && source.next(); n++) {
    for (const field of fields) {
      if (field >= source.count) continue;
      const override = source.overrides[field];
      const s = override ?? source.src;
      let a = override === undefined ? (source.starts[field] as number) : 0;
      let b = override === undefined ? (source.ends[field] as number) : override.length;
      while (a < b && isWhitespace(s.charCodeAt(a))) a++;
      while (b > a && isWhitespace(s.charCodeAt(b - 1))) b--;
      const evidence = decimalEvidence(s, a, b);
      if (evidence === EVIDENCE_COMMA) votes.comma++;
      else if (evidence === EVIDENCE_DOT) votes.dot++;
    }
    if (votes.comma > 0 && votes.dot > 0) break;
  }
  return votes;
}

// --- rows ---------------------------------------------------------------------------------

export interface ValidationResult<K extends ImportKind> {
  rows: RowOfKind[K][];
  rowNumbers: number[];
  issues: ImportIssue[];
  totalRows: number;
  rejectedRows: number;
}

export interface ValidatorOptions {
  readonly file: string;
  readonly context: CellContext;
  /** Row number of the header (issues about the header use it). */
  readonly headerRow: number;
  readonly maxIssues?: number;
  /**
   * Collect valid rows as columns here instead of building row objects in `result.rows`
   * (the bulk-import fast path; `rows` and `rowNumbers` then stay empty).
   */
  readonly sink?: ColumnsSink<ImportKind>;
  /**
   * A row must have a cell for every named header column (CSV: a short row was cut off or
   * split by a line break outside quotes). XLSX leaves out trailing empty cells, so not there.
   */
  readonly requireEveryCell?: boolean;
}

interface Column {
  readonly spec: ColumnSpec;
  readonly index: number;
  readonly field: number;
  readonly parse: CellParser | null;
  readonly money: MoneyParser | null;
  readonly hasDefault: boolean;
  readonly defaultValue: CellValue;
}

function defaultOf(col: ColumnSpec, parse: CellParser | null): CellValue {
  if (col.default === undefined) return null;
  if (col.type === 'money') return null; // depends on the row's currency: computed per row
  if (typeof col.default === 'number') return col.default;
  const text = String(col.default);
  if (text === '' || parse === null) return text;
  const value = parse(text, 0, text.length);
  if (value instanceof CellError) throw new Error(`bad default for ${col.name}: ${value.reason}`);
  return value;
}

/**
 * Validates the records of a source (positioned after the header) in chunks, so that the
 * caller can report progress and yield to the event loop between them.
 */
export class Validator<K extends ImportKind> {
  readonly result: ValidationResult<K>;
  private readonly source: RecordSource;
  private readonly file: string;
  private readonly maxIssues: number;
  private readonly fatal: boolean;
  private readonly columns: readonly Column[];
  /** Evaluation order: the currency column first, so money columns know the row's currency. */
  private readonly order: readonly Column[];
  private readonly currencyColumn: number;
  private readonly headerLength: number;
  /** Cells a row needs (through the last named header column), 0 when short rows are fine. */
  private readonly minCells: number;
  private readonly used: readonly boolean[];
  private readonly names: readonly string[];
  private readonly extras: HeaderMapping['extras'];
  private readonly keyColumns: readonly Column[];
  private readonly keys = new KeyTable();
  private readonly plan: {
    /** Spec index of the column at each evaluation position (the currency column first). */
    readonly order: Int32Array;
    /** Field of the column at each evaluation position, -1 when absent. */
    readonly fields: Int32Array;
    readonly parsers: (CellParser | null)[];
    readonly moneyParsers: (MoneyParser | null)[];
    readonly money: Uint8Array;
    readonly hasCurrency: boolean;
  };
  private readonly columnNames: readonly string[];
  private readonly rule: RowRule | null;
  private readonly build: RowBuilder;
  private readonly sink: ColumnsSink<ImportKind> | null;
  private readonly values: CellValue[];
  private readonly states: Uint8Array;
  private readonly failedFields: boolean[] = [];
  private omitted = 0;
  private firstOmittedRow = 0;
  private row = 0;
  private rowBad = false;
  private readonly report = (column: string | null, reason: string): void => {
    this.addIssue(this.row, column, reason);
    this.rowBad = true;
  };

  constructor(
    spec: KindSpec,
    source: RecordSource,
    header: HeaderMapping,
    options: ValidatorOptions,
  ) {
    this.source = source;
    this.file = options.file;
    this.maxIssues = options.maxIssues ?? MAX_ISSUES;
    this.result = { rows: [], rowNumbers: [], issues: [], totalRows: 0, rejectedRows: 0 };
    for (const issue of header.issues) this.addIssue(options.headerRow, issue.column, issue.reason);
    this.fatal = header.fatal;
    this.headerLength = header.names.length;
    this.minCells = options.requireEveryCell === true ? requiredCells(header.names) : 0;
    this.used = header.used;
    this.names = header.names;
    this.extras = header.extras;
    this.columns = spec.columns.map((col, index) => {
      const parse = col.type === 'money' ? null : makeCellParser(col, options.context);
      return {
        spec: col,
        index,
        field: header.fieldOf[index] ?? -1,
        parse,
        money: col.type === 'money' ? makeMoneyParser(col, options.context) : null,
        hasDefault: col.default !== undefined,
        defaultValue: defaultOf(col, parse),
      };
    });
    this.currencyColumn = spec.columns.findIndex((c) => c.type === 'currency');
    if (this.currencyColumn < 0 && spec.columns.some((c) => c.type === 'money')) {
      throw new Error(`${spec.kind} has money columns but no currency column`);
    }
    this.order = [...this.columns].sort(
      (x, y) => Number(x.index !== this.currencyColumn) - Number(y.index !== this.currencyColumn),
    );
    this.keyColumns = spec.key.map((name) => {
      const col = this.columns.find((c) => c.spec.name === name);
      if (col === undefined) throw new Error(`${spec.kind} key column ${name} is not a column`);
      return col;
    });
    this.plan = {
      order: Int32Array.from(this.order, (c) => c.index),
      fields: Int32Array.from(this.order, (c) => c.field),
      parsers: this.order.map((c) => c.parse),
      moneyParsers: this.order.map((c) => c.money),
      money: Uint8Array.from(this.order, (c) => (c.money === null ? 0 : 1)),
      hasCurrency: this.currencyColumn >= 0,
    };
    this.columnNames = spec.columns.map((c) => c.name);
    this.rule = compileRowRule(spec);
    this.build = compileRowBuilder(spec);
    this.sink = options.sink ?? null;
    this.values = new Array<CellValue>(this.columns.length).fill(null);
    this.states = new Uint8Array(this.columns.length);
  }

  private addIssue(row: number, column: string | null, reason: string): void {
    const issues = this.result.issues;
    if (issues.length < this.maxIssues) {
      issues.push({ file: this.file, row, column, reason });
    } else {
      if (this.omitted === 0) this.firstOmittedRow = row;
      this.omitted++;
    }
  }

  /** Validates up to `limit` more rows; false once the source is exhausted. */
  run(limit: number): boolean {
    const source = this.source;
    const result = this.result;
    const values = this.values;
    const states = this.states;
    const headerLength = this.headerLength;
    for (let n = 0; n < limit; n++) {
      if (!source.next()) return false;
      result.totalRows++;
      this.row = source.row;
      this.rowBad = false;
      const count = source.count;
      const readerProblems = source.problems.length > 0;
      if (readerProblems) this.readerProblems();
      if (count > headerLength) {
        this.report(null, `row has ${count} cells but the header has ${headerLength}`);
      }
      if (count < this.minCells && !readerProblems) {
        // Its cells would land in the wrong columns: only the shape is reported.
        this.report(null, shortRowReason(count, headerLength));
        result.rejectedRows++;
        continue;
      }
      this.cells(readerProblems);
      if (this.rule !== null) this.rule(values, states, this.report);
      if (this.keyColumns.length > 0) this.checkKey();
      if (this.rowBad || this.fatal) {
        result.rejectedRows++;
      } else if (this.sink !== null) {
        this.sink.add(values, this.extras.length > 0 ? this.attributes() : undefined);
      } else {
        result.rows.push(
          this.build(
            values,
            this.extras.length > 0 ? this.attributes() : undefined,
          ) as RowOfKind[K],
        );
        result.rowNumbers.push(this.row);
      }
    }
    return true;
  }

  /**
   * Parses the cells of the current row into `values` / `states`, reporting bad cells. One
   * parser per column, chosen once per file; the currency column goes first so that money
   * cells know the row's currency.
   */
  private cells(readerProblems: boolean): void {
    const source = this.source;
    const plan = this.plan;
    const order = plan.order;
    const fields = plan.fields;
    const parsers = plan.parsers;
    const width = order.length;
    const values = this.values;
    const states = this.states;
    const count = source.count;
    const src = source.src;
    const starts = source.starts;
    const ends = source.ends;
    const overrides = source.overrides;
    const checkOverrides = overrides.length > 0;
    let currency = '';
    let digits = -1; // the row's currency is unknown or invalid
    for (let k = 0; k < width; k++) {
      const j = order[k] as number;
      const field = fields[k] as number;
      let s = src;
      let a = 0;
      let b = 0;
      if (field >= 0 && field < count) {
        if (readerProblems && this.failedFields[field] === true) {
          values[j] = null;
          states[j] = CELL_FAILED;
          continue;
        }
        const override = checkOverrides ? overrides[field] : undefined;
        if (override === undefined) {
          a = starts[field] as number;
          b = ends[field] as number;
        } else {
          s = override;
          b = override.length;
        }
        let c = s.charCodeAt(a);
        while (a < b && (c <= 32 || c >= 127) && isWhitespace(c)) c = s.charCodeAt(++a);
        c = s.charCodeAt(b - 1);
        while (b > a && (c <= 32 || c >= 127) && isWhitespace(c)) c = s.charCodeAt(--b - 1);
      }
      if (a === b) {
        this.blank(k, digits);
        continue;
      }
      let value: CellValue | CellError;
      if (k === 0 && plan.hasCurrency) {
        const index = currencyIndex(s, a, b);
        if (index >= 0) {
          currency = currencyCode(index);
          digits = currencyDigits(index);
          value = currency;
        } else {
          value = unknownCurrency(s, a, b);
        }
      } else if (plan.money[k] === 1) {
        if (digits < 0) {
          // The currency cell was reported; an amount cannot be judged without it.
          values[j] = null;
          states[j] = CELL_FAILED;
          this.rowBad = true;
          continue;
        }
        value = (plan.moneyParsers[k] as MoneyParser)(s, a, b, currency, digits);
      } else {
        value = (parsers[k] as CellParser)(s, a, b);
      }
      // Values are strings, numbers or null; an object is a CellError (cheaper than instanceof).
      if (typeof value === 'object' && value !== null) {
        this.report(this.columnNames[j] as string, value.reason);
        values[j] = null;
        states[j] = CELL_FAILED;
      } else {
        values[j] = value;
        states[j] = CELL_OK;
      }
    }
  }

  /** An empty cell or absent column at evaluation position k. */
  private blank(k: number, digits: number): void {
    const col = this.order[k] as Column;
    const j = col.index;
    this.states[j] = CELL_BLANK;
    if (col.hasDefault) {
      if (col.money !== null) {
        const minor = digits >= 0 ? parseMinorUnits(String(col.spec.default), digits) : 0;
        this.values[j] = typeof minor === 'number' ? minor : 0;
      } else {
        this.values[j] = col.defaultValue;
      }
      return;
    }
    this.values[j] = null;
    if (col.spec.required) {
      this.states[j] = CELL_FAILED;
      // An absent required column was reported once, on the header.
      if (col.field >= 0)
        this.report(col.spec.name, `${col.spec.name} is required but the cell is empty`);
      else this.rowBad = true;
    }
  }

  private readerProblems(): void {
    const failed = this.failedFields;
    failed.length = 0;
    for (const problem of this.source.problems) {
      if (problem.field >= 0 && this.used[problem.field] !== true) {
        if (problem.field < this.headerLength) continue; // a column that is not imported
        this.report(null, problem.reason);
        continue;
      }
      if (problem.field >= 0) failed[problem.field] = true;
      this.report(problem.field >= 0 ? (this.names[problem.field] ?? null) : null, problem.reason);
    }
  }

  private checkKey(): void {
    const keyColumns = this.keyColumns;
    const values = this.values;
    const states = this.states;
    let key: string | number;
    if (keyColumns.length === 1) {
      const col = keyColumns[0] as Column;
      const value = values[col.index];
      if (states[col.index] === CELL_FAILED || value === null || value === undefined) return;
      key = value;
    } else {
      key = '';
      for (let i = 0; i < keyColumns.length; i++) {
        const col = keyColumns[i] as Column;
        const value = values[col.index];
        if (states[col.index] === CELL_FAILED || value === null || value === undefined) return;
        key = i === 0 ? String(value) : `${key}\u001f${value}`;
      }
    }
    const earlier = this.keys.add(key, this.row);
    if (earlier < 0) return;
    const described = keyColumns
      .map((col) => `${col.spec.name} ${JSON.stringify(this.cellText(col))}`)
      .join(', ');
    this.report(
      keyColumns[0]?.spec.name ?? null,
      `duplicate ${described}: already on row ${earlier}`,
    );
  }

  /** The trimmed text of a column's cell in the current row, or its default. */
  private cellText(col: Column): string {
    const text = col.field >= 0 ? fieldText(this.source, col.field).trim() : '';
    return text === '' && col.spec.default !== undefined ? String(col.spec.default) : text;
  }

  private attributes(): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (const extra of this.extras) {
      const text = fieldText(this.source, extra.field).trim();
      if (text === '') continue;
      if (extra.name === '__proto__') {
        // A header may say anything: keep it as data, never as the object's prototype.
        Object.defineProperty(attributes, extra.name, {
          value: text,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        attributes[extra.name] = text;
      }
    }
    return attributes;
  }

  /** Adds the summary of issues beyond the cap; call once after the last run(). */
  finish(): ValidationResult<K> {
    if (this.omitted > 0) {
      this.result.issues.push({
        file: this.file,
        row: this.firstOmittedRow,
        column: null,
        reason:
          `${this.omitted} more issues not listed (only the first ${this.maxIssues} are); ` +
          `the first of them is on row ${this.firstOmittedRow}`,
      });
      this.omitted = 0;
    }
    return this.result;
  }
}
