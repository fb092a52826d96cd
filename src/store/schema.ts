import { KIND_SPECS, type ColumnType, type ImportKind } from '../model/kinds.ts';

/**
 * How each column type is stored. Dialects share this mapping so both engines hold the
 * same values: money as integer minor units, days as DATE, instants as UTC timestamps.
 */
export const STORAGE_TYPE: Readonly<
  Record<ColumnType, 'text' | 'date' | 'timestamp' | 'bigint' | 'integer' | 'double'>
> = {
  text: 'text',
  currency: 'text',
  enum: 'text',
  day: 'date',
  instant: 'timestamp',
  money: 'bigint',
  int: 'integer',
  decimal: 'double',
};

export interface StoredColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** The stored columns of a kind, in table order (after `workspace_id`). */
export function storedColumns(kind: ImportKind): StoredColumn[] {
  const columns: StoredColumn[] = KIND_SPECS[kind].columns.map((c) => ({
    name: c.name,
    type: c.type,
  }));
  if (KIND_SPECS[kind].keepsExtraColumns) columns.push({ name: 'attributes', type: 'text' });
  return columns;
}
