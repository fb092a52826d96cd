import type { ImportIssue, ImportKind } from '../../model/kinds.ts';
import { detectOrder, orderOfFormat, toIsoText, type DateOrder } from './dates.ts';
import type { RowIssue, RowMapper } from './mapped-import.ts';
import { Columns, type SourceRow, type SourceTable } from './source-table.ts';

/** A known export format (HubSpot, Salesforce, Typeform, Google Forms) mapped onto canonical kinds. */
export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly kinds: readonly ImportKind[];
  compile(table: SourceTable, options: PresetOptions): CompiledPreset;
}

export interface PresetOptions {
  /** Date order of the export's dates when they are not ISO: a format like DD/MM/YYYY, or auto. */
  readonly dateFormat?: string;
  /** Surveys: the header of the score question, when detection finds several. */
  readonly question?: string;
}

export interface CompiledPreset {
  readonly mapper: RowMapper;
  readonly sources: Partial<Record<ImportKind, Record<string, string>>>;
  readonly headerIssues: ImportIssue[];
}

/** A source column found by one of its known names. */
export interface Field {
  readonly index: number;
  readonly header: string;
  /** Set for date columns: how to read day and month. */
  readonly order: DateOrder | null;
  readonly utc: boolean;
}

/**
 * Locates the columns a preset reads, collecting a header issue for each required one the
 * file lacks (so the user sees every missing column at once).
 */
export class FieldFinder {
  readonly issues: ImportIssue[] = [];
  private readonly columns: Columns;

  constructor(
    private readonly table: SourceTable,
    private readonly options: PresetOptions,
  ) {
    this.columns = new Columns(table.header);
  }

  optional(aliases: readonly string[], date = false): Field | null {
    const index = this.columns.find(aliases);
    if (index === null) return null;
    const header = this.table.header[index]!;
    let order: DateOrder | null = null;
    if (date) {
      const format = this.options.dateFormat ?? 'auto';
      order =
        format === 'auto'
          ? detectOrder(this.table.rows.map((r) => r.cells[index] ?? ''))
          : (orderOfFormat(format) ?? 'MDY');
    }
    return { index, header, order, utc: /\(utc\)|\butc\b/i.test(header) };
  }

  required(what: string, aliases: readonly string[], date = false): Field {
    const field = this.optional(aliases, date);
    if (field === null) {
      this.issues.push({
        file: this.table.file,
        row: 1,
        column: aliases[0]!,
        reason: `missing the ${what} column (looked for ${aliases.map((a) => `"${a}"`).join(', ')})`,
      });
      return { index: -1, header: aliases[0]!, order: 'YMD', utc: false };
    }
    return field;
  }
}

/** Reads cells of a row, turning dates into ISO text and noting what does not parse. */
export class RowReader {
  readonly issues: RowIssue[] = [];

  constructor(private readonly row: SourceRow) {}

  text(field: Field | null): string {
    if (field === null || field.index < 0) return '';
    return (this.row.cells[field.index] ?? '').trim();
  }

  /** ISO text of a date cell ('' when blank); `dayOnly` drops a time without offset. */
  date(field: Field | null, column: string, dayOnly = false): string {
    const text = this.text(field);
    if (text === '' || field === null) return '';
    const iso = toIsoText(text, field.order ?? 'MDY', field.utc);
    if (typeof iso !== 'string') {
      this.issues.push({ column, reason: `${iso.error} (from column "${field.header}")` });
      return '';
    }
    return dayOnly && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso.slice(0, 10) : iso;
  }

  flag(field: Field | null): boolean {
    return /^(true|yes|1|x|won)$/i.test(this.text(field));
  }
}

/** "Organic Search" → "organic_search": channels comparable across sources. */
export function channelName(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}
