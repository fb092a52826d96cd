import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { IMPORT_KINDS } from '../../model/kinds.ts';
import { parseImportFileColumns } from '../../ingest/index.ts';
import { upsertColumns } from '../../ingest/columns.ts';
import { customerIdsOf } from '../../ingest/references.ts';
import { checkAlertsAfterImport } from './after-import.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import {
  importKind,
  issuesError,
  markImported,
  warnIfNoRows,
  warnUnknownCustomers,
} from './import-report.ts';

/** Files with fewer rows finish before a progress bar would help. */
const PROGRESS_MIN_ROWS = 100_000;

interface ImportCommandOptions {
  dryRun?: boolean;
  decimal: string;
  /** A column-mapping file: the file is not canonical, the map says how to read it. */
  map?: string;
}

export function registerImportCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('import')
    .description(`import a CSV or XLSX file of one kind: ${IMPORT_KINDS.join(', ')}`)
    .argument('<kind>', 'what the file holds')
    .argument('<file>', 'a .csv or .xlsx file')
    .option('--dry-run', 'validate and report, write nothing')
    .option('--decimal <separator>', 'decimal separator: auto, "." or ","', 'auto')
    .option('--map <map.json>', 'column map: source headers → canonical columns (see docs)')
    .action(async (kindName: string, file: string, options: ImportCommandOptions) => {
      const kind = importKind(kindName);
      if (!['auto', '.', ','].includes(options.decimal))
        throw new CliError(`--decimal must be auto, "." or ","`);
      if (options.map !== undefined) {
        // Loaded only with --map: it brings the spreadsheet reader (a second to load).
        const { importMapped } = await import('./import-from.ts');
        await importMapped(kind, file, options.map, options.dryRun === true, global);
        return;
      }
      await withStore(global(), async (store, settings) => {
        const { workspace } = global();
        const started = performance.now();
        const bar = process.stderr.isTTY
          ? new SingleBar({
              format: `${kind} {bar} {percentage}% | {value}/{total} rows`,
              stream: process.stderr,
            })
          : null;
        let barStarted = false;
        // Columns, not row objects: the bulk path (several times faster on large files).
        const parsed = await parseImportFileColumns(kind, file, {
          timeZone: settings.timeZone,
          decimal: options.decimal as 'auto' | '.' | ',',
          onProgress: (done, total) => {
            if (!bar || total < PROGRESS_MIN_ROWS) return;
            if (!barStarted) {
              bar.start(total, 0);
              barStarted = true;
            }
            bar.update(done);
          },
        });
        if (barStarted) bar?.stop();
        if (parsed.issues.length > 0) throw issuesError(file, parsed.issues, parsed.totalRows);
        if (warnIfNoRows(file, parsed.totalRows)) return;
        await warnUnknownCustomers(store, workspace, file, kind, customerIdsOf(parsed.columns));
        if (options.dryRun) {
          process.stdout.write(
            `${file}: ${parsed.columns.length} ${kind} rows are valid (dry run: nothing written).\n`,
          );
          return;
        }
        const result = await upsertColumns(store, workspace, kind, parsed.columns);
        await markImported(store, workspace);
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `${file}: imported ${parsed.columns.length} ${kind} rows (${result.inserted} new, ${result.updated} updated) in ${seconds.toFixed(2)} s.\n`,
        );
        await checkAlertsAfterImport(store, workspace);
      });
    });
}
