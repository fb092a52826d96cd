import { existsSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { COLLECTIONS as ALERT_COLLECTIONS } from '../../alerts/types.ts';
import { IDEMPOTENCY_COLLECTION } from '../../integrations/events/idempotency.ts';
import { FORECASTS } from '../../forecast/saved.ts';
import { GOALS_COLLECTION } from '../../goals/types.ts';
import { DELIVERIES, OUTBOX, STATE, SUBSCRIPTIONS } from '../../integrations/outgoing/types.ts';
import { LEDGER_COLLECTIONS } from '../../integrations/stripe/ledger.ts';
import { STRIPE_STATE_COLLECTION } from '../../integrations/stripe/state.ts';
import { IMPORT_KINDS } from '../../model/kinds.ts';
import { SCHEDULES_COLLECTION } from '../../reports/schedule.ts';
import {
  copyIntoPostgres,
  copyWorkspace,
  storeWriter,
  TargetNotEmptyError,
  type CopyOptions,
  type CopyReport,
} from '../../store/postgres/copy-workspace.ts';
import { openStore } from '../../store/open.ts';
import type { Store } from '../../store/store.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { plural } from '../../model/plural.ts';
import { EXIT } from '../failure.ts';
import { DEMO_COLLECTION } from './demo.ts';

/** Every document collection a workspace keeps: goals, alerts, reports, forecasts, webhooks. */
export const WORKSPACE_COLLECTIONS: readonly string[] = [
  GOALS_COLLECTION,
  ...Object.values(ALERT_COLLECTIONS),
  SCHEDULES_COLLECTION,
  FORECASTS,
  SUBSCRIPTIONS,
  DELIVERIES,
  OUTBOX,
  STATE,
  IDEMPOTENCY_COLLECTION,
  DEMO_COLLECTION,
  STRIPE_STATE_COLLECTION,
  ...LEDGER_COLLECTIONS,
];

const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//.test(target);

/** The target as it may be printed: a URL without its password. */
function shown(target: string): string {
  if (!isPostgresUrl(target)) return target;
  const url = new URL(target);
  if (url.password !== '') url.password = '***';
  return url.toString();
}

/**
 * Copies into a DuckDB file all or nothing: the copy is written into a copy of the file
 * (or a new one), which replaces the file only once it is complete.
 */
export async function copyIntoDuckDbFile(
  from: Store,
  path: string,
  workspaceId: string,
  options: CopyOptions,
): Promise<CopyReport> {
  const temporary = `${path}.copying-${process.pid}`;
  try {
    if (existsSync(path)) {
      // Opening and closing checkpoints the file, so its bytes alone are the whole database.
      await (await openStore({ db: path })).close();
      await copyFile(path, temporary);
    }
    const target = await openStore({ db: temporary });
    let report: CopyReport;
    try {
      report = await copyWorkspace(from, storeWriter(target, workspaceId), workspaceId, options);
    } finally {
      await target.close();
    }
    await rename(temporary, path);
    return report;
  } finally {
    await rm(temporary, { force: true });
    await rm(`${temporary}.wal`, { force: true });
  }
}

/** An error the target database reported (PostgreSQL SQLSTATE codes are five characters). */
function isDatabaseError(error: unknown): error is Error {
  return error instanceof Error && /^[0-9A-Z]{5}$/.test(String((error as { code?: unknown }).code));
}

function summary(report: CopyReport): string {
  const rows = IMPORT_KINDS.filter((k) => report.rows[k] > 0).map((k) => `${report.rows[k]} ${k}`);
  return [
    rows.length > 0 ? rows.join(', ') : 'no rows',
    plural(report.apiKeys, 'API key'),
    plural(report.documents, 'document'),
  ].join('; ');
}

export function registerCopyCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('copy')
    .description(
      'copy the workspace into another database, all or nothing: DuckDB file → PostgreSQL or back',
    )
    .requiredOption('--to <target>', 'postgres://user:pass@host:5432/db, or a DuckDB file')
    .option('--replace', 'replace what the target workspace holds (it refuses otherwise)')
    .action(async (options: { to: string; replace?: boolean }) => {
      const g = global();
      const toPostgres = isPostgresUrl(options.to);
      const sourceUrl =
        g.databaseUrl ?? (g.db === undefined ? process.env.DATABASE_URL : undefined);
      const sourceFile = resolve(g.db ?? process.env.NORTHSTAR_DB ?? './northstar.duckdb');
      if (
        toPostgres
          ? options.to === sourceUrl
          : sourceUrl === undefined && resolve(options.to) === sourceFile
      )
        throw new CliError('--to names the database the workspace is in: copy it somewhere else');
      await withStore(g, async (from) => {
        const started = performance.now();
        const bar = process.stderr.isTTY
          ? new SingleBar({
              format: 'copy {bar} {percentage}% | {value}/{total} rows and collections',
              stream: process.stderr,
            })
          : null;
        const copyOptions: CopyOptions = {
          collections: WORKSPACE_COLLECTIONS,
          replace: options.replace === true,
          onProgress: (done, total) => {
            if (bar === null) return;
            if (done === 0) bar.start(total, 0);
            else bar.update(done);
          },
        };
        let report: CopyReport;
        try {
          report = toPostgres
            ? await copyIntoPostgres(from, options.to, g.workspace, copyOptions)
            : await copyIntoDuckDbFile(from, options.to, g.workspace, copyOptions);
        } catch (error) {
          if (error instanceof TargetNotEmptyError)
            throw new CliError(
              `${shown(options.to)}: ${error.message} in workspace "${g.workspace}". Nothing was changed. ` +
                'Pass --replace to replace it with the copy.',
              EXIT.refused,
            );
          if (isDatabaseError(error))
            throw new CliError(
              `${shown(options.to)}: the copy failed (${error.message}); nothing was changed in the target.`,
            );
          throw error;
        } finally {
          bar?.stop();
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `Copied workspace "${g.workspace}" to ${shown(options.to)} in ${seconds} s: ${summary(report)}.\n`,
        );
      });
    });
}
