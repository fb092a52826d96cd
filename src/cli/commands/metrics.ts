import type { Command } from 'commander';
import { INTERVALS, type Interval } from '../../model/period.ts';
import { dayRangeText } from '../../model/day-range.ts';
import { toDateLabel, type MetricsReport } from '../../metrics/report.ts';
import { cohortTable } from '../../metrics/cohort-table.ts';
import type { MetricDefinition } from '../../metrics/registry.ts';
import { STAGE_PRESET_IDS, type StagePreset } from '../../metrics/presets.ts';
import {
  parseSegments,
  queryBreakdown,
  queryMetrics,
  queryMovements,
  type BreakdownAnswer,
} from '../../metrics/query.ts';
import type { MovementMode } from '../../engine/mrr.ts';
import type { SegmentFilter } from '../../engine/segments.ts';
import type { Comparison } from '../../metrics/compare.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { recomputeNotice } from './recompute.ts';
import {
  formatValue,
  OUTPUT_FORMATS,
  renderCsv,
  renderTable,
  type OutputFormat,
} from '../format.ts';

export interface RangeOptions {
  from?: string;
  to?: string;
  interval: string;
  mode: string;
  format: string;
}

const TABLE_PERIODS = 6;

export function choice<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new CliError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

export function rangeOptions(command: Command): Command {
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

/** The range options as a query (the query layer parses and checks the texts). */
function rangeQuery(global: GlobalOptions, options: RangeOptions) {
  return {
    workspaceId: global.workspace,
    interval: choice<Interval>(options.interval, INTERVALS, '--interval'),
    mode: choice<MovementMode>(options.mode, ['event', 'snapshot'], '--mode'),
    from: options.from,
    to: options.to,
  };
}

export async function compute(global: GlobalOptions, options: RangeOptions) {
  const format = choice<OutputFormat>(options.format, OUTPUT_FORMATS, '--format');
  const query = rangeQuery(global, options);
  return withStore(global, async (store) => {
    const { mrr, range } = await queryMovements(store, query);
    return { mrr, format, ...range };
  });
}

interface MetricsOptions extends RangeOptions {
  metric?: string;
  segment: string[];
  by?: string;
  compare?: boolean;
  preset?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerMetricCommands(program: Command, global: () => GlobalOptions): void {
  rangeOptions(
    program
      .command('metrics')
      .description('MRR, movements, churn, retention and concentration per period')
      .option('--metric <ids>', 'comma-separated metric ids (default: all)'),
  )
    .option(
      '--segment <attribute=value>',
      'only this segment, e.g. plan=Pro or country=FR|DE (repeatable: all must match)',
      collect,
      [],
    )
    .option(
      '--by <attribute>',
      'one series per value of plan, country, channel, segment or a custom attribute',
    )
    .option(
      '--compare',
      'add each period beside the previous one and a year earlier (JSON and CSV; the table always shows the last period compared)',
    )
    .option(
      '--preset <stage>',
      `the metrics to watch first at a stage: ${STAGE_PRESET_IDS.join(', ')} (northstar presets)`,
    )
    .action(async (options: MetricsOptions) => {
      const format = choice<OutputFormat>(options.format, OUTPUT_FORMATS, '--format');
      const segment = parseSegments(options.segment);
      const compare = options.compare === true;
      const query = rangeQuery(global(), options);
      await withStore(global(), async (store) => {
        const request = {
          ...query,
          metrics: (options.metric ?? '')
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
          preset: options.preset,
          segment,
          // The table compares its last period; JSON and CSV carry comparisons when asked.
          compare: compare || format === 'table',
          onRecompute: recomputeNotice(),
        };
        const contextOf = (answer: Pick<BreakdownAnswer, 'metrics' | 'preset' | 'missing'>) => ({
          options,
          metrics: answer.metrics,
          format,
          compare,
          preset: answer.preset,
          missing: answer.missing,
        });
        if (options.by) {
          const breakdown = await queryBreakdown(store, { ...request, by: options.by });
          return printSeries(
            contextOf(breakdown),
            options.by,
            breakdown.series.map((s) => ({ value: s.value, report: s.report })),
          );
        }
        const { report, ...answer } = await queryMetrics(store, request);
        const context = contextOf({ ...answer, missing: report.missing });
        printReport(context, report, segment);
      });
    });

  rangeOptions(
    program
      .command('cohorts')
      .description('monthly cohorts by first payment: logo and revenue retention'),
  )
    .option('--retention <kind>', 'table shows logo or revenue retention', 'logo')
    .action(async (options: RangeOptions & { retention: string }) => {
      const kind = choice(options.retention, ['logo', 'revenue'] as const, '--retention');
      const format = choice<OutputFormat>(options.format, OUTPUT_FORMATS, '--format');
      const { workspaceId, mode, from, to } = rangeQuery(global(), options);
      const { currency, cohorts } = await withStore(global(), (store) =>
        cohortTable(store, { workspaceId, mode, from, to }),
      );
      if (format === 'json') return print(JSON.stringify({ currency, cohorts }, null, 2));
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

interface OutputContext {
  readonly options: MetricsOptions;
  readonly metrics: readonly MetricDefinition[];
  readonly format: OutputFormat;
  readonly compare: boolean;
  readonly preset: StagePreset | null;
  readonly missing: Readonly<Record<string, string>>;
}

/** JSON keeps the documented shape, plus `segment` and `preset` when asked for. */
function printReport(
  context: OutputContext,
  report: MetricsReport,
  segment: readonly SegmentFilter[],
): void {
  const { options, metrics, format, preset } = context;
  if (format === 'json') {
    const json = {
      ...report,
      ...(segment.length > 0
        ? { segment: Object.fromEntries(segment.map((f) => [f.attribute, f.values])) }
        : {}),
      ...(preset ? { preset: preset.id } : {}),
    };
    return print(JSON.stringify(json, null, 2));
  }
  if (format === 'csv') return print(csvOf(context, report));
  if (preset) print(`${preset.label}: ${preset.description}\n`);
  print(tableOf(options, metrics, report));
  printPartial(report);
  printMissing(context.missing);
  print(
    `Currency ${report.currency}, ${ADVERB[report.interval as Interval]} periods, ${report.mode} mode${segment.length > 0 ? `, segment ${segment.map((f) => `${f.attribute}=${f.values.join('|')}`).join(', ')}` : ''}. Formulas: northstar explain <metric>; benchmarks: northstar benchmarks.`,
  );
}

/** "daily periods", never "dayly". */
const ADVERB: Readonly<Record<Interval, string>> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  quarter: 'quarterly',
  year: 'yearly',
};

/**
 * Under the table: the running period is not a whole one; it is set beside the same days of
 * the previous period, and the metrics that cannot be say why.
 */
function printPartial(report: MetricsReport): void {
  const last = report.periods.at(-1);
  if (!last?.partial) return;
  const label = `${last.period} is ${toDateLabel(report.interval)} (through ${last.through})`;
  const days = last.comparison_period;
  if (!days) return print(`${label}: no previous ${report.interval} to compare it with.`);
  print(
    `${label}: compared with the same days of ${days.period} (${days.from} – ${days.through}), not with a year ago.`,
  );
  const byReason = new Map<string, string[]>();
  for (const [id, c] of Object.entries(last.comparisons ?? {}))
    if (c.not_compared)
      byReason.set(c.not_compared.reason, [...(byReason.get(c.not_compared.reason) ?? []), id]);
  for (const [reason, ids] of byReason) print(`— ${ids.join(', ')}: not compared, ${reason}.`);
}

/** Under the table: which metrics have no value because an import is missing, and which. */
function printMissing(missing: Readonly<Record<string, string>>): void {
  const byReason = new Map<string, string[]>();
  for (const [id, reason] of Object.entries(missing))
    byReason.set(reason, [...(byReason.get(reason) ?? []), id]);
  for (const [reason, ids] of byReason) print(`— ${ids.join(', ')}: ${reason}.`);
}

function printSeries(
  context: OutputContext,
  by: string,
  series: readonly { value: string; report: MetricsReport }[],
): void {
  const { options, metrics, format, preset, missing } = context;
  if (format === 'json') {
    const first = series[0]?.report;
    return print(
      JSON.stringify(
        {
          currency: first?.currency ?? null,
          interval: first?.interval ?? options.interval,
          mode: first?.mode ?? options.mode,
          by,
          ...(preset ? { preset: preset.id } : {}),
          series: series.map((s) => ({ value: s.value, periods: s.report.periods })),
          missing,
        },
        null,
        2,
      ),
    );
  }
  if (format === 'csv') {
    const columns = csvColumns(context);
    const rows = series.flatMap((s) =>
      s.report.periods.map((p) => [s.value, p.period, p.start, p.end, ...columns.cells(p)]),
    );
    return print(renderCsv([by, 'period', 'start', 'end', ...columns.header], rows));
  }
  if (preset) print(`${preset.label}: ${preset.description}`);
  for (const s of series) {
    print(`\n${by} = ${s.value}`);
    print(tableOf(options, metrics, s.report));
  }
  printMissing(missing);
}

type ReportPeriod = MetricsReport['periods'][number];

/** CSV columns: one per metric, and with --compare its changes against the past. */
function csvColumns({ metrics, compare }: OutputContext) {
  const changes = ['change', 'change_pct', 'year_change', 'year_change_pct'] as const;
  return {
    header: metrics.flatMap((m) => [m.id, ...(compare ? changes.map((c) => `${m.id}_${c}`) : [])]),
    cells: (p: ReportPeriod) =>
      metrics.flatMap((m) => [
        p.metrics[m.id] ?? null,
        ...(compare ? changes.map((c) => p.comparisons?.[m.id]?.[c] ?? null) : []),
      ]),
  };
}

function csvOf(context: OutputContext, report: MetricsReport): string {
  const columns = csvColumns(context);
  return renderCsv(
    ['period', 'start', 'end', ...columns.header],
    report.periods.map((p) => [p.period, p.start, p.end, ...columns.cells(p)]),
  );
}

/** The last periods as columns, then the last one against the previous period and a year earlier. */
function tableOf(
  options: MetricsOptions,
  metrics: readonly MetricDefinition[],
  report: MetricsReport,
): string {
  let periods = report.periods;
  if (!options.from && periods.length > TABLE_PERIODS) {
    process.stderr.write(
      `Showing the last ${TABLE_PERIODS} of ${periods.length} periods; use --from/--to, or --format csv|json for all.\n`,
    );
    periods = periods.slice(-TABLE_PERIODS);
  }
  const last = periods.at(-1);
  const heading = (p: MetricsReport['periods'][number]) =>
    p.partial ? `${p.period} ${toDateLabel(report.interval)}` : p.period;
  const sameDays = last?.comparison_period;
  const previous = sameDays
    ? `vs ${dayRangeText(sameDays.from, sameDays.through, 'en-GB')}`
    : 'vs prev';
  return renderTable(
    ['metric', ...periods.map(heading), previous, 'vs year ago'],
    metrics.map((m) => {
      const c = last?.comparisons?.[m.id];
      return [
        m.id,
        ...periods.map((p) => displayValue(m, p.metrics[m.id] ?? null, report.currency)),
        c ? changeText(m, c.change, c.change_pct, c.good) : '',
        c ? changeText(m, c.year_change, c.year_change_pct, c.year_good) : '',
      ];
    }),
  );
}

/** Rates and scores change in points; everything else relatively. ✓ good news, ✗ bad news. */
function changeText(
  metric: MetricDefinition,
  change: Comparison['change'],
  pct: Comparison['change_pct'],
  good: Comparison['good'],
): string {
  const verdict = good === null ? '' : good ? ' ✓' : ' ✗';
  const sign = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '±');
  if (change === null) return '—';
  if (metric.unit === 'rate')
    return `${sign(change)}${Math.abs(change * 100).toFixed(1)} pp${verdict}`;
  if (metric.unit === 'points')
    return `${sign(change)}${Math.abs(change).toFixed(1)} pts${verdict}`;
  if (pct === null) return `${sign(change)} from 0${verdict}`;
  return `${sign(pct)}${Math.abs(pct * 100).toFixed(1)}%${verdict}`;
}

/** formatValue, with the units it does not know (points, months, days, hours) spelled out. */
export function displayValue(
  metric: MetricDefinition,
  value: number | null,
  currency: string,
): string {
  if (value === null) return '—';
  switch (metric.unit) {
    case 'points':
      return value.toFixed(1);
    case 'months':
      return `${value.toFixed(1)} mo`;
    case 'days':
      return `${value.toFixed(1)} d`;
    case 'hours':
      return `${value.toFixed(1)} h`;
    case 'count':
      return Number.isInteger(value) ? formatValue(metric, value, currency) : value.toFixed(1);
    default:
      return formatValue(metric, value, currency);
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
