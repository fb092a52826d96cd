import type { Command } from 'commander';
import { formatMoney } from '../../model/money.ts';
import { explainChange, InsightError, type Insight } from '../../insights/service.ts';
import { RiskError } from '../../risk/model.ts';
import { scoreChurnRisk } from '../../risk/service.ts';
import { withStore, CliError, type GlobalOptions } from '../context.ts';
import { renderTable } from '../format.ts';
import { print } from './print.ts';

const TYPE_LABEL: Readonly<Record<string, string>> = {
  new: 'New',
  expansion: 'Expansion',
  reactivation: 'Reactivation',
  contraction: 'Contraction',
  churn: 'Churn',
  fx: 'FX',
  other: 'Other',
};

export function registerInsightsCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('insights')
    .description('what drove a metric’s change: movement types, segments, top customers, in words')
    .option('--metric <id>', 'metric to explain (mrr, arr and customers decompose fully)', 'mrr')
    .option('--period <YYYY-MM>', 'period to explain (default: the last complete one)')
    .option('--compare <YYYY-MM>', 'period to compare with (default: the one before)')
    .option('--top <n>', 'top customers to list', '5')
    .option('--format <format>', 'table or json', 'table')
    .action(
      async (options: {
        metric: string;
        period?: string;
        compare?: string;
        top: string;
        format: string;
      }) => {
        const g = global();
        const insight = await withStore(g, async (store) => {
          try {
            return await explainChange(store, g.workspace, {
              metric: options.metric,
              period: options.period,
              compareWith: options.compare,
              topCustomers: Number(options.top) || 5,
            });
          } catch (error) {
            if (error instanceof InsightError) throw new CliError(error.message);
            throw error;
          }
        });
        if (options.format === 'json') return print(JSON.stringify(insight, null, 2));
        printInsight(insight);
      },
    );
}

/** `northstar risk`: lives here because it is the customer side of the insights. */
export function registerRiskCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('risk')
    .description(
      'at-risk customers: churn probability within the horizon, with reasons and MRR at risk',
    )
    .option('--horizon <days>', 'churn within this many days', '90')
    .option('--top <n>', 'customers to list', '20')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { horizon: string; top: string; format: string }) => {
      const horizonDays = Number(options.horizon);
      if (!Number.isInteger(horizonDays) || horizonDays < 7)
        throw new CliError('--horizon must be at least 7 days');
      const g = global();
      const report = await withStore(g, async (store) => {
        try {
          return await scoreChurnRisk(store, g.workspace, new Date(), { horizonDays });
        } catch (error) {
          if (error instanceof RiskError) throw new CliError(error.message);
          throw error;
        }
      });
      if (options.format === 'json') return print(JSON.stringify(report, null, 2));
      const money = (m: number) => formatMoney(m, report.currency);
      print(
        renderTable(
          ['customer', 'churn risk', 'MRR', 'top reasons'],
          report.customers
            .slice(0, Number(options.top) || 20)
            .map((c) => [
              c.customerId,
              `${(c.probability * 100).toFixed(0)}%`,
              money(c.mrr),
              c.reasons.map((r) => r.text).join('; '),
            ]),
        ),
      );
      const h = report.holdout;
      const sample = report.training.sampleShare;
      print(
        `\nMRR at risk within ${report.horizonDays} days: ${money(report.mrrAtRisk)} (Σ probability × MRR over ${report.customers.length} paying customers).`,
      );
      print(
        `Model: logistic regression on ${report.training.rows} customer-months${sample < 1 ? ` (a sample of ${(sample * 100).toPrecision(2)}% of the customers)` : ''}; held out from ${h.from} (${h.rows} rows): ROC-AUC ${h.auc === null ? 'n/a' : h.auc.toFixed(2)}, Brier ${h.brier === null ? 'n/a' : h.brier.toFixed(3)}.`,
      );
      print(
        `Calibration (predicted → observed): ${h.calibration.map((b) => `${(b.meanPredicted * 100).toFixed(0)}%→${(b.observedRate * 100).toFixed(0)}%`).join(', ')}.`,
      );
    });
}

function printInsight(insight: Insight): void {
  for (const s of insight.sentences) print(s.text);
  const d = insight.decomposition;
  if (!d) return;
  const fmt = (v: number) =>
    insight.metric === 'customers' ? v.toLocaleString('en-US') : formatMoney(v, insight.currency);
  print('');
  print(
    renderTable(
      ['movement', 'change'],
      [
        ...d.byType
          .filter((t) => t.amount !== 0)
          .map((t) => [TYPE_LABEL[t.type] ?? t.type, fmt(t.amount)]),
        ['Total', fmt(d.change)],
      ],
    ),
  );
  for (const s of d.bySegment) {
    if (s.rows.length <= 1) continue;
    print('');
    print(
      renderTable(
        [s.dimension, 'change'],
        s.rows.map((r) => [r.value, fmt(r.amount)]),
      ),
    );
  }
  if (d.topCustomers.length > 0) {
    print('');
    print(
      renderTable(
        ['customer', 'change', 'movements'],
        d.topCustomers.map((c) => [
          insight.customerNames[c.customerId] ?? c.customerId,
          fmt(c.amount),
          c.types.join(', '),
        ]),
      ),
    );
  }
}
