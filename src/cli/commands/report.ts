import type { Command } from 'commander';
import type { NotificationChannel } from '../../notify/types.ts';
import { DEFAULT_CRONS, isDue, type ReportSchedule } from '../../reports/schedule.ts';
import {
  buildDigest,
  digestNotification,
  listSchedules,
  removeSchedule,
  runDueReports,
  saveSchedule,
  sendReport,
} from '../../reports/service.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { renderTable } from '../format.ts';
import { list } from './option-values.ts';
import { print } from './print.ts';
import { resultsUpToDate } from './recompute.ts';

interface TargetOptions {
  to?: string;
  secret?: string;
  slack?: boolean;
}

/** `a@b.c` is email; a URL is a signed webhook, or a Slack webhook with --slack (or on hooks.slack.com). */
export function channelsFromTargets(options: TargetOptions): NotificationChannel[] {
  const targets = list(options.to);
  if (targets.length === 0) throw new CliError('--to needs at least one email address or URL');
  const emails = targets.filter((t) => !/^https?:\/\//i.test(t));
  const urls = targets.filter((t) => /^https?:\/\//i.test(t));
  for (const e of emails)
    if (!/^[^@\s]+@[^@\s]+$/.test(e))
      throw new CliError(`"${e}" is neither an email address nor an http(s) URL`);
  const channels: NotificationChannel[] = urls.map((url) => {
    if (options.slack || new URL(url).hostname === 'hooks.slack.com') return { type: 'slack', url };
    if (!options.secret) throw new CliError(`webhook ${url} needs --secret (the HMAC signing key)`);
    return { type: 'webhook', url, secret: options.secret };
  });
  if (emails.length > 0) channels.push({ type: 'email', to: emails });
  return channels;
}

function targetOptions(command: Command): Command {
  return command
    .option('--to <targets>', 'comma-separated email addresses and/or webhook URLs')
    .option('--secret <key>', 'HMAC-SHA256 key for webhook URLs')
    .option('--slack', 'URLs are Slack-format incoming webhooks');
}

export function registerReportCommands(program: Command, global: () => GlobalOptions): void {
  const report = program
    .command('report')
    .description('digests of KPIs, goals, alerts and insights');

  targetOptions(
    report
      .command('send')
      .description('build the digest now and send it (email via NORTHSTAR_SMTP_URL)')
      .option('--print', 'print the digest instead of sending it'),
  ).action(async (options: TargetOptions & { print?: boolean }) => {
    const g = global();
    await withStore(g, async (store, settings) => {
      await resultsUpToDate(store, g.workspace, settings);
      if (options.print) {
        const n = digestNotification(await buildDigest(store, g.workspace));
        return print(`${n.title}\n\n${n.text}`);
      }
      const { deliveries } = await sendReport(store, g.workspace, channelsFromTargets(options));
      for (const d of deliveries)
        print(`${d.ok ? 'sent' : 'FAILED'}: ${d.channel}${d.error ? ` — ${d.error}` : ''}`);
      if (deliveries.some((d) => !d.ok)) throw new CliError('some deliveries failed');
    });
  });

  const schedule = report.command('schedule').description('scheduled digests');
  targetOptions(
    schedule
      .command('add')
      .description('add (or replace) a scheduled digest')
      .requiredOption('--id <id>', 'schedule id')
      .option('--every <period>', 'weekly (Monday 08:00) or monthly (1st, 08:00)', 'weekly')
      .option('--cron <pattern>', 'cron pattern instead of --every, e.g. "0 9 * * 1-5"')
      .option('--time-zone <zone>', 'zone the pattern is read in (default: the workspace’s)'),
  ).action(
    async (
      options: TargetOptions & { id: string; every: string; cron?: string; timeZone?: string },
    ) => {
      const cron =
        options.cron ??
        (options.every === 'weekly' || options.every === 'monthly'
          ? DEFAULT_CRONS[options.every]
          : null);
      if (cron === null) throw new CliError('--every must be weekly or monthly (or give --cron)');
      const channels = channelsFromTargets(options);
      const g = global();
      await withStore(g, async (store, settings) => {
        const s: ReportSchedule = {
          id: options.id,
          cron,
          timeZone: options.timeZone ?? settings.timeZone,
          channels,
          createdAt: new Date().toISOString(),
          lastRunAt: null,
        };
        try {
          await saveSchedule(store, g.workspace, s);
        } catch (error) {
          throw new CliError(
            `invalid schedule: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        print(`Saved schedule "${s.id}" (${s.cron}, ${s.timeZone}).`);
      });
    },
  );

  schedule
    .command('list')
    .description('scheduled digests')
    .action(async () => {
      const g = global();
      await withStore(g, async (store) => {
        const all = await listSchedules(store, g.workspace);
        print(
          renderTable(
            ['schedule', 'cron', 'zone', 'channels', 'last run'],
            all.map((s) => [
              s.id,
              s.cron,
              s.timeZone,
              s.channels.map((c) => c.type).join(', '),
              s.lastRunAt ?? '—',
            ]),
          ),
        );
      });
    });

  schedule
    .command('remove')
    .argument('<id>')
    .description('delete a scheduled digest')
    .action(async (id: string) => {
      const g = global();
      await withStore(g, async (store) => {
        if (!(await removeSchedule(store, g.workspace, id)))
          throw new CliError(`no schedule "${id}"`);
        print(`Removed schedule "${id}".`);
      });
    });

  report
    .command('run-due')
    .description('send every scheduled digest that fell due (run it from cron every few minutes)')
    .action(async () => {
      const g = global();
      await withStore(g, async (store, settings) => {
        const now = new Date();
        // A digest reads the metrics: when one is due, they are brought up to date first,
        // saying so should that take a full recompute (cron mails what a job prints).
        const schedules = await listSchedules(store, g.workspace);
        if (schedules.some((s) => isDue(s, now)))
          await resultsUpToDate(store, g.workspace, settings);
        const runs = await runDueReports(store, g.workspace, now);
        if (runs.length === 0) print('Nothing due.');
        for (const r of runs)
          for (const d of r.deliveries)
            print(
              `${r.scheduleId}: ${d.ok ? 'sent' : 'FAILED'} ${d.channel}${d.error ? ` — ${d.error}` : ''}`,
            );
      });
    });
}
