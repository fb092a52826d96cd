/**
 * The common shape of what a reader (CSV or XLSX) produces: a cursor over records whose
 * fields are either slices of a text (`src[starts[i], ends[i])`) or whole strings
 * (`overrides[i]`). Slices let the validator parse numbers and dates straight out of the
 * file text without making a string per cell.
 */

/** A problem the reader found in the current record (malformed quotes, an Excel error cell). */
export interface ReaderProblem {
  /** Index of the field, or -1 for the whole record. */
  readonly field: number;
  readonly reason: string;
}

export interface RecordSource {
  /** Text that `starts`/`ends` index into (for fields without an override). */
  readonly src: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** A field's value when it is not a plain slice of `src` (e.g. a quoted field with ""). */
  readonly overrides: (string | undefined)[];
  /** Number of fields in the current record. */
  readonly count: number;
  /** Spreadsheet row number of the current record (the first line of the file is row 1). */
  readonly row: number;
  /** Problems of the current record; empty almost always. */
  readonly problems: readonly ReaderProblem[];
  /** Moves to the next record that is not blank; false at the end. */
  next(): boolean;
  /** How much of the input has been read, from 0 to 1 (for progress estimates). */
  progress(): number;
}

/** The untrimmed text of field i of the current record ('' past the last field). */
export function fieldText(source: RecordSource, i: number): string {
  if (i >= source.count) return '';
  const override = source.overrides[i];
  if (override !== undefined) return override;
  return source.src.slice(source.starts[i], source.ends[i]);
}

/** One record of a sheet read cell by cell (XLSX). */
export interface ArrayRecord {
  readonly row: number;
  readonly cells: readonly string[];
  readonly problems: readonly ReaderProblem[];
}

const NO_PROBLEMS: readonly ReaderProblem[] = [];

/** A RecordSource over records already in memory; records whose cells are all blank are skipped. */
export class ArrayRecords implements RecordSource {
  readonly src = '';
  starts = new Int32Array(0);
  ends = new Int32Array(0);
  overrides: (string | undefined)[] = [];
  count = 0;
  row = 0;
  problems: readonly ReaderProblem[] = NO_PROBLEMS;
  private index = -1;

  constructor(private readonly records: readonly ArrayRecord[]) {}

  next(): boolean {
    for (;;) {
      this.index++;
      const record = this.records[this.index];
      if (record === undefined) {
        this.count = 0;
        this.problems = NO_PROBLEMS;
        return false;
      }
      if (record.problems.length === 0 && record.cells.every((c) => c.trim() === '')) continue;
      this.overrides = record.cells as (string | undefined)[];
      this.count = record.cells.length;
      this.row = record.row;
      this.problems = record.problems;
      return true;
    }
  }

  progress(): number {
    return this.records.length === 0 ? 1 : Math.min(1, (this.index + 1) / this.records.length);
  }
}
