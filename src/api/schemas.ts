import { INTERVALS } from '../model/period.ts';
import { NOT_COMPARED_TO_DATE, type NotComparedToDate } from '../metrics/definition.ts';
import { StringEnum, Type, type TSchema } from './typebox.ts';

export const ErrorSchema = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'stable machine-readable code' }),
        message: Type.String(),
        issues: Type.Optional(Type.Array(Type.Ref('ImportIssue'))),
      },
      { additionalProperties: true },
    ),
  },
  { $id: 'Error', description: 'Every error has this shape' },
);

export const ImportIssueSchema = Type.Object(
  {
    file: Type.String(),
    row: Type.Integer({ description: 'spreadsheet row number (the header is row 1)' }),
    column: Type.Union([Type.String(), Type.Null()]),
    reason: Type.String(),
  },
  { $id: 'ImportIssue' },
);

/** Standard error responses for a route (plus its own success responses). */
export function withErrors(
  responses: Record<number, TSchema>,
  codes: readonly number[] = [400, 401, 403],
): Record<number, TSchema> {
  const out: Record<number, TSchema> = { ...responses };
  for (const code of [...codes, 429, 500]) out[code] = Type.Ref('Error');
  return out;
}

/**
 * Years a date in a request may have: wide enough for any business's history and plans,
 * narrow enough that no range asks the engine for millions of days (`to=8985-05` ran the
 * server out of memory). Months and days are checked by the routes (`invalid_range`).
 */
const YEAR = '(19[7-9]\\d|20\\d\\d|2100)';
/** YYYY-MM. */
export const MONTH_PATTERN = `^${YEAR}-\\d{2}$`;
/** YYYY-MM-DD. */
export const DAY_PATTERN = `^${YEAR}-\\d{2}-\\d{2}$`;
const Month = `^${YEAR}-\\d{2}(-\\d{2})?$`;

export const RangeQuerySchema = Type.Object({
  from: Type.Optional(
    Type.String({ pattern: Month, description: 'first period: YYYY-MM or YYYY-MM-DD' }),
  ),
  to: Type.Optional(
    Type.String({
      pattern: Month,
      description: 'last day of history taken into account (default: today)',
    }),
  ),
  interval: StringEnum(INTERVALS, { default: 'month' }),
  mode: StringEnum(['event', 'snapshot'], {
    default: 'event',
    description: 'event: movements on the day MRR changes; snapshot: compare period ends',
  }),
});

export const PageQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
}

export const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const MetricDefinitionSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  unit: Type.String({ description: 'money, count, rate, ratio or index' }),
  direction: Type.String({ description: 'up: higher is better; down: lower is better' }),
  formula: Type.String(),
});

export const MovementSchema = Type.Object({
  date: Type.String(),
  customer_id: Type.String(),
  type: Type.String(),
  amount: Type.Number(),
  mrr_before: Type.Number(),
  mrr_after: Type.Number(),
});

export const ComparisonSchema = Type.Object(
  {
    value: NullableNumber,
    previous: NullableNumber,
    year_ago: NullableNumber,
    change: NullableNumber,
    change_pct: NullableNumber,
    good: Type.Union([Type.Boolean(), Type.Null()]),
    year_change: NullableNumber,
    year_change_pct: NullableNumber,
    year_good: Type.Union([Type.Boolean(), Type.Null()]),
    not_compared: Type.Optional(
      Type.Object(
        {
          code: StringEnum(Object.keys(NOT_COMPARED_TO_DATE) as NotComparedToDate[]),
          reason: Type.String(),
        },
        {
          description:
            'a partial period only: why this metric is not set beside the same days of the previous period (previous is null)',
        },
      ),
    ),
  },
  {
    description:
      'value beside the previous period and the same period a year earlier (for a partial period: the same days of the previous period, and no year-ago value); change_pct is relative (null from 0); good: whether the change is good news by the metric direction',
  },
);

export const SegmentQuerySchema = Type.Object({
  segment: Type.Optional(
    Type.Array(Type.String({ pattern: '^[A-Za-z0-9_ -]+=.+$', maxLength: 300 }), {
      description:
        'attribute=value (repeatable: all must match; a|b matches either), e.g. plan=Pro',
      maxItems: 10,
    }),
  ),
  compare: Type.Union([Type.Boolean(), Type.Literal('complete')], {
    default: false,
    description:
      'add the previous-period and year-ago comparisons; a running period is set beside the same days of the previous one. `complete`: the complete periods only (a running period is compared with nothing; what the dashboard asks for until month-to-date is chosen, and cheaper to compute)',
  }),
});
