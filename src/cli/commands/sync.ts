import type { Command } from 'commander';
import { formatDay, parseIsoDay, MS_PER_DAY } from '../../model/day.ts';
import { createStripeClient } from '../../integrations/stripe/client.ts';
import { RESOURCE_LABELS } from '../../integrations/stripe/errors.ts';
import { syncStripe } from '../../integrations/stripe/sync.ts';
import { adoptStateFile } from '../../integrations/stripe/state.ts';
import { DEFAULT_DB_PATH } from '../../store/open.ts';
import { zoneClock } from '../../ingest/time.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { checkAlertsAfterImport } from './after-import.ts';

/** How many warnings are printed before the rest is counted. */
const SHOWN_WARNINGS = 20;

export function registerSyncCommand(program: Command, global: () => GlobalOptions): void {
  const sync = program.command('sync').description('pull data from a connected service');
  sync
    .command('stripe')
    .description(
      'pull customers, products, prices, coupons, subscriptions, invoices, credit notes and refunds from Stripe; an interrupted sync resumes',
    )
    .option('--api-key <key>', 'secret or restricted key (env STRIPE_API_KEY)')
    .option(
      '--since <date>',
      'only objects created on or after this date (YYYY-MM-DD); subscriptions are always read whole',
    )
    .option(
      '--api-base <url>',
      'API base URL (a local Stripe double or stripe-mock); default https://api.stripe.com',
    )
    .action(async (options: { apiKey?: string; since?: string; apiBase?: string }) => {
      const apiKey = options.apiKey ?? process.env.STRIPE_API_KEY;
      if (apiKey === undefined || apiKey === '')
        throw new CliError('a Stripe API key is needed: --api-key sk_… or env STRIPE_API_KEY');
      const g = global();
      await withStore(g, async (store, settings) => {
        const databaseUrl =
          g.databaseUrl ?? (g.db === undefined ? process.env.DATABASE_URL : undefined);
        if (!databaseUrl)
          await adoptStateFile(
            store,
            g.workspace,
            g.db ?? process.env.NORTHSTAR_DB ?? DEFAULT_DB_PATH,
          );
        let since: number | null = null;
        if (options.since !== undefined) {
          const day = parseIsoDay(options.since);
          if (day === null)
            throw new CliError(`--since "${options.since}" is not a date (YYYY-MM-DD)`);
          // The day starts at local midnight in the workspace's zone.
          since = Math.floor(zoneClock(settings.timeZone).instantOf(day * MS_PER_DAY) / 1000);
        }
        const tty = process.stderr.isTTY === true;
        const warnings: string[] = [];
        const started = performance.now();
        const result = await syncStripe({
          stripe: createStripeClient(
            apiKey,
            options.apiBase === undefined ? {} : { apiBase: options.apiBase },
          ),
          store,
          workspaceId: g.workspace,
          timeZone: settings.timeZone,
          since,
          onWarning: (message) => warnings.push(message),
          onProgress: ({ stage, objects, done }) => {
            const line = `stripe: ${RESOURCE_LABELS[stage] ?? stage} ${objects.toLocaleString('en-US')}${done ? ' ✓' : '…'}`;
            if (tty) process.stderr.write(`\r\x1b[K${line}${done ? '\n' : ''}`);
            else if (done) process.stderr.write(`${line}\n`);
          },
        });
        for (const w of warnings.slice(0, SHOWN_WARNINGS)) process.stderr.write(`warning: ${w}\n`);
        if (warnings.length > SHOWN_WARNINGS)
          process.stderr.write(`warning: … and ${warnings.length - SHOWN_WARNINGS} more\n`);
        const rows = Object.entries(result.rows)
          .map(([kind, n]) => `${n} ${kind}`)
          .join(', ');
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `stripe: ${result.resumed ? 'resumed and ' : ''}synced ${rows || 'nothing new'}` +
            `${since === null ? '' : ` (created since ${formatDay(parseIsoDay(options.since!)!)})`} in ${seconds.toFixed(1)} s.\n`,
        );
        await checkAlertsAfterImport(store, g.workspace);
      });
    });
}
