import { formatDay } from '../../model/day.ts';
import { toMajor } from '../../model/money.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import {
  customerPage,
  customerSegmentMatcher,
  customerStatus,
  customerSummary,
  type CustomerIndex,
} from '../metrics-source.ts';
import { unpackCustomerIndex } from '../customer-index-packing.ts';
import {
  MovementSchema,
  PageQuerySchema,
  SegmentQuerySchema,
  pageOf,
  withErrors,
} from '../schemas.ts';
import { StringEnum, Type, type Static } from '../typebox.ts';
import { columnsOf, rowOf, rowsOf, tableDownloads } from '../downloads.ts';

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);

const CustomerSummary = Type.Object({
  customer_id: Type.String(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  country: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  mrr: Type.Number({
    description:
      'MRR today, major units of the reporting currency, at today’s exchange rates: the customers add up to the MRR metric',
  }),
  plan: Nullable(Type.String({ description: 'the plan today: that of the largest line in force' })),
  status: Type.String({ description: 'active (paying), churned (paid before) or never_paid' }),
  first_paid: Nullable(Type.String()),
  churned_on: Nullable(
    Type.String({ description: 'day of the last churn, for a churned customer' }),
  ),
});

const CustomerDetail = Type.Composite([
  CustomerSummary,
  Type.Object({
    currency: Type.String(),
    created_at: Nullable(Type.String()),
    attributes: Type.Record(Type.String(), Type.String()),
    mrr_history: Type.Array(Type.Object({ date: Type.String(), mrr: Type.Number() }), {
      description:
        "the customer's MRR after each change of its lines (a step function, valued at that day's rates), then today's",
    }),
    mrr_lines: Type.Array(
      Type.Object({
        source: StringEnum(['subscription', 'invoice']),
        id: Type.String({ description: 'subscription_id or invoice_id' }),
        line_id: Type.String(),
        kind: StringEnum(['subscription', 'usage']),
        plan: Nullable(Type.String()),
        currency: Type.String(),
        quantity: Type.Number(),
        amount: Type.Number({
          description: 'unit price per interval (subscription rows) or line amount (invoice lines)',
        }),
        interval: Nullable(Type.String()),
        interval_count: Type.Number(),
        discount_percent: Type.Number(),
        discount: Type.Number({ description: 'discount on an invoice line' }),
        period_start: Nullable(Type.String()),
        period_end: Nullable(Type.String()),
        from: Type.String({ description: 'first day the line counts as MRR' }),
        until: Nullable(Type.String({ description: 'first day it no longer counts' })),
        monthly: Type.Number({ description: "monthly amount in the line's currency" }),
        fx_rate: Type.Number({
          description: "reporting-currency units per unit of the line's currency today",
        }),
        mrr: Type.Number({
          description: "the line's share of today's MRR; the shares add up to `mrr`",
        }),
      }),
      { description: "every line that makes up the customer's MRR today" },
    ),
    delinquent_invoice: Nullable(
      Type.String({ description: 'a late invoice that stops the MRR today (delinquency rule)' }),
    ),
    movements: Type.Array(MovementSchema),
    subscriptions: Type.Array(
      Type.Object({
        subscription_id: Type.String(),
        plan: Nullable(Type.String()),
        amount: Type.Number(),
        currency: Type.String(),
        interval: Type.String(),
        interval_count: Type.Number(),
        quantity: Type.Number(),
        discount_percent: Type.Number(),
        start_date: Type.String(),
        end_date: Nullable(Type.String()),
        trial_end: Nullable(Type.String()),
        canceled_at: Nullable(Type.String()),
      }),
    ),
  }),
]);

const day = (d: number | null): string | null => (d === null ? null : formatDay(d));

/**
 * Every customer's summary, memoized per data version: computed on a compute worker, so a
 * million customers' index never holds up the requests of others.
 */
function customerIndex(ctx: ApiContext, workspaceId: string): Promise<CustomerIndex> {
  return ctx.cache.run(`customers:${workspaceId}`, async () =>
    unpackCustomerIndex(await ctx.compute('customers', { workspaceId })),
  );
}

const SORT_KEYS = [
  'mrr',
  'name',
  'customer_id',
  'first_paid',
  'plan',
  'segment',
  'status',
  'churned_on',
] as const;
const SORTS = SORT_KEYS.flatMap((k) => [k, `-${k}`]);

const CustomerListQuery = Type.Composite([
  Type.Omit(SegmentQuerySchema, ['compare']),
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'matches id, name or email' })),
    status: StringEnum(['all', 'active', 'churned', 'never_paid'], { default: 'all' }),
    sort: StringEnum(SORTS, {
      default: '-mrr',
      description: 'a leading "-" sorts descending',
    }),
  }),
]);

/**
 * The customers that pass the search, status and segment filters, in the order asked: their
 * rows in the index (`found`), made into summaries only for what is sent.
 */
async function customerList(
  ctx: ApiContext,
  workspaceId: string,
  query: Static<typeof CustomerListQuery>,
) {
  const { q, status, sort, segment } = query;
  const index = await customerIndex(ctx, workspaceId);
  const { ids, texts, mrr } = index;
  const inSegment = await ctx.gate.run((store) =>
    customerSegmentMatcher(store, workspaceId, segment),
  );
  const needle = q?.trim().toLowerCase() ?? '';
  const statusOf = (i: number) => customerStatus(texts.first_paid.at(i) ?? null, mrr[i]!);
  // The filters in id order, the index's own: a segment's lookups walk in step with it.
  const passes = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++)
    passes[i] =
      (status === 'all' || statusOf(i) === status) &&
      (inSegment === null || inSegment(ids[i]!, texts.plan.at(i) ?? null)) &&
      (!needle ||
        [ids[i]!, texts.name.at(i), texts.email.at(i)].some((v) =>
          v?.toLowerCase().includes(needle),
        ))
        ? 1
        : 0;
  const key = sort.replace(/^-/, '') as (typeof SORT_KEYS)[number];
  const sign = sort.startsWith('-') ? -1 : 1;
  let found: number[];
  if (sort === '-mrr') {
    // The default order, sorted where the index was computed.
    found = [];
    for (const i of index.byMrr) if (passes[i] === 1) found.push(i);
  } else {
    const valueOf = (i: number): string | number =>
      key === 'mrr'
        ? mrr[i]!
        : key === 'customer_id'
          ? ids[i]!
          : key === 'status'
            ? statusOf(i)
            : (texts[key].at(i) ?? '');
    const rows: number[] = [];
    for (let i = 0; i < ids.length; i++) if (passes[i] === 1) rows.push(i);
    const values = rows.map(valueOf);
    const order = rows.map((_, n) => n);
    order.sort((a, b) => {
      const x = values[a]!;
      const y = values[b]!;
      const byKey = x < y ? -1 : x > y ? 1 : 0;
      return sign * byKey || (ids[rows[a]!]! < ids[rows[b]!]! ? -1 : 1);
    });
    found = order.map((n) => rows[n]!);
  }
  return {
    currency: index.currency,
    total: found.length,
    /** The summaries of the customers found from `offset` on, `limit` of them at most. */
    summaries: (offset = 0, limit = found.length) =>
      found.slice(offset, offset + limit).map((i) => customerSummary(index, i)),
  };
}

/** Summaries made at a time for the list's download. */
const ROWS_PER_PAGE = 1_000;

/** The list's columns in the downloads, in the page's order. */
const LIST_COLUMNS = columnsOf({
  customer_id: 'text',
  name: 'text',
  email: 'text',
  plan: 'text',
  segment: 'text',
  status: 'text',
  mrr: 'money',
  first_paid: 'date',
  churned_on: 'date',
  country: 'text',
  channel: 'text',
});

/** One customer: its summary, lines, history, movements and subscriptions. */
async function customerDetail(ctx: ApiContext, workspaceId: string, id: string) {
  const index = await customerIndex(ctx, workspaceId);
  const { currency, today } = index;
  const i = index.ids.indexOf(id);
  if (i < 0) throw new ApiError(404, 'not_found', `no customer "${id}"`);
  const summary = customerSummary(index, i);
  const page = await ctx.gate.run((store) => customerPage(store, workspaceId, id, today));
  const { row, history } = page;
  return {
    ...summary,
    currency,
    created_at: day(row?.created_at ?? null),
    attributes: row?.attributes ?? {},
    mrr_history: history.length === 0 ? [] : [...history, { date: today, mrr: summary.mrr }],
    mrr_lines: page.lines,
    delinquent_invoice: page.delinquentInvoice,
    movements: page.movements,
    subscriptions: page.subscriptions.map((s) => ({
      subscription_id: s.subscription_id,
      plan: s.plan,
      amount: toMajor(s.amount, s.currency),
      currency: s.currency,
      interval: s.interval,
      interval_count: s.interval_count,
      quantity: s.quantity,
      discount_percent: s.discount_percent,
      start_date: formatDay(s.start_date),
      end_date: day(s.end_date),
      trial_end: day(s.trial_end),
      canceled_at: day(s.canceled_at),
    })),
  };
}

export function customerRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Customers with their current MRR: search, filter, sort, paginate',
        description:
          '`segment=plan=Pro` (repeatable, all must match; `country=FR|DE` matches either) keeps the customers in the segment today: static attributes (country, segment, channel, custom columns) as the metrics read them, the plan in force today.',
        querystring: Type.Composite([PageQuerySchema, CustomerListQuery]),
        response: withErrors({
          200: Type.Composite([pageOf(CustomerSummary), Type.Object({ currency: Type.String() })]),
        }),
      },
    },
    async (request) => {
      const { limit, offset, ...query } = request.query;
      const workspaceId = principalOf(request).workspaceId;
      const { currency, total, summaries } = await customerList(ctx, workspaceId, query);
      return {
        currency,
        items: summaries(offset, limit),
        total,
        limit,
        offset,
      };
    },
  );

  tableDownloads(
    app,
    '/customers',
    {
      tags: ['customers'],
      summary: 'The customers list, every row (same filters and order as /customers)',
      querystring: CustomerListQuery,
    },
    async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      const { currency, total, summaries } = await customerList(ctx, workspaceId, request.query);
      // Made a page at a time as they are sent: a million summaries would be held at once.
      function* listRows() {
        for (let from = 0; from < total; from += ROWS_PER_PAGE)
          for (const summary of summaries(from, ROWS_PER_PAGE)) yield rowOf(LIST_COLUMNS, summary);
      }
      return {
        name: 'customers',
        currency,
        columns: LIST_COLUMNS,
        rowCount: total,
        rows: listRows(),
      };
    },
  );

  app.get(
    '/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary:
          'One customer: attributes, the lines that make up its MRR today, subscriptions, MRR history and movements',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: withErrors({ 200: CustomerDetail }, [400, 401, 403, 404]),
      },
    },
    async (request) => customerDetail(ctx, principalOf(request).workspaceId, request.params.id),
  );

  const CustomerParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
  const parts = {
    lines: columnsOf({
      source: 'text',
      id: 'text',
      line_id: 'text',
      kind: 'text',
      plan: 'text',
      currency: 'text',
      quantity: 'count',
      amount: 'count',
      interval: 'text',
      interval_count: 'count',
      discount_percent: 'count',
      from: 'date',
      until: 'date',
      monthly: 'count',
      fx_rate: 'count',
      mrr: 'money',
    }),
    history: columnsOf({ date: 'date', mrr: 'money' }),
    subscriptions: columnsOf({
      subscription_id: 'text',
      plan: 'text',
      amount: 'count',
      currency: 'text',
      interval: 'text',
      interval_count: 'count',
      quantity: 'count',
      discount_percent: 'count',
      start_date: 'date',
      end_date: 'date',
      trial_end: 'date',
      canceled_at: 'date',
    }),
  } as const;
  for (const [part, columns] of Object.entries(parts))
    tableDownloads(
      app,
      `/customers/:id/${part}`,
      {
        tags: ['customers'],
        summary: `One customer's ${part === 'history' ? 'MRR history' : part}, as on its page`,
        params: CustomerParams,
        querystring: Type.Object({}),
      },
      async (request) => {
        const detail = await customerDetail(
          ctx,
          principalOf(request).workspaceId,
          request.params.id,
        );
        const items = {
          lines: detail.mrr_lines,
          history: detail.mrr_history,
          subscriptions: detail.subscriptions,
        }[part as keyof typeof parts];
        return {
          name: `customer_${part}`,
          currency: detail.currency,
          columns,
          rows: rowsOf(columns, items),
        };
      },
    );
}
