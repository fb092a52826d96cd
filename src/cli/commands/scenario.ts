import type { Command } from 'commander';
import type { Day } from '../../model/day.ts';
import { formatMoney, toMinor } from '../../model/money.ts';
import type { WorkspaceSettings } from '../../model/workspace.ts';
import {
  compareScenario,
  parseChange,
  parsePercent,
  parsePlanPrices,
  ScenarioError,
  type ScenarioChanges,
  type ScenarioComparison,
} from '../../forecast/scenario.ts';
import { workspaceBaseline } from '../../forecast/workspace-baseline.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { historyEnd as lastHistoryDay } from '../../metrics/query.ts';
import { renderTable } from '../format.ts';
import { toJson, wholeNumber } from './forecast.ts';

interface ScenarioOptions {
  churn?: string;
  expansion?: string;
  contraction?: string;
  newBusiness?: string;
  newGrowth?: string;
  price?: string;
  planPrice?: string;
  costs?: string;
  horizon: string;
  window: string;
  to?: string;
  format: string;
}

/** The last day of the last complete month in the workspace's zone, or of `--to`. */
export function historyEnd(settings: WorkspaceSettings, to: string | undefined): Day {
  return lastHistoryDay(settings.timeZone, to);
}

/** Money in major units as a person reads it ($1,234.56). */
export function moneyFormatter(currency: string): (value: number | null) => string {
  return (value) => (value === null ? '—' : formatMoney(toMinor(value, currency), currency));
}

function userErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ScenarioError) throw new CliError(error.message);
    throw error;
  }
}

export function changesFromOptions(options: ScenarioOptions): ScenarioChanges {
  return userErrors(() => ({
    churn: options.churn ? parseChange(options.churn, '--churn', 'rate') : undefined,
    expansion: options.expansion
      ? parseChange(options.expansion, '--expansion', 'rate')
      : undefined,
    contraction: options.contraction
      ? parseChange(options.contraction, '--contraction', 'rate')
      : undefined,
    newBusiness: options.newBusiness
      ? parseChange(options.newBusiness, '--new-business', 'amount')
      : undefined,
    newGrowth: options.newGrowth ? parsePercent(options.newGrowth, '--new-growth') : undefined,
    price: options.price ? parsePercent(options.price, '--price') : undefined,
    planPrices: options.planPrice ? parsePlanPrices(options.planPrice, '--plan-price') : undefined,
    costs: options.costs ? parseChange(options.costs, '--costs', 'amount') : undefined,
  }));
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const count = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });
const months = (v: number | null) => (v === null ? '—' : v.toFixed(1));

export function renderScenario(c: ScenarioComparison): string {
  const money = moneyFormatter(c.currency);
  const b = c.baseline.assumptions;
  const s = c.scenario.assumptions;
  const assumptions = renderTable(
    ['assumption (per month)', 'baseline', 'scenario'],
    [
      ['MRR today (after price change)', money(b.startMrr), money(s.startMrr)],
      ['new business MRR', money(b.newMrr), money(s.newMrr)],
      ['new customers', count(b.newCustomers), count(s.newCustomers)],
      ['new business growth', pct(b.newGrowth), pct(s.newGrowth)],
      ['expansion rate', pct(b.expansionRate), pct(s.expansionRate)],
      ['contraction rate', pct(b.contractionRate), pct(s.contractionRate)],
      ['MRR churn rate', pct(b.churnRate), pct(s.churnRate)],
      ['customer churn rate', pct(b.customerChurnRate), pct(s.customerChurnRate)],
      ['costs', money(b.costs), money(s.costs)],
      ['other cash flow', money(b.otherCashFlow), money(s.otherCashFlow)],
      ['cash today', money(b.cash), money(s.cash)],
    ],
  );
  const rows = c.baseline.months.map((bm, i) => {
    const sm = c.scenario.months[i]!;
    return [
      bm.period,
      money(bm.mrr),
      money(sm.mrr),
      money(bm.arr),
      money(sm.arr),
      count(bm.customers),
      count(sm.customers),
      money(bm.cash),
      money(sm.cash),
      months(bm.runway_months),
      months(sm.runway_months),
    ];
  });
  const table = renderTable(
    [
      'month',
      'MRR base',
      'MRR scen.',
      'ARR base',
      'ARR scen.',
      'cust. base',
      'cust. scen.',
      'cash base',
      'cash scen.',
      'runway base',
      'runway scen.',
    ],
    rows,
  );
  const d = c.difference;
  const out = (p: typeof c.baseline) =>
    p.summary.cash_out ? `cash runs out in ${p.summary.cash_out}` : 'cash lasts the horizon';
  return [
    `Scenario vs baseline: ${c.horizon} months after ${c.as_of} (averages of the last months of history)`,
    '',
    assumptions,
    '',
    table,
    '',
    `At the end: MRR ${signed(money, d.mrr_end)}, ARR ${signed(money, d.arr_end)}, customers ${d.customers_end >= 0 ? '+' : ''}${count(d.customers_end)}${d.cash_end === null ? '' : `, cash ${signed(money, d.cash_end)}`} against the baseline.`,
    c.baseline.assumptions.cash === null
      ? 'No cash balances imported: cash and runway are not projected.'
      : `Baseline: ${out(c.baseline)}; scenario: ${out(c.scenario)}. Runway = cash ÷ that month's net burn (— when not burning).`,
  ].join('\n');
}

function signed(money: (v: number) => string, v: number): string {
  return v >= 0 ? `+${money(v)}` : `−${money(-v)}`;
}

export function registerScenarioCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('scenario')
    .description(
      'what-if: project MRR, ARR, customers, cash and runway with changed churn, expansion, new business, prices or costs, beside the baseline',
    )
    .option('--churn <change>', 'churn rates: -20% (relative) or =1.5% (new monthly rate)')
    .option('--expansion <change>', 'expansion rate: +10% (relative) or =1% (new monthly rate)')
    .option('--contraction <change>', 'contraction rate: -10% or =0.5%')
    .option('--new-business <change>', 'new business level: +20% or =5000 (new MRR a month)')
    .option('--new-growth <percent>', 'new business grows this much every month, e.g. +5%')
    .option('--price <percent>', 'price change of every plan, applied to the base: +10%')
    .option('--plan-price <changes>', 'price change by plan: basic=+5%,pro=+10%')
    .option('--costs <change>', 'monthly costs: -10% or =40000')
    .option('--horizon <months>', 'months to project', '12')
    .option('--window <months>', 'months of history the baseline averages', '3')
    .option('--to <month>', 'last month of history (default: the last complete month)')
    .option('--format <format>', 'output: table, json', 'table')
    .action(async (options: ScenarioOptions) => {
      const horizon = wholeNumber(options.horizon, '--horizon', 1, 120);
      const window = wholeNumber(options.window, '--window', 1, 24);
      if (options.format !== 'table' && options.format !== 'json')
        throw new CliError(`--format must be one of table, json; got "${options.format}"`);
      const changes = changesFromOptions(options);
      const g = global();
      const comparison = await withStore(g, async (store, settings) => {
        const baseline = await workspaceBaseline(store, g.workspace, {
          to: historyEnd(settings, options.to),
          window,
          plans: changes.planPrices !== undefined,
        }).catch((error: unknown) => {
          if (error instanceof ScenarioError) throw new CliError(error.message);
          throw error;
        });
        return userErrors(() => compareScenario(baseline, changes, horizon));
      });
      process.stdout.write(
        `${options.format === 'json' ? toJson({ changes, ...comparison }) : renderScenario(comparison)}\n`,
      );
    });
}
