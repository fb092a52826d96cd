import type { Command } from 'commander';
import { isKnownCurrency } from '../../model/currency.ts';
import type { WorkspaceSettings } from '../../model/workspace.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function registerWorkspaceCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('workspace')
    .description(
      'show or change how the workspace computes: currency, time zone, churn timing, MRR source',
    )
    .option('--currency <code>', 'reporting currency (ISO 4217)')
    .option('--time-zone <zone>', 'reporting time zone (IANA, e.g. Europe/Paris)')
    .option('--churn-timing <when>', 'period_end (default) or immediate')
    .option('--mrr-source <source>', 'subscriptions (default) or invoices')
    .option(
      '--delinquency-days <days>',
      'an invoice unpaid more than this many days churns its customer until paid; "off" (default) disables',
    )
    .action(
      async (options: {
        currency?: string;
        timeZone?: string;
        churnTiming?: string;
        mrrSource?: string;
        delinquencyDays?: string;
      }) => {
        const changes: { -readonly [K in keyof WorkspaceSettings]?: WorkspaceSettings[K] } = {};
        if (options.currency !== undefined) {
          const code = options.currency.toUpperCase();
          if (!isKnownCurrency(code))
            throw new CliError(`unknown currency code "${options.currency}"`);
          changes.currency = code;
        }
        if (options.timeZone !== undefined) {
          if (!isTimeZone(options.timeZone))
            throw new CliError(
              `unknown time zone "${options.timeZone}" (use an IANA name such as Europe/Paris)`,
            );
          changes.timeZone = options.timeZone;
        }
        if (options.churnTiming !== undefined) {
          if (options.churnTiming !== 'period_end' && options.churnTiming !== 'immediate')
            throw new CliError('--churn-timing must be period_end or immediate');
          changes.churnTiming = options.churnTiming;
        }
        if (options.mrrSource !== undefined) {
          if (options.mrrSource !== 'subscriptions' && options.mrrSource !== 'invoices')
            throw new CliError('--mrr-source must be subscriptions or invoices');
          changes.mrrSource = options.mrrSource;
        }
        if (options.delinquencyDays !== undefined) {
          const days = Number(options.delinquencyDays);
          if (options.delinquencyDays !== 'off' && !(Number.isInteger(days) && days >= 0)) {
            throw new CliError('--delinquency-days must be a whole number of days or "off"');
          }
          changes.delinquencyDays = options.delinquencyDays === 'off' ? null : days;
        }
        await withStore(global(), async (store) => {
          const settings =
            Object.keys(changes).length > 0
              ? await store.updateWorkspace(global().workspace, changes)
              : await store.workspace(global().workspace);
          const counts = await store.counts(global().workspace);
          process.stdout.write(
            `${JSON.stringify({ workspace: global().workspace, settings, rows: counts }, null, 2)}\n`,
          );
        });
      },
    );
}
