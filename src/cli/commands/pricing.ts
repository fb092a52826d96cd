import type { Command } from 'commander';
import {
  comparePricing,
  parsePricingSpec,
  parseTiers,
  PricingError,
  type PricingComparison,
  type PricingModel,
  type PricingSpec,
} from '../../forecast/pricing.ts';
import { pricingBase } from '../../forecast/pricing-base.ts';
import { parsePercent, ScenarioError } from '../../forecast/scenario.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { renderTable } from '../format.ts';
import { BAD_INPUT, readInputFile, toJson, wholeNumber } from './forecast.ts';
import { historyEnd, moneyFormatter } from './scenario.ts';

interface PricingOptions {
  model?: string;
  spec?: string;
  discount?: string;
  priceChange?: string;
  event?: string;
  unitPrice?: string;
  included?: string;
  minimum?: string;
  by?: string;
  tiers?: string;
  overage?: string;
  churn?: string;
  horizon?: string;
  usageMonths: string;
  to?: string;
  format: string;
}

function number(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new CliError(`${flag} must be a number ≥ 0; got "${text}"`);
  return value;
}

function percent(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parsePercent(text.includes('%') ? text : `${text}%`, flag);
  } catch (error) {
    if (error instanceof ScenarioError) throw new CliError(error.message);
    throw error;
  }
}

/** One model from the flags (`--model annual --discount 15%` …). */
export function modelFromOptions(o: PricingOptions): PricingModel {
  const priceChange = percent(o.priceChange, '--price-change');
  switch (o.model) {
    case 'monthly':
      return { type: 'monthly', priceChange };
    case 'annual':
      return { type: 'annual', discount: percent(o.discount, '--discount') ?? 0, priceChange };
    case 'usage': {
      if (!o.event) throw new CliError('--model usage needs --event (the event that is billed)');
      const unitPrice = number(o.unitPrice, '--unit-price');
      if (unitPrice === undefined) throw new CliError('--model usage needs --unit-price');
      return {
        type: 'usage',
        name: `usage (${o.event})`,
        unitPrice,
        includedUnits: number(o.included, '--included'),
        minimum: number(o.minimum, '--minimum'),
      };
    }
    case 'packages': {
      if (!o.tiers) throw new CliError('--model packages needs --tiers name:limit:price,…');
      const by = o.by ?? 'seats';
      if (by !== 'seats' && by !== 'usage') throw new CliError('--by must be seats or usage');
      if (by === 'usage' && !o.event) throw new CliError('--by usage needs --event');
      return {
        type: 'packages',
        by,
        tiers: parseTiers(o.tiers),
        overage: number(o.overage, '--overage'),
      };
    }
    default:
      throw new CliError(
        `--model must be one of monthly, annual, usage, packages (or give --spec file.json); got "${o.model ?? ''}"`,
      );
  }
}

function specFromOptions(o: PricingOptions): PricingSpec {
  if (o.spec && o.model) throw new CliError('give either --model or --spec, not both');
  if (!o.spec && !o.model)
    throw new CliError('give --model (monthly, annual, usage, packages) or --spec file.json');
  try {
    if (o.spec) {
      const path = o.spec;
      const text = readInputFile(path);
      try {
        return parsePricingSpec(text, path);
      } catch (error) {
        if (error instanceof PricingError) throw new CliError(error.message, BAD_INPUT);
        throw error;
      }
    }
    return { models: [modelFromOptions(o)] };
  } catch (error) {
    if (error instanceof PricingError) throw new CliError(error.message);
    throw error;
  }
}

export function renderPricing(c: PricingComparison, usage: string | null): string {
  const money = moneyFormatter(c.currency);
  const signed = (v: number) =>
    Math.abs(v) < 0.005 ? '—' : v > 0 ? `+${money(v)}` : `−${money(-v)}`;
  const lines = [
    `Pricing models re-rating ${c.customers} paying customers (as of ${c.as_of}) over ${c.horizon} months; churn ${(c.churn_rate * 100).toFixed(1)}% a month.`,
    ...(usage ? [usage] : []),
    '',
    renderTable(
      [
        'model',
        'MRR month 1',
        'MRR end',
        'revenue',
        'cash',
        'cash month 1',
        'cash 1st qtr',
        'revenue vs current',
        'cash vs current',
      ],
      c.models.map((m) => [
        m.name,
        money(m.totals.mrr_first),
        money(m.totals.mrr_end),
        money(m.totals.revenue),
        money(m.totals.cash),
        money(m.totals.cash_first_month),
        money(m.totals.cash_first_quarter),
        signed(m.versus_current.revenue),
        signed(m.versus_current.cash),
      ]),
    ),
    '',
    'Cash by month:',
    renderTable(
      ['month', ...c.models.map((m) => m.name)],
      c.models[0]!.months.map((row, i) => [
        row.period,
        ...c.models.map((m) => money(m.months[i]!.cash)),
      ]),
    ),
  ];
  for (const m of c.models)
    if (m.tiers)
      lines.push(
        '',
        `${m.name}: ${Object.entries(m.tiers)
          .map(([tier, n]) => `${tier} ${n}`)
          .join(', ')} customers per package.`,
      );
  lines.push(
    '',
    'Everyone moves to a model in month 1 (current keeps each customer’s own billing dates). Revenue is recognized monthly; annual upfront is cash in month 1 and at each renewal; usage is billed in arrears (month 1 collects nothing new). Churn: monthly billing churns monthly, annual at renewal.',
  );
  return lines.join('\n');
}

export function registerPricingCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('pricing')
    .description(
      'compare pricing models on the actual customer base: monthly, upfront annual, usage-based, packages — revenue, cash timing and MRR',
    )
    .option('--model <model>', 'monthly, annual, usage or packages')
    .option('--spec <file>', 'JSON spec with several models (see docs/forecasting.md)')
    .option('--discount <percent>', 'annual: upfront discount, e.g. 15%')
    .option('--price-change <percent>', 'monthly/annual: price change, e.g. +10%')
    .option('--event <name>', 'usage event (from the events kind) billed or packaged')
    .option('--unit-price <amount>', 'usage: price per unit of the event')
    .option('--included <units>', 'usage: units free each month')
    .option('--minimum <amount>', 'usage: minimum charge per month')
    .option('--by <what>', 'packages: seats or usage', 'seats')
    .option('--tiers <tiers>', 'packages: name:limit:price,… (empty limit = unlimited)')
    .option('--overage <amount>', 'packages: price per unit above the largest tier')
    .option('--churn <percent>', 'monthly churn applied to every model (default 0%)')
    .option('--horizon <months>', 'months to compare (default 12)')
    .option('--usage-months <n>', 'months of events the usage average spans', '3')
    .option('--to <month>', 'last month of history (default: the last complete month)')
    .option('--format <format>', 'output: table, json', 'table')
    .action(async (options: PricingOptions) => {
      if (options.format !== 'table' && options.format !== 'json')
        throw new CliError(`--format must be one of table, json; got "${options.format}"`);
      const spec = specFromOptions(options);
      const horizon = options.horizon
        ? wholeNumber(options.horizon, '--horizon', 1, 120)
        : (spec.horizon ?? 12);
      const churnRate = percent(options.churn, '--churn') ?? spec.churn ?? 0;
      const usageMonths = wholeNumber(options.usageMonths, '--usage-months', 1, 24);
      const needsEvent = spec.models.some(
        (m) => m.type === 'usage' || (m.type === 'packages' && m.by === 'usage'),
      );
      const event = options.event ?? spec.event;
      if (needsEvent && !event)
        throw new CliError('a usage model needs the event: --event or "event" in the spec');
      const g = global();
      const { base, comparison } = await withStore(g, async (store, settings) => {
        const base = await pricingBase(store, g.workspace, {
          to: historyEnd(settings, options.to),
          event: needsEvent ? event : undefined,
          usageMonths,
        });
        if (base.usage && base.usage.units === 0)
          throw new CliError(
            `no "${base.usage.event}" events in the last ${base.usage.months} months; ${base.usage.known.length ? `events in the data: ${base.usage.known.join(', ')}` : 'no events imported (kind events)'}`,
          );
        if (base.customers.length === 0)
          throw new CliError('no paying customers to re-rate: import subscriptions first');
        try {
          return {
            base,
            comparison: comparePricing(base.customers, spec.models, {
              asOf: base.asOf,
              currency: base.currency,
              horizon,
              churnRate,
            }),
          };
        } catch (error) {
          if (error instanceof PricingError) throw new CliError(error.message);
          throw error;
        }
      });
      const usage = base.usage
        ? `Usage: ${base.usage.units.toLocaleString('en-US')} units of "${base.usage.event}" over the last ${base.usage.months} months (${(base.usage.units / base.usage.months).toLocaleString('en-US', { maximumFractionDigits: 1 })} a month).`
        : null;
      process.stdout.write(
        `${
          options.format === 'json'
            ? toJson({
                ...comparison,
                usage: base.usage && {
                  event: base.usage.event,
                  months: base.usage.months,
                  units: base.usage.units,
                },
              })
            : renderPricing(comparison, usage)
        }\n`,
      );
    });
}
