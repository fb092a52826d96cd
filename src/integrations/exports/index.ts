import { readFile } from 'node:fs/promises';
import { DataError } from '../../model/errors.ts';
import type { ImportKind } from '../../model/kinds.ts';
import { compileColumnMap, parseColumnMap } from './column-map.ts';
import { hubspotContacts, hubspotDeals, salesforceLeads, salesforceOpportunities } from './crm.ts';
import { googleForms, typeform } from './forms.ts';
import { validateMapped, type MappedImport } from './mapped-import.ts';
import type { Preset, PresetOptions } from './preset.ts';
import { readSourceTable } from './source-table.ts';

/** CRM and form exports, and files described by a column map, as canonical rows. */

export const PRESETS: readonly Preset[] = [
  hubspotContacts,
  hubspotDeals,
  salesforceLeads,
  salesforceOpportunities,
  typeform,
  googleForms,
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}

export interface ExportImportOptions extends PresetOptions {
  readonly timeZone: string;
}

export async function parseExportBuffer(
  preset: Preset,
  fileName: string,
  data: Uint8Array,
  options: ExportImportOptions,
): Promise<MappedImport> {
  const table = await readSourceTable(fileName, data);
  // An unreadable file (binary, empty, a broken workbook) has no header to check columns in.
  if (table.header.length === 0)
    return { file: fileName, totalRows: 0, issues: [...table.issues], batches: [] };
  const compiled = preset.compile(table, options);
  const result = await validateMapped(table, preset.kinds, compiled.mapper, {
    timeZone: options.timeZone,
    sources: compiled.sources,
  });
  return withHeaderIssues(result, compiled.headerIssues);
}

export async function parseExportFile(
  preset: Preset,
  path: string,
  options: ExportImportOptions,
): Promise<MappedImport> {
  return parseExportBuffer(preset, path, await readFile(path), options);
}

/** `import <kind> <file> --map <map.json>`: a file of any shape, mapped by the user's column map. */
export async function parseMappedFile(
  kind: ImportKind,
  path: string,
  mapPath: string,
  options: { timeZone: string },
): Promise<MappedImport> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(mapPath, 'utf8'));
  } catch (error) {
    throw new DataError(
      `${mapPath}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const spec = parseColumnMap(kind, json, mapPath);
  const table = await readSourceTable(path, await readFile(path));
  const compiled = compileColumnMap(kind, spec, table);
  const result = await validateMapped(table, [kind], compiled.mapper, {
    timeZone: options.timeZone,
    sources: { [kind]: compiled.sources },
  });
  return withHeaderIssues(result, compiled.headerIssues);
}

function withHeaderIssues(
  result: MappedImport,
  headerIssues: MappedImport['issues'],
): MappedImport {
  if (headerIssues.length === 0) return result;
  return { ...result, issues: [...headerIssues, ...result.issues], batches: [] };
}

export type { MappedImport } from './mapped-import.ts';
