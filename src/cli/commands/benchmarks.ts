import type { Command } from 'commander';
import { formatDay } from '../../model/day.ts';
import { toMajor } from '../../model/money.ts';
import {
  applicable,
  BENCHMARKS,
  isStale,
  placeAgainst,
  type Benchmark,
} from '../../metrics/benchmarks.ts';
import { metricById } from '../../metrics/registry.ts';
import { lastCompleteMonth } from '../../metrics/last-month.ts';
import { CliError, withStore, todayIn, type GlobalOptions } from '../context.ts';
import { renderTable } from '../format.ts';
import { displayValue } from './metrics.ts';

const COMPARED = [
  'customer_churn_rate',
  'nrr_t12m',
  'grr_t12m',
  'arr_growth_rate_yoy',
  'cac_payback_months',
  'rule_of_40',
  'arpa',
  'arr',
];

function figure(b: Benchmark): string {
  const unit = metricById(b.metric)!.unit;
  const f = (v: number) => (unit === 'rate' ? `${Math.round(v * 1000) / 10}%` : String(v));
  if (b.p25 !== undefined && b.p75 !== undefined)
    return `${b.average !== undefined ? `avg ${f(b.average)}, ` : ''}p25–p75 ${f(b.p25)}–${f(b.p75)}`;
  if (b.low !== undefined && b.high !== undefined) return `${f(b.low)}–${f(b.high)}`;
  if (b.low !== undefined) return `≥ ${f(b.low)}`;
  return b.median !== undefined ? `median ${f(b.median)}` : `avg ${f(b.average!)}`;
}

export function registerBenchmarksCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('benchmarks')
    .description(
      'industry benchmarks with their sources, and where the workspace stands (last complete month)',
    )
    .option('--all', 'list every figure, not only the bands that fit the workspace')
    .option('--format <format>', 'output: table or json', 'table')
    .action(async (options: { all?: boolean; format: string }) => {
      if (options.format !== 'table' && options.format !== 'json')
        throw new CliError(`--format must be table or json; got "${options.format}"`);
      await withStore(global(), async (store, settings) => {
        const today = todayIn(settings.timeZone);
        const month = await lastCompleteMonth(store, global().workspace, COMPARED, today);
        const value = month.value;
        const present = month.presented;
        // Bands are in US dollars; other reporting currencies are compared as if they were.
        const usd = month.presented;
        const scale = { arpa: usd('arpa'), arr: usd('arr') };
        const shown = options.all ? BENCHMARKS : applicable(BENCHMARKS, scale);
        if (options.format === 'json') {
          const json = {
            period: month.period,
            currency: settings.currency,
            /** Bands are in US dollars; another reporting currency is compared as if it were. */
            bands_currency: 'USD',
            benchmarks: shown.map((b) => {
              const v = value(b.metric);
              return {
                ...b,
                value: present(b.metric),
                position: v === null ? null : placeAgainst(b, v),
                stale: isStale(b.source, today),
              };
            }),
          };
          process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
          return;
        }
        const rows = shown.map((b) => {
          const metric = metricById(b.metric)!;
          const v = value(b.metric);
          return [
            b.metric,
            b.group,
            figure(b),
            v === null
              ? '—'
              : displayValue(
                  metric,
                  metric.unit === 'money' ? toMajor(v, settings.currency) : v,
                  settings.currency,
                ),
            v === null ? '' : placeAgainst(b, v),
            `${b.source.publisher}, "${b.source.title}", ${b.source.year}${isStale(b.source, today) ? ' ⚠ older than 24 months' : ''}`,
          ];
        });
        process.stdout.write(
          `${renderTable(['metric', 'group', 'benchmark', `yours (${month.period ?? formatDay(month.lastDay)})`, 'position', 'source'], rows)}\n`,
        );
        const notes = [
          'What each figure is, exactly: docs/benchmarks.md. Figures are quoted as published, never interpolated.',
          settings.currency === 'USD'
            ? ''
            : `Bands are in USD; this workspace reports in ${settings.currency}.`,
          BENCHMARKS.some((b) => isStale(b.source, today))
            ? '⚠ Some sources are more than 24 months old: markets move; read them as orders of magnitude.'
            : '',
        ].filter(Boolean);
        process.stdout.write(`${notes.join('\n')}\n`);
      });
    });
}
