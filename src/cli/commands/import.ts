import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { IMPORT_KINDS } from '../../model/kinds.ts';
import {
  IMPORT_BATCH_ROWS,
  parseImportFileInBatches,
  type ParsedImportSummary,
} from '../../ingest/index.ts';
import { beginUpsert } from '../../ingest/columns.ts';
import {
  CUSTOMER_REFERENCES,
  customerIdsOf,
  UnknownCustomerTally,
} from '../../ingest/references.ts';
import type { UpsertResult } from '../../store/store.ts';
import { checkAlertsAfterImport } from './after-import.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import {
  importKind,
  issuesError,
  markImported,
  warnIfNoRows,
  warnUnknown,
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
        const stopBar = () => {
          if (barStarted) bar?.stop();
          barStarted = false;
        };
        // References are checked as the rows come (the ids of the workspace's customers read once).
        const tally = CUSTOMER_REFERENCES.includes(kind)
          ? new UnknownCustomerTally(new Set(await store.customerIds(workspace)))
          : null;
        // Batches are written while the file is still read, in one transaction: committed
        // only once the whole file is known to be clean.
        const writer = options.dryRun ? null : await beginUpsert(store, workspace, kind);
        let result: UpsertResult = { inserted: 0, updated: 0 };
        let parsed: ParsedImportSummary<typeof kind>;
        try {
          parsed = await parseImportFileInBatches(
            kind,
            file,
            {
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
            },
            {
              rows: IMPORT_BATCH_ROWS,
              write: async (columns) => {
                tally?.add(customerIdsOf(columns));
                await writer?.write(columns);
              },
            },
          );
          stopBar();
          if (parsed.issues.length > 0) throw issuesError(file, parsed.issues, parsed.totalRows);
          if (warnIfNoRows(file, parsed.totalRows)) {
            await writer?.rollback();
            return;
          }
          if (tally !== null) warnUnknown(file, kind, tally.result());
          if (writer !== null) result = await writer.commit();
        } catch (error) {
          stopBar();
          await writer?.rollback();
          throw error;
        }
        const rows = parsed.totalRows - parsed.rejectedRows;
        if (options.dryRun) {
          process.stdout.write(
            `${file}: ${rows} ${kind} rows are valid (dry run: nothing written).\n`,
          );
          return;
        }
        await markImported(store, workspace);
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `${file}: imported ${rows} ${kind} rows (${result.inserted} new, ${result.updated} updated) in ${seconds.toFixed(2)} s.\n`,
        );
        await checkAlertsAfterImport(store, workspace);
      });
    });
}
