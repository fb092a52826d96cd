import { DataError } from '../../model/errors.ts';
import type { ImportIssue, ImportKind } from '../../model/kinds.ts';
import { KIND_SPECS } from '../../model/kinds.ts';
import { detectOrder, orderOfFormat, toIsoText, type DateOrder } from './dates.ts';
import type { RowIssue, RowMapper } from './mapped-import.ts';
import { Columns, type SourceTable } from './source-table.ts';

/**
 * A column-mapping file for `northstar import <kind> <file> --map map.json`: which source
 * header feeds each canonical column, constants, value translations and date formats.
 *
 * {
 *   "columns": {
 *     "customer_id": "Account ID",
 *     "created_at": { "from": "Signup date", "format": "DD/MM/YYYY" },
 *     "segment": { "value": "smb" },
 *     "stage": { "from": "Status", "values": { "Closed Won": "customer" } }
 *   },
 *   "dateFormat": "auto",
 *   "keepOtherColumns": false
 * }
 */

export interface ColumnRule {
  /** Source header (case- and spacing-insensitive). */
  readonly from?: string;
  /** A constant for every row. */
  readonly value?: string;
  /** Date format of the source cells: "YYYY-MM-DD", "DD/MM/YYYY HH:mm", "MM/DD/YYYY", or "auto". */
  readonly format?: string;
  /** Source value → canonical value (exact, then case-insensitive); others pass through. */
  readonly values?: Readonly<Record<string, string>>;
}

export interface ColumnMapSpec {
  readonly columns: Readonly<Record<string, string | ColumnRule>>;
  readonly dateFormat?: string;
  /** customers only: source columns not mapped become custom attributes. */
  readonly keepOtherColumns?: boolean;
}

/** Checks a parsed JSON mapping file; throws a DataError naming what is wrong. */
export function parseColumnMap(kind: ImportKind, json: unknown, fileName: string): ColumnMapSpec {
  const fail = (why: string): never => {
    throw new DataError(`${fileName}: ${why}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail('expected a JSON object with "columns"');
  const spec = json as Record<string, unknown>;
  const columns = spec.columns;
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns))
    fail('"columns" must be an object: canonical column → source header or rule');
  const known = new Set(KIND_SPECS[kind].columns.map((c) => c.name));
  for (const [name, rule] of Object.entries(columns as Record<string, unknown>)) {
    if (!known.has(name) && !KIND_SPECS[kind].keepsExtraColumns)
      fail(`"${name}" is not a column of ${kind} (${[...known].join(', ')})`);
    if (typeof rule === 'string') continue;
    if (typeof rule !== 'object' || rule === null)
      fail(`"${name}" must be a header name or a rule object`);
    const r = rule as Record<string, unknown>;
    if ((r.from === undefined) === (r.value === undefined))
      fail(`"${name}" needs exactly one of "from" or "value"`);
    if (r.from !== undefined && typeof r.from !== 'string') fail(`"${name}.from" must be text`);
    if (r.value !== undefined && typeof r.value !== 'string' && typeof r.value !== 'number')
      fail(`"${name}.value" must be text`);
    if (
      r.format !== undefined &&
      (typeof r.format !== 'string' || (r.format !== 'auto' && orderOfFormat(r.format) === null))
    )
      fail(`"${name}.format" must look like YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY (or "auto")`);
    if (r.values !== undefined && (typeof r.values !== 'object' || r.values === null))
      fail(`"${name}.values" must map source values to canonical values`);
  }
  if (
    spec.dateFormat !== undefined &&
    (typeof spec.dateFormat !== 'string' ||
      (spec.dateFormat !== 'auto' && orderOfFormat(spec.dateFormat) === null))
  )
    fail('"dateFormat" must look like YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY (or "auto")');
  const normalized: Record<string, string | ColumnRule> = {};
  for (const [name, rule] of Object.entries(columns as Record<string, string | ColumnRule>)) {
    normalized[name] =
      typeof rule === 'object' && rule.value !== undefined
        ? { ...rule, value: String(rule.value) }
        : rule;
  }
  return {
    columns: normalized,
    dateFormat: spec.dateFormat as string | undefined,
    keepOtherColumns: spec.keepOtherColumns === true,
  };
}

export interface CompiledMap {
  readonly mapper: RowMapper;
  /** Canonical column → source header, for issues. */
  readonly sources: Record<string, string>;
  /** Problems with the header (a mapped source column missing): no row can be read. */
  readonly headerIssues: ImportIssue[];
}

export function compileColumnMap(
  kind: ImportKind,
  spec: ColumnMapSpec,
  table: SourceTable,
): CompiledMap {
  const columns = new Columns(table.header);
  const headerIssues: ImportIssue[] = [];
  const sources: Record<string, string> = {};
  const dateColumns = new Set(
    KIND_SPECS[kind].columns
      .filter((c) => c.type === 'day' || c.type === 'instant')
      .map((c) => c.name),
  );
  interface Plan {
    name: string;
    field: number | null;
    constant: string | null;
    values: ReadonlyMap<string, string> | null;
    order: DateOrder | null;
  }
  const plans: Plan[] = [];
  const used = new Set<number>();
  for (const [name, raw] of Object.entries(spec.columns)) {
    const rule: ColumnRule = typeof raw === 'string' ? { from: raw } : raw;
    let field: number | null = null;
    if (rule.from !== undefined) {
      field = columns.find([rule.from]);
      if (field === null) {
        headerIssues.push({
          file: table.file,
          row: 1,
          column: name,
          reason: `the mapping reads column "${rule.from}", which the file does not have`,
        });
        continue;
      }
      used.add(field);
      sources[name] = table.header[field]!;
    }
    let order: DateOrder | null = null;
    if (dateColumns.has(name) && field !== null) {
      const format = rule.format ?? spec.dateFormat ?? 'auto';
      order =
        format === 'auto'
          ? detectOrder(table.rows.map((r) => r.cells[field!] ?? ''))
          : orderOfFormat(format);
    }
    const values =
      rule.values === undefined
        ? null
        : new Map(
            Object.entries(rule.values).flatMap(([k, v]) => [
              [k, v],
              [k.trim().toLowerCase(), v],
            ]),
          );
    plans.push({ name, field, constant: rule.value ?? null, values, order });
  }
  const keepOthers = spec.keepOtherColumns === true && KIND_SPECS[kind].keepsExtraColumns === true;
  const others = keepOthers
    ? table.header.map((h, i) => ({ h, i })).filter(({ i, h }) => !used.has(i) && h !== '')
    : [];

  const mapper: RowMapper = (row) => {
    const cells: Record<string, string> = {};
    const issues: RowIssue[] = [];
    for (const plan of plans) {
      let text = plan.constant ?? (plan.field === null ? '' : (row.cells[plan.field] ?? ''));
      if (plan.values !== null)
        text = plan.values.get(text) ?? plan.values.get(text.trim().toLowerCase()) ?? text;
      if (plan.order !== null) {
        const iso = toIsoText(text, plan.order);
        if (typeof iso !== 'string') {
          issues.push({
            column: plan.name,
            reason: `${iso.error} (from column "${sources[plan.name]}")`,
          });
          continue;
        }
        text = iso;
      }
      cells[plan.name] = text;
    }
    for (const { h, i } of others) cells[h.trim().toLowerCase()] = row.cells[i] ?? '';
    return { outputs: issues.length > 0 ? [] : [{ kind, cells }], issues };
  };
  return { mapper, sources, headerIssues };
}
