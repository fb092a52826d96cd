import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { IMPORT_KINDS, type ImportKind } from '../../model/kinds.ts';
import { parseImportFile } from '../../ingest/index.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';

/** How many row problems are printed before the rest is summarized. */
const SHOWN_ISSUES = 50;
/** Files with fewer rows finish before a progress bar would help. */
const PROGRESS_MIN_ROWS = 100_000;

export function registerImportCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('import')
    .description(`import a CSV or XLSX file of one kind: ${IMPORT_KINDS.join(', ')}`)
    .argument('<kind>', 'what the file holds')
    .argument('<file>', 'a .csv or .xlsx file')
    .option('--dry-run', 'validate and report, write nothing')
    .option('--decimal <separator>', 'decimal separator: auto, "." or ","', 'auto')
    .action(async (kind: string, file: string, options: { dryRun?: boolean; decimal: string }) => {
      if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
        throw new CliError(`unknown kind "${kind}"; one of ${IMPORT_KINDS.join(', ')}`);
      }
      if (!['auto', '.', ','].includes(options.decimal))
        throw new CliError(`--decimal must be auto, "." or ","`);
      await withStore(global(), async (store, settings) => {
        const started = performance.now();
        const bar = process.stderr.isTTY
          ? new SingleBar({
              format: `${kind} {bar} {percentage}% | {value}/{total} rows`,
              stream: process.stderr,
            })
          : null;
        let barStarted = false;
        const parsed = await parseImportFile(kind as ImportKind, file, {
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
        if (parsed.issues.length > 0) {
          const lines = parsed.issues
            .slice(0, SHOWN_ISSUES)
            .map((i) => `  ${i.file}:${i.row}${i.column ? ` [${i.column}]` : ''}: ${i.reason}`);
          const more =
            parsed.issues.length > SHOWN_ISSUES
              ? `\n  … and ${parsed.issues.length - SHOWN_ISSUES} more`
              : '';
          throw new CliError(
            `${file}: ${parsed.issues.length} problem(s) in ${parsed.totalRows} rows; nothing was imported.\n${lines.join('\n')}${more}`,
            2,
          );
        }
        if (options.dryRun) {
          process.stdout.write(
            `${file}: ${parsed.rows.length} ${kind} rows are valid (dry run: nothing written).\n`,
          );
          return;
        }
        const result = await store.upsert(global().workspace, kind as ImportKind, parsed.rows);
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `${file}: imported ${parsed.rows.length} ${kind} rows (${result.inserted} new, ${result.updated} updated) in ${seconds.toFixed(2)} s.\n`,
        );
      });
    });
}
