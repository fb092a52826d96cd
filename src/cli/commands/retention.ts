import type { Command } from 'commander';
import { formatDay } from '../../model/day.ts';
import { cohortTable } from '../../metrics/cohort-table.ts';
import { historyEnd } from '../../metrics/query.ts';
import { derl } from '../../forecast/derl.ts';
import { parseSurvivalCsv } from '../../forecast/input.ts';
import {
  fitSbg,
  isGeometricLimit,
  retentionRate,
  survival,
  type SbgFit,
} from '../../forecast/sbg.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { renderTable } from '../format.ts';
import { fromInputFile, readInputFile, toJson, wholeNumber } from './forecast.ts';
import { DataError } from '../../model/errors.ts';
import { workspaceRetention } from '../../forecast/workspace-retention.ts';

/** Annual discount rate when none is given: Fader & Hardie's example rate. */
export const DEFAULT_DISCOUNT_RATE = 0.1;

interface RetentionOptions {
  input?: string;
  horizon?: string;
  discountRate: string;
  period: string;
  value?: string;
  format: string;
}

/** An annual rate as the rate of one period of the data. */
export function perPeriodRate(annual: number, period: 'month' | 'year'): number {
  return period === 'year' ? annual : (1 + annual) ** (1 / 12) - 1;
}

function parseRate(text: string): number {
  const value = Number(text);
  if (!/^\d*\.?\d+$/.test(text.trim()) || !(value > 0) || value >= 10)
    throw new CliError(
      `--discount-rate must be a positive fraction such as 0.1 (10% a year); got "${text}"`,
    );
  return value;
}

function derlTable(fit: SbgFit, rate: number, periods: number) {
  return Array.from({ length: periods + 1 }, (_, renewals) => ({
    renewals,
    derl: derl(fit, rate, renewals),
  }));
}

export function registerRetentionCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('retention')
    .description(
      'fit the shifted-beta-geometric retention model (Fader & Hardie) to a cohort file or to the workspace cohorts; project survival, MRR and DERL',
    )
    .option(
      '--input <file>',
      'CSV with columns period,alive: one cohort, alive counts from period 0',
    )
    .option('--horizon <periods>', 'periods to project (default: 12 beyond the data)')
    .option(
      '--discount-rate <rate>',
      `annual discount rate for DERL (default ${DEFAULT_DISCOUNT_RATE}, i.e. 10% a year)`,
      String(DEFAULT_DISCOUNT_RATE),
    )
    .option('--period <length>', 'length of one period of --input: month or year', 'month')
    .option(
      '--value <amount>',
      'payment per period, to turn DERL into a residual value per customer',
    )
    .option('--format <format>', 'output: table, json', 'table')
    .action(async (options: RetentionOptions) => {
      if (options.format !== 'table' && options.format !== 'json')
        throw new CliError(`--format must be one of table, json; got "${options.format}"`);
      if (options.period !== 'month' && options.period !== 'year')
        throw new CliError(`--period must be month or year; got "${options.period}"`);
      const annual = parseRate(options.discountRate);
      const rate = perPeriodRate(annual, options.period);
      const value = options.value === undefined ? null : Number(options.value);
      if (value !== null && !(Number.isFinite(value) && value >= 0))
        throw new CliError(`--value must be an amount ≥ 0; got "${options.value}"`);
      if (options.input) {
        const path = options.input;
        const text = readInputFile(path);
        const alive = fromInputFile(() => parseSurvivalCsv(path, text));
        const observed = alive.length - 1;
        const horizon = options.horizon
          ? wholeNumber(options.horizon, '--horizon', 1, 1200)
          : observed + 12;
        const fit = fitSbg([alive]);
        const s = survival(fit, horizon);
        const result = {
          source: path,
          model: 'sBG',
          alpha: fit.alpha,
          beta: fit.beta,
          log_likelihood: fit.logLikelihood,
          periods_fitted: fit.periods,
          period: options.period,
          discount_rate: annual,
          discount_rate_per_period: rate,
          // A customer just acquired, valued before the first renewal.
          derl: derl(fit, rate, 0),
          residual_value: value === null ? null : value * derl(fit, rate, 0),
          derl_by_renewals: derlTable(fit, rate, observed),
          projection: s.map((sv, t) => ({
            period: t,
            survival: sv,
            retention_rate: t === 0 ? null : retentionRate(fit, t),
            expected_alive: alive[0]! * sv,
            observed_alive: alive[t] ?? null,
          })),
        };
        if (options.format === 'json') return print(toJson(result));
        print(
          [
            `sBG fit to ${path} (${fit.periods} periods of churn, ${alive[0]} customers at period 0)`,
            `alpha = ${fit.alpha.toFixed(3)}, beta = ${fit.beta.toFixed(3)}  (mean churn probability ${(fit.alpha / (fit.alpha + fit.beta)).toFixed(3)}; log-likelihood ${fit.logLikelihood.toFixed(2)})`,
            '',
            renderTable(
              ['period', 'observed', 'expected', 'survival', 'retention'],
              result.projection.map((p) => [
                String(p.period),
                p.observed_alive === null ? '' : String(p.observed_alive),
                p.expected_alive.toFixed(1),
                `${(p.survival * 100).toFixed(1)}%`,
                p.retention_rate === null ? '' : `${(p.retention_rate * 100).toFixed(1)}%`,
              ]),
            ),
            '',
            `DERL (discounted expected residual lifetime, Fader & Hardie 2010) at ${(annual * 100).toFixed(1)}% a year (${(rate * 100).toFixed(3)}% per ${options.period}):`,
            renderTable(
              ['renewals made', 'DERL (payments)', ...(value === null ? [] : ['residual value'])],
              result.derl_by_renewals.map((d) => [
                String(d.renewals),
                d.derl.toFixed(3),
                ...(value === null ? [] : [(value * d.derl).toFixed(2)]),
              ]),
            ),
          ].join('\n'),
        );
        return;
      }
      await retentionOfWorkspace(global(), options, annual);
    });
}

/** The workspace's monthly cohorts pooled into one sBG fit; today's MRR projected along it. */
async function retentionOfWorkspace(
  global: GlobalOptions,
  options: RetentionOptions,
  annual: number,
): Promise<void> {
  if (options.period !== 'month')
    throw new CliError('workspace cohorts are monthly: --period year only applies to --input');
  const horizon = options.horizon ? wholeNumber(options.horizon, '--horizon', 1, 1200) : 12;
  await withStore(global, async (store, settings) => {
    const { currency, cohorts: records } = await cohortTable(store, {
      workspaceId: global.workspace,
      // Complete months only: a running month would look like churn.
      to: formatDay(historyEnd(settings.timeZone, undefined)),
    });
    let computed: ReturnType<typeof workspaceRetention>;
    try {
      computed = workspaceRetention(records, currency, horizon, annual);
    } catch (error) {
      if (error instanceof DataError) throw new CliError(error.message);
      throw error;
    }
    const { summary: result, fit, arpa } = computed;
    const { projection, existing: today, derl: newCustomerDerl } = result;
    if (options.format === 'json') return print(toJson(result));
    const money = (v: number) => v.toLocaleString('en-US', { style: 'currency', currency });
    print(
      [
        `sBG fit to ${result.cohorts} monthly cohorts of workspace "${global.workspace}"`,
        `alpha = ${fit.alpha.toFixed(3)}, beta = ${fit.beta.toFixed(3)}  (mean monthly churn probability ${(fit.alpha / (fit.alpha + fit.beta)).toFixed(3)})` +
          (isGeometricLimit(fit)
            ? '\nThe cohorts show no heterogeneity: α and β ran to the search cap, which is the geometric model (one churn probability for all).'
            : ''),
        `DERL of a new customer at ${(annual * 100).toFixed(1)}% a year: ${newCustomerDerl.toFixed(2)} discounted months after the first; predictive LTV ${result.predictive_ltv === null ? '—' : money(result.predictive_ltv)} (ARPA ${arpa === null ? '—' : money(arpa)}, revenue before margin)`,
        '',
        `Existing customers today: ${today.customers}, MRR ${money(today.mrr)}. Without new business, along the fitted curve:`,
        renderTable(
          ['month', 'customers', 'MRR'],
          projection.map((p) => [p.period, p.customers.toFixed(1), money(p.mrr)]),
        ),
      ].join('\n'),
    );
  });
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
