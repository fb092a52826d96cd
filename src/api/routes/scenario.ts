import { partsFromDay } from '../../model/day.ts';
import {
  compareScenario,
  parseChange,
  parsePercent,
  ScenarioError,
  type Change,
  type ScenarioChanges,
} from '../../forecast/scenario.ts';
import { workspaceBaseline } from '../../forecast/workspace-baseline.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { historyEnd } from '../metrics-source.ts';
import { cohortsOf } from './metrics.ts';
import { MONTH_PATTERN, NullableNumber, withErrors } from '../schemas.ts';
import { Type, type Static } from '../typebox.ts';
import { DataError } from '../../model/errors.ts';
import { workspaceRetention } from '../../forecast/workspace-retention.ts';

/** Annual discount rate for DERL when none is given (as `northstar retention`). */
const DEFAULT_DISCOUNT_RATE = 0.1;

/*
 * Bounded so that a projection of up to 120 months stays within floating point: relative
 * changes up to ±10,000% (±100 as a fraction), new amounts up to 12 digits. Text follows
 * the CLI's notation (parsed and explained by the forecast core), with bounded digits.
 */
const Relative = Type.Number({ minimum: -100, maximum: 100 });
const PERCENT_TEXT = '[+-]?\\d{1,4}(\\.\\d{1,6})?\\s*%';
const RateChange = Type.Union(
  [
    Relative,
    Type.String({
      maxLength: 100,
      pattern: `^\\s*(=\\s*\\d{1,4}(\\.\\d{1,6})?%?|${PERCENT_TEXT}|[^0-9]*)\\s*$`,
    }),
  ],
  {
    description:
      'as `northstar scenario`: "-20%" (relative to the baseline) or "=1.5%" (a new monthly rate); a number is a relative change as a fraction (-0.2 = 20% lower)',
  },
);
const AmountChange = Type.Union(
  [
    Relative,
    Type.String({
      maxLength: 100,
      pattern: `^\\s*(=\\s*[+-]?\\d{1,12}(\\.\\d{1,6})?|${PERCENT_TEXT}|[^0-9]*)\\s*$`,
    }),
  ],
  {
    description:
      '"+20%" (relative to the baseline) or "=5000" (a new amount per month, major units); a number is a relative change as a fraction (0.2 = 20% more)',
  },
);
const Percent = Type.Union(
  [Relative, Type.String({ maxLength: 100, pattern: `^\\s*(${PERCENT_TEXT}|[^0-9]*)\\s*$` })],
  { description: '"+10%" or a fraction (0.1 = +10%)' },
);

export const ScenarioBody = Type.Object(
  {
    churn: Type.Optional(RateChange),
    expansion: Type.Optional(RateChange),
    contraction: Type.Optional(RateChange),
    new_business: Type.Optional(AmountChange),
    new_growth: Type.Optional(Percent),
    price: Type.Optional(Percent),
    plan_prices: Type.Optional(
      Type.Record(Type.String({ maxLength: 200 }), Percent, {
        description: 'price change by plan ({"pro": "+10%"}); overrides `price` for those plans',
        maxProperties: 100,
      }),
    ),
    costs: Type.Optional(AmountChange),
    horizon: Type.Integer({ minimum: 1, maximum: 120, default: 12 }),
    window: Type.Integer({
      minimum: 1,
      maximum: 24,
      default: 3,
      description: 'months of history the baseline averages',
    }),
    to: Type.Optional(
      Type.String({
        pattern: MONTH_PATTERN,
        description: 'last month of history (default: the last complete month)',
      }),
    ),
  },
  { additionalProperties: false },
);
type ScenarioBodyT = Static<typeof ScenarioBody>;

const ChangeSchema = Type.Object({
  kind: Type.Union([Type.Literal('relative'), Type.Literal('set')]),
  value: Type.Number(),
});

const Assumptions = Type.Object({
  startMrr: Type.Number({ description: "today's MRR after the price change" }),
  startCustomers: Type.Number(),
  newMrr: Type.Number(),
  newCustomers: Type.Number(),
  newGrowth: Type.Number(),
  expansionRate: Type.Number(),
  contractionRate: Type.Number(),
  churnRate: Type.Number(),
  customerChurnRate: Type.Number(),
  costs: Type.Number(),
  cash: NullableNumber,
  otherCashFlow: Type.Number(),
  priceFactor: Type.Number(),
});

const Month = Type.Object({
  period: Type.String(),
  mrr: Type.Number(),
  arr: Type.Number(),
  customers: Type.Number(),
  new_mrr: Type.Number(),
  expansion_mrr: Type.Number(),
  contraction_mrr: Type.Number(),
  churned_mrr: Type.Number(),
  collections: Type.Number(),
  costs: Type.Number(),
  net_burn: Type.Number(),
  cash: NullableNumber,
  runway_months: Type.Union([Type.Number(), Type.Null()], {
    description: "cash ÷ that month's net burn; null when not burning or cash is unknown",
  }),
});

const Projection = Type.Object({
  assumptions: Assumptions,
  months: Type.Array(Month),
  summary: Type.Object({
    mrr_end: Type.Number(),
    arr_end: Type.Number(),
    customers_end: Type.Number(),
    cash_end: NullableNumber,
    runway_end: NullableNumber,
    cash_out: Type.Union([Type.String(), Type.Null()]),
  }),
});

const ScenarioResponse = Type.Object({
  changes: Type.Object({
    churn: Type.Optional(ChangeSchema),
    expansion: Type.Optional(ChangeSchema),
    contraction: Type.Optional(ChangeSchema),
    newBusiness: Type.Optional(ChangeSchema),
    newGrowth: Type.Optional(Type.Number()),
    price: Type.Optional(Type.Number()),
    planPrices: Type.Optional(Type.Record(Type.String(), Type.Number())),
    costs: Type.Optional(ChangeSchema),
  }),
  as_of: Type.String({ description: 'last month of history; month 1 is the one after' }),
  currency: Type.String(),
  horizon: Type.Integer(),
  window: Type.Integer(),
  baseline: Projection,
  scenario: Projection,
  difference: Type.Object({
    mrr_end: Type.Number(),
    arr_end: Type.Number(),
    customers_end: Type.Number(),
    cash_end: NullableNumber,
  }),
});

const RetentionResponse = Type.Object({
  source: Type.String(),
  model: Type.String(),
  currency: Type.String(),
  alpha: Type.Number(),
  beta: Type.Number(),
  log_likelihood: Type.Number(),
  geometric_limit: Type.Boolean({
    description: 'α and β ran to the search cap: no heterogeneity, churn is geometric',
  }),
  cohorts: Type.Integer(),
  period: Type.String(),
  discount_rate: Type.Number(),
  discount_rate_per_period: Type.Number(),
  derl: Type.Number({
    description: 'discounted expected residual lifetime of a new customer, in months',
  }),
  predictive_ltv: Type.Union([Type.Number(), Type.Null()], {
    description: "today's ARPA × (1 + DERL ÷ (1 + d)), revenue before margin",
  }),
  existing: Type.Object({ customers: Type.Number(), mrr: Type.Number() }),
  projection: Type.Array(
    Type.Object({ period: Type.String(), customers: Type.Number(), mrr: Type.Number() }),
  ),
});

function toChange(value: string | number, field: string, kind: 'rate' | 'amount'): Change {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ScenarioError(`${field} must be a finite number`);
    return { kind: 'relative', value };
  }
  return parseChange(value, field, kind);
}

function toPercent(value: string | number, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ScenarioError(`${field} must be a finite number`);
    return value;
  }
  return parsePercent(value, field);
}

/** The body's changes in the core's terms (the CLI's notation, or fractions). */
export function changesOf(body: ScenarioBodyT): ScenarioChanges {
  const out: {
    -readonly [K in keyof ScenarioChanges]: ScenarioChanges[K];
  } = {};
  if (body.churn !== undefined) out.churn = toChange(body.churn, 'churn', 'rate');
  if (body.expansion !== undefined) out.expansion = toChange(body.expansion, 'expansion', 'rate');
  if (body.contraction !== undefined)
    out.contraction = toChange(body.contraction, 'contraction', 'rate');
  if (body.new_business !== undefined)
    out.newBusiness = toChange(body.new_business, 'new_business', 'amount');
  if (body.new_growth !== undefined) out.newGrowth = toPercent(body.new_growth, 'new_growth');
  if (body.price !== undefined) out.price = toPercent(body.price, 'price');
  if (body.plan_prices !== undefined && Object.keys(body.plan_prices).length > 0)
    out.planPrices = Object.fromEntries(
      Object.entries(body.plan_prices).map(([plan, v]) => [
        plan,
        toPercent(v, `plan_prices.${plan}`),
      ]),
    );
  if (body.costs !== undefined) out.costs = toChange(body.costs, 'costs', 'amount');
  return out;
}

function invalid<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ScenarioError) throw new ApiError(400, 'bad_request', error.message);
    throw error;
  }
}

export function scenarioRoutes(app: Api, ctx: ApiContext): void {
  app.post(
    '/scenario',
    {
      schema: {
        tags: ['forecast'],
        summary: 'What-if: baseline and scenario MRR, ARR, customers, cash and runway by month',
        description:
          'As `northstar scenario --format json`: the baseline projects the last `window` months’ averages (new business, expansion, contraction and churn rates, costs, other cash flow) from today’s MRR, customers and cash; the scenario applies the changes. A computation, not a write: viewer keys may call it. Money in major units; rates are monthly fractions.',
        body: ScenarioBody,
        response: withErrors({ 200: ScenarioResponse, 422: Type.Ref('Error') }, [400, 401, 403]),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const body = request.body;
      const changes = invalid(() => changesOf(body));
      const key = `scenario:${workspaceId}:${JSON.stringify([changes, body.horizon, body.window, body.to ?? null])}`;
      return ctx.cache.run(key, async () => {
        const baseline = await ctx.gate.run(async (store) => {
          const settings = await store.workspace(workspaceId);
          try {
            return await workspaceBaseline(store, workspaceId, {
              to: historyEnd(settings.timeZone, body.to),
              window: body.window,
              plans: changes.planPrices !== undefined,
            });
          } catch (error) {
            if (error instanceof ScenarioError)
              throw new ApiError(422, 'data_error', error.message);
            throw error;
          }
        });
        const comparison = invalid(() => compareScenario(baseline, changes, body.horizon));
        return { changes, ...comparison, window: baseline.window };
      });
    },
  );

  app.get(
    '/retention',
    {
      schema: {
        tags: ['forecast'],
        summary: 'Shifted-beta-geometric retention fit, DERL and predictive LTV of the workspace',
        description:
          'As `northstar retention --format json` without `--input`: the monthly cohorts (complete months only) pooled into one sBG fit (Fader & Hardie 2007); today’s customers and MRR carried along the fitted curve without new business; the DERL of a new customer and the predictive LTV (ARPA over the discounted lifetime, before margin).',
        querystring: Type.Object({
          horizon: Type.Integer({ minimum: 1, maximum: 1200, default: 12 }),
          discount_rate: Type.Number({
            // Below 0.1% a year the DERL series needs more than a million terms to converge.
            minimum: 0.001,
            exclusiveMaximum: 10,
            default: DEFAULT_DISCOUNT_RATE,
            description: 'annual discount rate for DERL (0.1 = 10% a year)',
          }),
          to: Type.Optional(
            Type.String({ pattern: MONTH_PATTERN, description: 'last month of history' }),
          ),
        }),
        response: withErrors({ 200: RetentionResponse, 422: Type.Ref('Error') }, [400, 401, 403]),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const { horizon, discount_rate: annual, to } = request.query;
      return ctx.cache.run(
        `retention:${workspaceId}:${horizon}:${annual}:${to ?? ''}`,
        async () => {
          const settings = await ctx.gate.run((store) => store.workspace(workspaceId));
          const { year, month } = partsFromDay(historyEnd(settings.timeZone, to));
          const label = `${year}-${String(month).padStart(2, '0')}`;
          const { currency, cohorts: records } = await cohortsOf(ctx, {
            workspaceId,
            mode: 'event',
            to: label,
          });
          try {
            return workspaceRetention(records, currency, horizon, annual).summary;
          } catch (error) {
            if (error instanceof DataError) throw new ApiError(422, 'data_error', error.message);
            throw error;
          }
        },
      );
    },
  );
}
