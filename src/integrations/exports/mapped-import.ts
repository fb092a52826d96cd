import { zoneClock } from '../../ingest/time.ts';
import { ArrayRecords, type ArrayRecord } from '../../ingest/records.ts';
import { Validator, mapHeader } from '../../ingest/validate.ts';
import type { ImportIssue, ImportKind, RowOfKind } from '../../model/kinds.ts';
import { KIND_SPECS } from '../../model/kinds.ts';
import type { SourceRow, SourceTable } from './source-table.ts';

/**
 * Turns rows of a third-party export into canonical rows: a mapper says which canonical
 * cells (as text) each source row yields — none, one, or several (a won deal is an
 * opportunity and a customer) — and the canonical validator of src/ingest checks them with
 * the usual rules, so errors read the same as any import: file, source row, column, reason.
 */

export interface MappedOutput {
  readonly kind: ImportKind;
  /** Canonical column → cell text, as a canonical CSV would hold it. */
  readonly cells: Readonly<Record<string, string>>;
}

export interface RowIssue {
  /** Canonical column (or a source header when the problem is in the source). */
  readonly column: string | null;
  readonly reason: string;
}

export interface RowMapping {
  readonly outputs: MappedOutput[];
  readonly issues: RowIssue[];
}

export type RowMapper = (row: SourceRow) => RowMapping;

export interface MappedBatch<K extends ImportKind = ImportKind> {
  readonly kind: K;
  readonly rows: RowOfKind[K][];
}

export interface MappedImport {
  readonly file: string;
  /** Data rows of the source file. */
  readonly totalRows: number;
  /** Empty when every row is valid; then `batches` hold the rows to write. */
  readonly issues: ImportIssue[];
  readonly batches: MappedBatch[];
}

export interface MappedImportOptions {
  readonly timeZone: string;
  /** Canonical column → the source header it came from, per kind, to name it in issues. */
  readonly sources?: Partial<Record<ImportKind, Readonly<Record<string, string>>>>;
}

export async function validateMapped(
  table: SourceTable,
  kinds: readonly ImportKind[],
  mapper: RowMapper,
  options: MappedImportOptions,
): Promise<MappedImport> {
  const issues: ImportIssue[] = [...table.issues];
  const records = new Map<ImportKind, ArrayRecord[]>(kinds.map((k) => [k, []]));
  const extras = new Map<ImportKind, string[]>(kinds.map((k) => [k, []]));
  const cellsByKind = new Map<
    ImportKind,
    { row: number; cells: Readonly<Record<string, string>> }[]
  >(kinds.map((k) => [k, []]));
  for (const row of table.rows) {
    const mapped = mapper(row);
    for (const issue of mapped.issues) issues.push({ file: table.file, row: row.row, ...issue });
    for (const output of mapped.outputs) {
      cellsByKind.get(output.kind)?.push({ row: row.row, cells: output.cells });
      if (KIND_SPECS[output.kind].keepsExtraColumns) {
        const known = new Set(KIND_SPECS[output.kind].columns.map((c) => c.name));
        const list = extras.get(output.kind)!;
        for (const name of Object.keys(output.cells))
          if (!known.has(name) && !list.includes(name)) list.push(name);
      }
    }
  }

  const batches: MappedBatch[] = [];
  for (const kind of kinds) {
    const spec = KIND_SPECS[kind];
    const names = [...spec.columns.map((c) => c.name), ...extras.get(kind)!];
    for (const { row, cells } of cellsByKind.get(kind)!) {
      records.get(kind)!.push({ row, cells: names.map((n) => cells[n] ?? ''), problems: [] });
    }
    const header = mapHeader(spec, names);
    const validator = new Validator(spec, new ArrayRecords(records.get(kind)!), header, {
      file: table.file,
      context: { decimal: '.', clock: zoneClock(options.timeZone) },
      headerRow: 1,
    });
    while (validator.run(50_000));
    const result = validator.finish();
    const from = options.sources?.[kind] ?? {};
    for (const issue of result.issues) {
      const source = issue.column === null ? undefined : from[issue.column];
      issues.push(
        source === undefined
          ? issue
          : { ...issue, reason: `${issue.reason} (from column "${source}")` },
      );
    }
    batches.push({ kind, rows: result.rows });
  }
  issues.sort((a, b) => a.row - b.row);
  return {
    file: table.file,
    totalRows: table.rows.length,
    issues,
    batches: issues.length > 0 ? [] : batches,
  };
}
