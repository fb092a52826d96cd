import type { ColumnType, ImportKind, KindSpec, RowOfKind } from '../model/kinds.ts';
import { KIND_SPECS } from '../model/kinds.ts';
import type { Store, UpsertResult } from '../store/store.ts';
import type { CellValue } from './cells.ts';

/**
 * Validated rows of one kind as columns instead of row objects: the bulk-import fast path.
 * Millions of row objects cost more in allocation and garbage collection than parsing the
 * cells does, and a database takes columns anyway (typed arrays are copied into its
 * vectors wholesale). Values are exactly those the row objects would hold.
 */
export type ImportColumn =
  /** Days (always within ±2^31). `nulls[i] === 1` marks a null. */
  | { readonly type: 'i32'; readonly values: Int32Array; readonly nulls: Uint8Array | null }
  /** Money (minor units), instants (epoch ms), whole and decimal numbers. */
  | { readonly type: 'f64'; readonly values: Float64Array; readonly nulls: Uint8Array | null }
  /** Text with few distinct values: `codes[i]` indexes `dictionary`, -1 = null. */
  | { readonly type: 'dict'; readonly codes: Int32Array; readonly dictionary: readonly string[] }
  /** Other text (ids, names). */
  | { readonly type: 'text'; readonly values: readonly (string | null)[] };

export interface ImportColumns<K extends ImportKind = ImportKind> {
  readonly kind: K;
  readonly length: number;
  /** Stored column names: the kind's columns in KIND_SPECS order, then `attributes` if kept. */
  readonly names: readonly string[];
  readonly columns: readonly ImportColumn[];
}

/** How a column of this type is held (days fit 32 bits; other numbers need doubles). */
function numericType(type: ColumnType): 'i32' | 'f64' | null {
  if (type === 'day') return 'i32';
  if (type === 'text' || type === 'currency' || type === 'enum') return null;
  return 'f64';
}

/** Stored column names of a kind (the `attributes` column holds extra columns as JSON). */
export function storedNames(spec: KindSpec): string[] {
  const names = spec.columns.map((c) => c.name);
  if (spec.keepsExtraColumns) names.push('attributes');
  return names;
}

interface ColumnBuilder {
  push(value: CellValue): void;
  finish(length: number): ImportColumn;
}

class NumberBuilder implements ColumnBuilder {
  private values: Int32Array | Float64Array;
  private nulls: Uint8Array | null = null;
  private size = 0;

  constructor(private readonly type: 'i32' | 'f64') {
    this.values = type === 'i32' ? new Int32Array(1024) : new Float64Array(1024);
  }

  push(value: CellValue): void {
    if (this.size === this.values.length) this.grow();
    if (value === null) {
      if (this.nulls === null) this.nulls = new Uint8Array(this.values.length);
      this.nulls[this.size] = 1;
      this.values[this.size++] = 0;
    } else {
      this.values[this.size++] = value as number;
    }
  }

  private grow(): void {
    const values =
      this.type === 'i32'
        ? new Int32Array(this.values.length * 2)
        : new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
    if (this.nulls !== null) {
      const nulls = new Uint8Array(values.length);
      nulls.set(this.nulls);
      this.nulls = nulls;
    }
  }

  finish(length: number): ImportColumn {
    const nulls = this.nulls === null ? null : this.nulls.subarray(0, length);
    return this.type === 'i32'
      ? { type: 'i32', values: (this.values as Int32Array).subarray(0, length), nulls }
      : { type: 'f64', values: (this.values as Float64Array).subarray(0, length), nulls };
  }
}

/** Beyond this many distinct values a text column is stored as plain text. */
const DICTIONARY_LIMIT = 4096;

/**
 * Text that starts dictionary-encoded (plan, currency, status…: a few values, each sent to
 * the database once) and turns into plain text when it has too many distinct values (ids).
 */
class TextBuilder implements ColumnBuilder {
  private codes: Int32Array | null = new Int32Array(1024);
  private readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  private plain: (string | null)[] | null = null;
  private size = 0;
  private lastText: string | null = null;
  private lastCode = -1;

  push(value: CellValue): void {
    const text = value === null ? null : String(value);
    if (this.plain !== null) {
      this.plain.push(text);
      return;
    }
    let code = -1;
    if (text !== null) {
      if (text === this.lastText) {
        code = this.lastCode;
      } else {
        const known = this.index.get(text);
        if (known !== undefined) {
          code = known;
        } else if (this.dictionary.length < DICTIONARY_LIMIT) {
          code = this.dictionary.length;
          this.dictionary.push(text);
          this.index.set(text, code);
        } else {
          this.toPlain();
          this.plain!.push(text);
          return;
        }
        this.lastText = text;
        this.lastCode = code;
      }
    }
    let codes = this.codes!;
    if (this.size === codes.length) {
      const grown = new Int32Array(codes.length * 2);
      grown.set(codes);
      this.codes = codes = grown;
    }
    codes[this.size++] = code;
  }

  private toPlain(): void {
    const plain: (string | null)[] = new Array<string | null>(this.size);
    const codes = this.codes!;
    for (let i = 0; i < this.size; i++) {
      const code = codes[i] as number;
      plain[i] = code < 0 ? null : (this.dictionary[code] as string);
    }
    this.plain = plain;
    this.codes = null;
    this.index.clear();
  }

  finish(length: number): ImportColumn {
    if (this.plain !== null) return { type: 'text', values: this.plain.slice(0, length) };
    return { type: 'dict', codes: this.codes!.subarray(0, length), dictionary: this.dictionary };
  }
}

/** Collects validated rows (values in KIND_SPECS column order) into columns. */
export class ColumnsSink<K extends ImportKind> {
  private builders: ColumnBuilder[];
  private attributes: TextBuilder | null;
  private length = 0;

  constructor(private readonly spec: KindSpec & { kind: K }) {
    this.builders = builders(spec);
    this.attributes = spec.keepsExtraColumns ? new TextBuilder() : null;
  }

  add(values: readonly CellValue[], attributes: Record<string, string> | undefined): void {
    const builders = this.builders;
    for (let j = 0; j < builders.length; j++)
      (builders[j] as ColumnBuilder).push(values[j] ?? null);
    this.attributes?.push(attributesJson(attributes));
    this.length++;
  }

  /** Rows added since the last `take`. */
  get size(): number {
    return this.length;
  }

  finish(): ImportColumns<K> {
    const columns = this.builders.map((b) => b.finish(this.length));
    if (this.attributes !== null) columns.push(this.attributes.finish(this.length));
    return { kind: this.spec.kind, length: this.length, names: storedNames(this.spec), columns };
  }

  /** The rows added so far as columns, and a fresh start: an import written in batches. */
  take(): ImportColumns<K> {
    const taken = this.finish();
    this.builders = builders(this.spec);
    this.attributes = this.spec.keepsExtraColumns ? new TextBuilder() : null;
    this.length = 0;
    return taken;
  }
}

function builders(spec: KindSpec): ColumnBuilder[] {
  return spec.columns.map((col) => {
    const type = numericType(col.type);
    return type === null ? new TextBuilder() : new NumberBuilder(type);
  });
}

/** Attributes as stored: JSON of a non-empty object, otherwise null. */
export function attributesJson(attributes: Record<string, string> | undefined): string | null {
  return attributes !== undefined && Object.keys(attributes).length > 0
    ? JSON.stringify(attributes)
    : null;
}

/** The columns of row objects (what `upsert(rows)` receives). */
export function columnsFromRows<K extends ImportKind>(
  kind: K,
  rows: readonly RowOfKind[K][],
): ImportColumns<K> {
  const spec = KIND_SPECS[kind] as KindSpec & { kind: K };
  const sink = new ColumnsSink<K>(spec);
  const names = spec.columns.map((c) => c.name);
  const values: CellValue[] = new Array<CellValue>(names.length).fill(null);
  for (const row of rows as unknown as readonly Record<string, unknown>[]) {
    for (let j = 0; j < names.length; j++)
      values[j] = (row[names[j] as string] ?? null) as CellValue;
    sink.add(values, row.attributes as Record<string, string> | undefined);
  }
  return sink.finish();
}

/** The value of row `i` of a column (null for nulls). */
export function columnValue(column: ImportColumn, i: number): string | number | null {
  switch (column.type) {
    case 'i32':
    case 'f64':
      return column.nulls !== null && column.nulls[i] === 1 ? null : (column.values[i] as number);
    case 'dict': {
      const code = column.codes[i] as number;
      return code < 0 ? null : (column.dictionary[code] as string);
    }
    case 'text':
      return column.values[i] ?? null;
  }
}

/** Row objects from columns (for stores without a columnar path). */
export function rowsFromColumns<K extends ImportKind>(columns: ImportColumns<K>): RowOfKind[K][] {
  const rows: RowOfKind[K][] = [];
  for (let i = 0; i < columns.length; i++) {
    const row: Record<string, unknown> = {};
    columns.names.forEach((name, j) => {
      const value = columnValue(columns.columns[j] as ImportColumn, i);
      if (name === 'attributes')
        row.attributes =
          value === null ? {} : (JSON.parse(String(value)) as Record<string, string>);
      else row[name] = value;
    });
    rows.push(row as unknown as RowOfKind[K]);
  }
  return rows;
}

/** A store that takes columns directly (the DuckDB store); others get row objects. */
interface ColumnarStore {
  upsertColumns<K extends ImportKind>(
    workspaceId: string,
    kind: K,
    columns: ImportColumns<K>,
  ): Promise<UpsertResult>;
}

/**
 * An import written batch by batch in one transaction, while the rest of the file is still
 * being read: `commit` lands every batch, `rollback` (or a failure) none.
 */
export interface BatchUpsert<K extends ImportKind> {
  write(columns: ImportColumns<K>): Promise<void>;
  commit(): Promise<UpsertResult>;
  /** Undoes the batches written; nothing once committed or rolled back. */
  rollback(): Promise<void>;
}

/** A store that writes an import in batches (the DuckDB store). */
interface BatchingStore {
  beginUpsert<K extends ImportKind>(workspaceId: string, kind: K): Promise<BatchUpsert<K>>;
}

/**
 * The store's batch writer, or for a store without one a writer that keeps the batches
 * and upserts them all at `commit` (one transaction either way).
 */
export async function beginUpsert<K extends ImportKind>(
  store: Store,
  workspaceId: string,
  kind: K,
): Promise<BatchUpsert<K>> {
  const batching = store as Store & Partial<BatchingStore>;
  if (typeof batching.beginUpsert === 'function') return batching.beginUpsert(workspaceId, kind);
  const rows: RowOfKind[K][] = [];
  return {
    write: async (columns) => {
      for (const row of rowsFromColumns(columns)) rows.push(row);
    },
    commit: () => store.upsert(workspaceId, kind, rows),
    rollback: async () => {
      rows.length = 0;
    },
  };
}

/** `store.upsert` of columns: the store's columnar path when it has one. */
export function upsertColumns<K extends ImportKind>(
  store: Store,
  workspaceId: string,
  kind: K,
  columns: ImportColumns<K>,
): Promise<UpsertResult> {
  const columnar = store as Store & Partial<ColumnarStore>;
  if (typeof columnar.upsertColumns === 'function')
    return columnar.upsertColumns(workspaceId, kind, columns);
  return store.upsert(workspaceId, kind, rowsFromColumns(columns));
}
