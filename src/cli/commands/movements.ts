import type { Command } from 'commander';
import { movementRecords } from '../../metrics/report.ts';
import {
  CONTRIBUTOR_METRICS,
  metricContributors,
  type ContributorsReport,
} from '../../metrics/contributors.ts';
import { INTERVALS, type Interval } from '../../model/period.ts';
import type { MovementMode } from '../../engine/mrr.ts';
import { parseRangeBound } from '../../metrics/query.ts';
import { CliError, todayIn, withStore, type GlobalOptions } from '../context.ts';
import { OUTPUT_FORMATS, renderCsv, renderTable, type OutputFormat } from '../format.ts';
import { print } from './print.ts';
import { choice, compute, rangeOptions, type RangeOptions } from './metrics.ts';

interface MovementsOptions extends RangeOptions {
  period?: string;
  type?: string;
  metric?: string;
}

/** `--type` names for the movement metrics (`--metric` takes any metric with a drill-down). */
const TYPE_METRICS: Readonly<Record<string, string>> = {
  new: 'new_mrr',
  expansion: 'expansion_mrr',
  contraction: 'contraction_mrr',
  churned: 'churned_mrr',
  churn: 'churned_mrr',
  reactivation: 'reactivation_mrr',
  fx: 'fx_impact_mrr',
  net_new: 'net_new_mrr',
};

/**
 * `northstar movements`: the per-customer movement log, or with `--period` the drill-down
 * of one movement metric in one period — the customers, amounts and source rows behind it.
 */
export function registerMovementsCommand(program: Command, global: () => GlobalOptions): void {
  rangeOptions(
    program
      .command('movements')
      .description(
        'per-customer log of MRR movements; with --period, the customers and source rows behind one movement metric',
      ),
  )
    .option('--period <period>', 'drill into one period (2026-11, 2026-Q4, a day in it)')
    .option('--type <type>', `movement type with --period: ${Object.keys(TYPE_METRICS).join(', ')}`)
    .option('--metric <id>', `any metric with a drill-down: ${CONTRIBUTOR_METRICS.join(', ')}`)
    .action(async (options: MovementsOptions) => {
      if (options.period !== undefined) return drillDown(global(), options);
      if (options.type !== undefined || options.metric !== undefined)
        throw new CliError(
          '--type and --metric need --period (e.g. --period 2026-11 --type expansion)',
        );
      const { mrr, format, from, to } = await compute(global(), options);
      const records = movementRecords(mrr, mrr.movements ?? []).filter(
        (r) => (!from || r.date >= from) && r.date <= to,
      );
      const header = ['date', 'customer_id', 'type', 'amount', 'mrr_before', 'mrr_after'] as const;
      if (format === 'json')
        return print(
          JSON.stringify({ currency: mrr.currency, mode: mrr.mode, movements: records }, null, 2),
        );
      const rows = records.map((r) => header.map((h) => r[h]));
      print(
        format === 'csv'
          ? renderCsv(header, rows)
          : renderTable(
              [...header],
              rows.map((row) => row.map(String)),
            ),
      );
    });
}

async function drillDown(global: GlobalOptions, options: MovementsOptions): Promise<void> {
  const format = choice<OutputFormat>(options.format, OUTPUT_FORMATS, '--format');
  const interval = choice<Interval>(options.interval, INTERVALS, '--interval');
  const mode = choice<MovementMode>(options.mode, ['event', 'snapshot'], '--mode');
  let metric = options.metric ?? 'net_new_mrr';
  if (options.type !== undefined) {
    const byType = TYPE_METRICS[options.type];
    if (!byType)
      throw new CliError(
        `--type must be one of ${Object.keys(TYPE_METRICS).join(', ')}; got "${options.type}"`,
      );
    metric = byType;
  }
  const report = await withStore(global, (store, settings) =>
    metricContributors(store, {
      workspaceId: global.workspace,
      metric,
      period: options.period!,
      interval,
      mode,
      to: options.to ? parseRangeBound(options.to, 'end', '--to') : todayIn(settings.timeZone),
    }),
  );
  if (format === 'json') return print(JSON.stringify(report, null, 2));
  const header = ['customer_id', 'name', 'amount', 'movements', 'sources'] as const;
  const rows = report.contributors.map((c) => [
    c.customer_id,
    c.name ?? '',
    String(c.amount),
    c.movements.map((m) => `${m.date} ${m.type} ${m.amount}`).join('; '),
    c.sources.map((s) => `${s.source} ${s.id}`).join('; '),
  ]);
  if (format === 'csv') return print(renderCsv(header, rows));
  print(renderTable([...header], rows));
  print(`\n${summary(report)}`);
}

function summary(report: ContributorsReport): string {
  const money = report.unit === 'money' ? ` ${report.currency}` : '';
  return `${report.metric} ${report.period}: ${report.value}${money} from ${report.contributors.length} customer(s)`;
}
