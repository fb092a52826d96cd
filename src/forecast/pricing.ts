import { monthsAfter } from './series.ts';

/**
 * Pricing-model comparison: the actual customer base (today's MRR, plan, seats and usage of
 * each customer) re-rated under alternative models, projected month by month. Money is in
 * major units of the reporting currency.
 *
 * Every model turns a customer into a charge: a monthly value, a billing period of B months
 * and the month of the first bill in the horizon. Everyone moves to the model in month 1
 * (the current model keeps each customer's own billing dates).
 *   revenue_t (recognized) = monthly value × alive_t;      MRR_t = Σ revenue_t
 *   cash_t                 = monthly value × B × alive_t    in a billing month, else 0
 *                            (usage is billed in arrears: month t's usage is cash in t + 1)
 *   alive_t                = (1 − churn)^(m − 1), m the billing month that started the
 *                            term t falls in (1 before the first bill: that term is paid);
 *                            so monthly customers churn monthly, annual ones at renewal.
 */

export interface PricingCustomer {
  readonly id: string;
  /** MRR today. */
  readonly mrr: number;
  readonly plan: string | null;
  /** Σ quantity of the active subscription lines. */
  readonly seats: number;
  /** Units of the usage event per month (recent average). */
  readonly usage: number;
  /** Current billing period in months (1 monthly, 3 quarterly, 12 annual). */
  readonly billingMonths: number;
  /** Month of the next current-model bill: 1 = the first month of the horizon. */
  readonly nextBill: number;
}

export interface PackageTier {
  readonly name: string;
  /** Largest seats (or units) the tier covers; null = no limit. */
  readonly upTo: number | null;
  /** Price per month. */
  readonly price: number;
}

export type PricingModel =
  | { readonly type: 'current'; readonly name?: string | undefined }
  | {
      readonly type: 'monthly';
      readonly name?: string | undefined;
      /** Price change against today's MRR (0.1 = +10%). */
      readonly priceChange?: number | undefined;
    }
  | {
      readonly type: 'annual';
      readonly name?: string | undefined;
      /** Discount for paying the year upfront (0.15 = 15%). */
      readonly discount: number;
      readonly priceChange?: number | undefined;
    }
  | {
      readonly type: 'usage';
      readonly name?: string | undefined;
      readonly unitPrice: number;
      /** Units included free each month. */
      readonly includedUnits?: number | undefined;
      /** Minimum charge per month. */
      readonly minimum?: number | undefined;
    }
  | {
      readonly type: 'packages';
      readonly name?: string | undefined;
      readonly by: 'seats' | 'usage';
      readonly tiers: readonly PackageTier[];
      /** Price per unit above the largest limited tier when no tier is unlimited. */
      readonly overage?: number | undefined;
    };

export interface PricingMonth {
  readonly period: string;
  readonly mrr: number;
  readonly revenue: number;
  readonly cash: number;
  readonly customers: number;
}

export interface PricingResult {
  readonly name: string;
  readonly type: PricingModel['type'];
  readonly months: readonly PricingMonth[];
  readonly totals: {
    readonly mrr_first: number;
    readonly mrr_end: number;
    readonly revenue: number;
    readonly cash: number;
    readonly cash_first_month: number;
    readonly cash_first_quarter: number;
  };
  /** Against the current model (zero for it). */
  readonly versus_current: {
    readonly mrr_first: number;
    readonly revenue: number;
    readonly cash: number;
  };
  /** Customers per tier (packages only). */
  readonly tiers?: Readonly<Record<string, number>>;
}

export interface PricingComparison {
  readonly as_of: string;
  readonly currency: string;
  readonly horizon: number;
  readonly churn_rate: number;
  readonly customers: number;
  readonly models: readonly PricingResult[];
}

export class PricingError extends Error {}

interface Charge {
  readonly value: number;
  readonly every: number;
  readonly firstBill: number;
  readonly arrears: boolean;
}

/** The package a customer lands in: the first tier whose limit covers it (tiers by limit). */
export function tierFor(
  tiers: readonly PackageTier[],
  amount: number,
  overage = 0,
): { tier: PackageTier; price: number } {
  const sorted = [...tiers].sort((a, b) => (a.upTo ?? Infinity) - (b.upTo ?? Infinity));
  const fit = sorted.find((t) => t.upTo === null || amount <= t.upTo);
  if (fit) return { tier: fit, price: fit.price };
  const top = sorted.at(-1)!;
  return { tier: top, price: top.price + (amount - top.upTo!) * overage };
}

export function validateModel(model: PricingModel): void {
  const bad = (why: string) => {
    throw new PricingError(`${model.name ?? model.type}: ${why}`);
  };
  switch (model.type) {
    case 'annual':
      if (!(model.discount >= 0 && model.discount < 1)) bad('discount must be from 0% to 99%');
      break;
    case 'usage':
      if (!(model.unitPrice >= 0)) bad('unit price must be a number ≥ 0');
      break;
    case 'packages':
      if (model.tiers.length === 0) bad('give at least one tier');
      for (const t of model.tiers)
        if (!(t.price >= 0) || (t.upTo !== null && !(t.upTo >= 0)))
          bad(`tier "${t.name}" needs a price ≥ 0 and a limit ≥ 0 (or none)`);
      break;
    default:
  }
  if ('priceChange' in model && model.priceChange !== undefined && model.priceChange <= -1)
    bad('a price change must be above −100%');
}

function chargeOf(model: PricingModel, c: PricingCustomer, tiers: Map<string, number>): Charge {
  switch (model.type) {
    case 'current':
      return { value: c.mrr, every: c.billingMonths, firstBill: c.nextBill, arrears: false };
    case 'monthly':
      return {
        value: c.mrr * (1 + (model.priceChange ?? 0)),
        every: 1,
        firstBill: 1,
        arrears: false,
      };
    case 'annual':
      return {
        value: c.mrr * (1 + (model.priceChange ?? 0)) * (1 - model.discount),
        every: 12,
        firstBill: 1,
        arrears: false,
      };
    case 'usage': {
      const billable = Math.max(0, c.usage - (model.includedUnits ?? 0));
      const value = Math.max(model.minimum ?? 0, billable * model.unitPrice);
      return { value, every: 1, firstBill: 1, arrears: true };
    }
    case 'packages': {
      const { tier, price } = tierFor(
        model.tiers,
        model.by === 'seats' ? c.seats : c.usage,
        model.overage ?? 0,
      );
      tiers.set(tier.name, (tiers.get(tier.name) ?? 0) + 1);
      return { value: price, every: 1, firstBill: 1, arrears: false };
    }
  }
}

/** Share of the customer still paying in month t (1-based): churn decided at each bill. */
export function aliveIn(
  t: number,
  charge: Pick<Charge, 'every' | 'firstBill'>,
  churn: number,
): number {
  if (t < charge.firstBill) return 1;
  const termStart =
    charge.firstBill + Math.floor((t - charge.firstBill) / charge.every) * charge.every;
  return (1 - churn) ** (termStart - 1);
}

export function projectModel(
  model: PricingModel,
  customers: readonly PricingCustomer[],
  asOf: string,
  horizon: number,
  churn: number,
): Omit<PricingResult, 'versus_current'> {
  validateModel(model);
  const tiers = new Map<string, number>();
  const charges = customers.map((c) => chargeOf(model, c, tiers));
  const months = monthsAfter(asOf, horizon).map((period, i): PricingMonth => {
    const t = i + 1;
    let revenue = 0;
    let cash = 0;
    let alive = 0;
    for (const charge of charges) {
      const share = aliveIn(t, charge, churn);
      revenue += charge.value * share;
      alive += share;
      if (charge.arrears) {
        if (t > 1) cash += charge.value * aliveIn(t - 1, charge, churn);
      } else if (t >= charge.firstBill && (t - charge.firstBill) % charge.every === 0) {
        cash += charge.value * charge.every * share;
      }
    }
    return { period, mrr: revenue, revenue, cash, customers: alive };
  });
  const sum = (rows: readonly PricingMonth[], key: 'revenue' | 'cash') =>
    rows.reduce((s, m) => s + m[key], 0);
  return {
    name: model.name ?? model.type,
    type: model.type,
    months,
    totals: {
      mrr_first: months[0]?.mrr ?? 0,
      mrr_end: months.at(-1)?.mrr ?? 0,
      revenue: sum(months, 'revenue'),
      cash: sum(months, 'cash'),
      cash_first_month: months[0]?.cash ?? 0,
      cash_first_quarter: sum(months.slice(0, 3), 'cash'),
    },
    ...(model.type === 'packages' ? { tiers: Object.fromEntries(tiers) } : {}),
  };
}

/** The current model first, then each alternative, over the same months. */
export function comparePricing(
  customers: readonly PricingCustomer[],
  models: readonly PricingModel[],
  options: { asOf: string; currency: string; horizon: number; churnRate?: number },
): PricingComparison {
  const churn = options.churnRate ?? 0;
  if (!(churn >= 0 && churn < 1)) throw new PricingError('churn must be from 0% to 99% a month');
  const all: PricingModel[] = [
    { type: 'current', name: 'current' },
    ...models.filter((m) => m.type !== 'current'),
  ];
  const results = all.map((m) => projectModel(m, customers, options.asOf, options.horizon, churn));
  const current = results[0]!;
  return {
    as_of: options.asOf,
    currency: options.currency,
    horizon: options.horizon,
    churn_rate: churn,
    customers: customers.length,
    models: results.map((r) => ({
      ...r,
      versus_current: {
        mrr_first: r.totals.mrr_first - current.totals.mrr_first,
        revenue: r.totals.revenue - current.totals.revenue,
        cash: r.totals.cash - current.totals.cash,
      },
    })),
  };
}

/** A JSON spec file: `{ "horizon"?, "churn"?, "event"?, "models": [ … ] }`. */
export interface PricingSpec {
  readonly horizon?: number;
  readonly churn?: number;
  readonly event?: string;
  readonly models: readonly PricingModel[];
}

const MODEL_TYPES = ['current', 'monthly', 'annual', 'usage', 'packages'] as const;

/** Reads and checks a spec; every problem names the model and the field. */
export function parsePricingSpec(text: string, file: string): PricingSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PricingError(
      `${file}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const fail = (why: string): never => {
    throw new PricingError(`${file}: ${why}`);
  };
  if (typeof raw !== 'object' || raw === null) return fail('expected an object with "models"');
  const spec = raw as Record<string, unknown>;
  if (!Array.isArray(spec.models) || spec.models.length === 0)
    return fail('"models" must be a non-empty array');
  const num = (v: unknown, where: string, optional = false): number | undefined => {
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`${where} must be a number`);
    return v;
  };
  const models = (spec.models as unknown[]).map((m, i): PricingModel => {
    const where = `models[${i}]`;
    if (typeof m !== 'object' || m === null) return fail(`${where} must be an object`);
    const o = m as Record<string, unknown>;
    const type = o.type;
    if (!MODEL_TYPES.includes(type as (typeof MODEL_TYPES)[number]))
      return fail(`${where}.type must be one of ${MODEL_TYPES.join(', ')}`);
    const name = typeof o.name === 'string' ? o.name : undefined;
    let model: PricingModel;
    switch (type as (typeof MODEL_TYPES)[number]) {
      case 'current':
        model = { type: 'current', name };
        break;
      case 'monthly':
        model = {
          type: 'monthly',
          name,
          priceChange: num(o.priceChange, `${where}.priceChange`, true),
        };
        break;
      case 'annual':
        model = {
          type: 'annual',
          name,
          discount: num(o.discount ?? 0, `${where}.discount`)!,
          priceChange: num(o.priceChange, `${where}.priceChange`, true),
        };
        break;
      case 'usage':
        model = {
          type: 'usage',
          name,
          unitPrice: num(o.unitPrice, `${where}.unitPrice`)!,
          includedUnits: num(o.includedUnits, `${where}.includedUnits`, true),
          minimum: num(o.minimum, `${where}.minimum`, true),
        };
        break;
      case 'packages': {
        if (o.by !== 'seats' && o.by !== 'usage')
          return fail(`${where}.by must be "seats" or "usage"`);
        if (!Array.isArray(o.tiers)) return fail(`${where}.tiers must be an array`);
        const tiers = (o.tiers as unknown[]).map((t, j): PackageTier => {
          const tw = `${where}.tiers[${j}]`;
          if (typeof t !== 'object' || t === null) return fail(`${tw} must be an object`);
          const to = t as Record<string, unknown>;
          return {
            name: typeof to.name === 'string' ? to.name : `tier ${j + 1}`,
            upTo: to.upTo === null || to.upTo === undefined ? null : num(to.upTo, `${tw}.upTo`)!,
            price: num(to.price, `${tw}.price`)!,
          };
        });
        model = {
          type: 'packages',
          name,
          by: o.by,
          tiers,
          overage: num(o.overage, `${where}.overage`, true),
        };
        break;
      }
    }
    try {
      validateModel(model);
    } catch (error) {
      fail(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return model;
  });
  return {
    models,
    ...(spec.horizon !== undefined ? { horizon: num(spec.horizon, 'horizon')! } : {}),
    ...(spec.churn !== undefined ? { churn: num(spec.churn, 'churn')! } : {}),
    ...(typeof spec.event === 'string' ? { event: spec.event } : {}),
  };
}

/** `Starter:5:49,Team:20:199,Business::499` → tiers (an empty limit = unlimited). */
export function parseTiers(text: string): PackageTier[] {
  return text.split(',').map((part) => {
    const [name, upTo, price] = part.split(':').map((s) => s.trim());
    if (!name || price === undefined || price === '' || Number.isNaN(Number(price)))
      throw new PricingError(`tier "${part}" is not name:limit:price (e.g. Team:20:199)`);
    if (upTo !== undefined && upTo !== '' && Number.isNaN(Number(upTo)))
      throw new PricingError(`tier "${part}": the limit "${upTo}" is not a number`);
    return {
      name,
      upTo: upTo === undefined || upTo === '' ? null : Number(upTo),
      price: Number(price),
    };
  });
}
