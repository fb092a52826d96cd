import type { Command } from 'commander';
import { formatDay } from '../../model/day.ts';
import { INTERVALS, type Interval } from '../../model/period.ts';
import {
  cohortRecords,
  metricsReport,
  movementRecords,
  selectMetrics,
} from '../../metrics/report.ts';
import { computeWorkspace } from '../../metrics/service.ts';
import type { MovementMode } from '../../engine/mrr.ts';
import { CliError, parseRangeBound, todayIn, withStore, type GlobalOptions } from '../context.ts';
import {
  formatValue,
  OUTPUT_FORMATS,
  renderCsv,
  renderTable,
  type OutputFormat,
} from '../format.ts';

interface RangeOptions {
  from?: string;
  to?: string;
  interval: string;
  mode: string;
  format: string;
}

const TABLE_PERIODS = 6;

function choice<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new CliError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

function rangeOptions(command: Command): Command {
  return command
    .option('--from <month>', 'first period to show (YYYY-MM or YYYY-MM-DD)')
    .option('--to <month>', 'last period to show; history after it is ignored (default: today)')
    .option('--interval <interval>', `period length: ${INTERVALS.join(', ')}`, 'month')
    .option(
      '--mode <mode>',
      'event: movements on the day MRR changes; snapshot: compare period ends',
      'event',
    )
    .option('--format <format>', `output: ${OUTPUT_FORMATS.join(', ')}`, 'table');
}

async function compute(global: GlobalOptions, options: RangeOptions, collectMovements: boolean) {
  const interval = choice<Interval>(options.interval, INTERVALS, '--interval');
  const mode = choice<MovementMode>(options.mode, ['event', 'snapshot'], '--mode');
  const format = choice<OutputFormat>(options.format, OUTPUT_FORMATS, '--format');
  return withStore(global, async (store, settings) => {
    const from = options.from ? parseRangeBound(options.from, 'start', '--from') : undefined;
    const to = options.to ? parseRangeBound(options.to, 'end', '--to') : todayIn(settings.timeZone);
    if (from !== undefined && from > to)
      throw new CliError(`--from ${options.from} is after --to ${options.to ?? formatDay(to)}`);
    const mrr = await computeWorkspace(store, {
      workspaceId: global.workspace,
      interval,
      mode,
      from,
      to,
      collectMovements,
    });
    return {
      mrr,
      format,
      from: from === undefined ? undefined : formatDay(from),
      to: formatDay(to),
    };
  });
}

export function registerMetricCommands(program: Command, global: () => GlobalOptions): void {
  rangeOptions(
    program
      .command('metrics')
      .description('MRR, movements, churn, retention and concentration per period')
      .option('--metric <ids>', 'comma-separated metric ids (default: all)'),
  ).action(async (options: RangeOptions & { metric?: string }) => {
    const metrics = selectMetrics(
      options.metric
        ? options.metric
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    );
    const { mrr, format, from, to } = await compute(global(), options, false);
    const report = metricsReport(mrr, metrics, { from, to });
    if (format === 'json') return print(JSON.stringify(report, null, 2));
    if (format === 'csv') {
      return print(
        renderCsv(
          ['period', 'start', 'end', ...metrics.map((m) => m.id)],
          report.periods.map((p) => [
            p.period,
            p.start,
            p.end,
            ...metrics.map((m) => p.metrics[m.id] ?? null),
          ]),
        ),
      );
    }
    let periods = report.periods;
    if (!options.from && periods.length > TABLE_PERIODS) {
      process.stderr.write(
        `Showing the last ${TABLE_PERIODS} of ${periods.length} periods; use --from/--to, or --format csv|json for all.\n`,
      );
      periods = periods.slice(-TABLE_PERIODS);
    }
    print(
      renderTable(
        ['metric', ...periods.map((p) => p.period)],
        metrics.map((m) => [
          m.id,
          ...periods.map((p) => formatValue(m, p.metrics[m.id] ?? null, report.currency)),
        ]),
      ),
    );
    print(
      `Currency ${report.currency}, ${report.interval}ly periods, ${report.mode} mode. Definitions: northstar metrics --help, README "Metric definitions".`,
    );
  });

  rangeOptions(
    program.command('movements').description('per-customer log of MRR movements'),
  ).action(async (options: RangeOptions) => {
    const { mrr, format, from, to } = await compute(global(), options, true);
    const records = movementRecords(mrr, mrr.movements ?? []).filter(
      (r) => (!from || r.date >= from) && r.date <= to,
    );
    const header = ['date', 'customer_id', 'type', 'amount', 'mrr_before', 'mrr_after'] as const;
    if (format === 'json')
      return print(
        JSON.stringify({ currency: mrr.currency, mode: mrr.mode, movements: records }, null, 2),
      );
    if (format === 'csv')
      return print(
        renderCsv(
          header,
          records.map((r) => header.map((h) => r[h])),
        ),
      );
    print(
      renderTable(
        [...header],
        records.map((r) => header.map((h) => String(r[h]))),
      ),
    );
  });

  rangeOptions(
    program
      .command('cohorts')
      .description('monthly cohorts by first payment: logo and revenue retention'),
  )
    .option('--retention <kind>', 'table shows logo or revenue retention', 'logo')
    .action(async (options: RangeOptions & { retention: string }) => {
      const kind = choice(options.retention, ['logo', 'revenue'] as const, '--retention');
      const { mrr, format, from } = await compute(
        global(),
        { ...options, interval: 'month' },
        false,
      );
      const cohorts = cohortRecords(mrr.cohorts, mrr.currency).filter(
        (c) => !from || c.cohort >= from.slice(0, 7),
      );
      if (format === 'json')
        return print(JSON.stringify({ currency: mrr.currency, cohorts }, null, 2));
      const width = Math.max(0, ...cohorts.map((c) => c.months.length));
      const header = [
        'cohort',
        'customers',
        'starting_mrr',
        ...Array.from({ length: width }, (_, k) => `m${k}`),
      ];
      const cell = (c: (typeof cohorts)[number], k: number) => {
        const month = c.months[k];
        const value = month
          ? kind === 'logo'
            ? month.logo_retention
            : month.revenue_retention
          : null;
        return format === 'csv' ? value : value === null ? '' : `${Math.round(value * 100)}%`;
      };
      const rows = cohorts.map((c) => [
        c.cohort,
        c.customers,
        c.starting_mrr,
        ...Array.from({ length: width }, (_, k) => cell(c, k)),
      ]);
      if (format === 'csv') return print(renderCsv(header, rows));
      print(
        renderTable(
          header,
          rows.map((r) => r.map((v) => (v === null ? '' : String(v)))),
        ),
      );
    });
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
