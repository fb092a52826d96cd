import type { Command } from 'commander';
import { formatDay } from '../../model/day.ts';
import { INTERVALS, type Interval } from '../../model/period.ts';
import {
  assertMetrics,
  listMetrics,
  loadSeries,
  metricInfo,
  workspaceToday,
} from '../../insights/metric-series.ts';
import { writeSeriesXlsx } from '../../reports/xlsx.ts';
import { CliError, parseRangeBound, withStore, type GlobalOptions } from '../context.ts';
import { list, print } from './ops-options.ts';

export function registerExportCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('export')
    .description('write metric series to an Excel workbook (.xlsx)')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--metric <ids>', 'comma-separated metric ids (default: all)')
    .option('--interval <interval>', `period length: ${INTERVALS.join(', ')}`, 'month')
    .option('--from <month>', 'first period (YYYY-MM or YYYY-MM-DD)')
    .option('--to <month>', 'last period (default: today)')
    .action(
      async (options: {
        out: string;
        metric?: string;
        interval: string;
        from?: string;
        to?: string;
      }) => {
        if (!options.out.toLowerCase().endsWith('.xlsx'))
          throw new CliError('--out must end in .xlsx');
        if (!(INTERVALS as readonly string[]).includes(options.interval))
          throw new CliError(`--interval must be one of ${INTERVALS.join(', ')}`);
        const ids = options.metric ? list(options.metric) : listMetrics().map((m) => m.id);
        try {
          assertMetrics(ids);
        } catch (error) {
          throw new CliError(error instanceof Error ? error.message : String(error));
        }
        const g = global();
        await withStore(g, async (store) => {
          const to = options.to
            ? parseRangeBound(options.to, 'end', '--to')
            : await workspaceToday(store, g.workspace, new Date());
          const from = options.from ? parseRangeBound(options.from, 'start', '--from') : undefined;
          const series = await loadSeries(store, g.workspace, {
            to,
            metrics: ids,
            interval: options.interval as Interval,
            ...(from === undefined ? {} : { from }),
          });
          const fromIso = from === undefined ? '' : formatDay(from);
          const keep = series.periods.map((p) => p.end >= fromIso);
          const trimmed = {
            ...series,
            periods: series.periods.filter((_, i) => keep[i]),
            values: Object.fromEntries(
              Object.entries(series.values).map(([id, v]) => [id, v.filter((_, i) => keep[i])]),
            ),
          };
          await writeSeriesXlsx(
            options.out,
            trimmed,
            ids.map((id) => metricInfo(id)!),
          );
          print(
            `Wrote ${trimmed.periods.length} periods × ${ids.length} metrics to ${options.out}.`,
          );
        });
      },
    );
}
