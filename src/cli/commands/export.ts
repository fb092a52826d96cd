import type { Command } from 'commander';
import { INTERVALS, type Interval } from '../../model/period.ts';
import { listMetrics, metricInfo, querySeries } from '../../metrics/query.ts';
import { writeSeriesXlsx } from '../../reports/xlsx.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { list } from './option-values.ts';
import { print } from './print.ts';
import { recomputeNotice } from './recompute.ts';

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
        const g = global();
        await withStore(g, async (store) => {
          const series = await querySeries(store, {
            workspaceId: g.workspace,
            metrics: ids,
            interval: options.interval as Interval,
            from: options.from,
            to: options.to,
            onRecompute: recomputeNotice(),
          });
          await writeSeriesXlsx(
            options.out,
            series,
            ids.map((id) => metricInfo(id)!),
          );
          print(
            `Wrote ${series.periods.length} periods × ${ids.length} metrics to ${options.out}.`,
          );
        });
      },
    );
}
