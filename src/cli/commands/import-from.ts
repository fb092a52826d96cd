import { checkAlertsAfterImport } from './after-import.ts';
import type { Command } from 'commander';
import type { ImportKind } from '../../model/kinds.ts';
import { didYouMean } from '../../model/suggest.ts';
import {
  PRESETS,
  findPreset,
  parseExportFile,
  parseMappedFile,
  type MappedImport,
} from '../../integrations/exports/index.ts';
import type { Store } from '../../store/store.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { issuesError, markImported, warnIfNoRows, warnUnknownCustomers } from './import-report.ts';

/** Warns about what a valid mapped import would write: nothing, or unknown customers. */
async function warnMapped(
  store: Store,
  workspaceId: string,
  file: string,
  result: MappedImport,
): Promise<void> {
  if (warnIfNoRows(file, result.totalRows)) return;
  for (const batch of result.batches) {
    const ids = batch.rows.map((row) =>
      'customer_id' in row && typeof row.customer_id === 'string' ? row.customer_id : null,
    );
    await warnUnknownCustomers(store, workspaceId, file, batch.kind, ids);
  }
}

/** Writes every batch of a valid mapped import; returns a one-line summary. */
export async function writeMapped(
  store: Store,
  workspaceId: string,
  result: MappedImport,
): Promise<string> {
  const parts: string[] = [];
  for (const batch of result.batches) {
    if (batch.rows.length === 0) continue;
    const written = await store.upsert(workspaceId, batch.kind, batch.rows);
    parts.push(
      `${batch.rows.length} ${batch.kind} rows (${written.inserted} new, ${written.updated} updated)`,
    );
  }
  if (parts.length === 0) return 'nothing to import';
  await markImported(store, workspaceId);
  await checkAlertsAfterImport(store, workspaceId);
  return `imported ${parts.join(' and ')}`;
}

export function registerImportFromCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('import-from')
    .description(
      `import a CRM or form export: ${PRESETS.map((p) => p.name).join(', ')} (see docs/integrations.md)`,
    )
    .argument('<source>', PRESETS.map((p) => `${p.name}: ${p.description}`).join('; '))
    .argument('<file>', 'the export as downloaded (.csv or .xlsx)')
    .option(
      '--date-format <format>',
      'how the export writes dates that are not ISO: DD/MM/YYYY, MM/DD/YYYY or auto',
      'auto',
    )
    .option('--question <header>', 'surveys: the score question, when several columns hold scores')
    .option('--dry-run', 'validate and report, write nothing')
    .action(
      async (
        source: string,
        file: string,
        options: { dateFormat: string; question?: string; dryRun?: boolean },
      ) => {
        const preset = findPreset(source);
        if (preset === undefined)
          throw new CliError(
            `unknown source "${source}"${didYouMean(
              source,
              PRESETS.map((p) => p.name),
            )}; one of ${PRESETS.map((p) => p.name).join(', ')}`,
          );
        await withStore(global(), async (store, settings) => {
          const result = await parseExportFile(preset, file, {
            timeZone: settings.timeZone,
            dateFormat: options.dateFormat,
            ...(options.question === undefined ? {} : { question: options.question }),
          });
          if (result.issues.length > 0) throw issuesError(file, result.issues, result.totalRows);
          await warnMapped(store, global().workspace, file, result);
          if (options.dryRun) {
            const counts = result.batches.map((b) => `${b.rows.length} ${b.kind}`).join(' and ');
            process.stdout.write(`${file}: ${counts} rows are valid (dry run: nothing written).\n`);
            return;
          }
          const summary = await writeMapped(store, global().workspace, result);
          process.stdout.write(
            `${file}: ${summary} from ${result.totalRows} ${preset.name} rows.\n`,
          );
        });
      },
    );
}

/** `import <kind> <file> --map map.json`: the generic column map, with import's error rules. */
export async function importMapped(
  kind: ImportKind,
  file: string,
  mapPath: string,
  dryRun: boolean,
  global: () => GlobalOptions,
): Promise<void> {
  await withStore(global(), async (store, settings) => {
    const result = await parseMappedFile(kind, file, mapPath, { timeZone: settings.timeZone });
    if (result.issues.length > 0) throw issuesError(file, result.issues, result.totalRows);
    await warnMapped(store, global().workspace, file, result);
    if (dryRun) {
      const rows = result.batches[0]?.rows.length ?? 0;
      process.stdout.write(`${file}: ${rows} ${kind} rows are valid (dry run: nothing written).\n`);
      return;
    }
    process.stdout.write(`${file}: ${await writeMapped(store, global().workspace, result)}.\n`);
  });
}
