import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { RangeQuerySchema, withErrors } from '../schemas.ts';
import { StringEnum, Type, type Static } from '../typebox.ts';
import { columnsOf, tableDownloads } from '../downloads.ts';

const Source = Type.Object({
  source: StringEnum(['subscription', 'invoice']),
  id: Type.String({ description: 'subscription_id or invoice_id' }),
});

const ContributorsResponse = Type.Object({
  metric: Type.String(),
  period: Type.String(),
  start: Type.String(),
  end: Type.String(),
  currency: Type.String(),
  unit: StringEnum(['money', 'count'], {
    description: 'money: amounts in major units of currency; count: 1 per customer',
  }),
  value: Type.Number({ description: "the metric's value in the period; the amounts add up to it" }),
  contributors: Type.Array(
    Type.Object({
      customer_id: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      amount: Type.Number(),
      movements: Type.Array(
        Type.Object({
          date: Type.String(),
          type: Type.String(),
          amount: Type.Number(),
          mrr_before: Type.Number(),
          mrr_after: Type.Number(),
          sources: Type.Array(Source),
        }),
      ),
      sources: Type.Array(Source, { description: 'every movement’s source rows together' }),
    }),
  ),
});

const ContributorsQuery = Type.Composite([
  Type.Omit(RangeQuerySchema, ['from']),
  Type.Object({
    period: Type.String({
      minLength: 4,
      maxLength: 10,
      description: 'period label (2026-11, 2026-Q4, 2026-W45, 2026) or a day in it',
    }),
  }),
]);
const ContributorsParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9_]+$' }) });

export function contributorRoutes(app: Api, ctx: ApiContext): void {
  const report = (workspaceId: string, metric: string, query: Static<typeof ContributorsQuery>) => {
    const q = { ...query, workspaceId, metric };
    // On a compute worker: at 1M customers the workspace's movements take seconds.
    return ctx.cache.run(`contributors:${JSON.stringify(q)}`, () => ctx.compute('contributors', q));
  };

  app.get(
    '/metrics/:id/contributors',
    {
      schema: {
        tags: ['metrics'],
        summary: "Drill-down: the customers and source rows behind a metric's value in a period",
        description:
          'Same computation as `northstar movements --period … --type …`. For mrr, customers, the movement MRR metrics, net_new_mrr, fx_impact_mrr and the new/churned/reactivated customer counts: each customer with its amount (they add up to `value` exactly), its movements and the subscription or invoice rows that caused each.',
        params: ContributorsParams,
        querystring: ContributorsQuery,
        response: withErrors({ 200: ContributorsResponse }, [400, 401, 403, 404, 422]),
      },
    },
    async (request) => report(principalOf(request).workspaceId, request.params.id, request.query),
  );

  tableDownloads(
    app,
    '/metrics/:id/contributors',
    {
      tags: ['metrics'],
      summary: "The customers behind a metric's value in a period",
      params: ContributorsParams,
      querystring: ContributorsQuery,
    },
    async (request) => {
      const r = await report(principalOf(request).workspaceId, request.params.id, request.query);
      return {
        name: 'contributors',
        currency: r.currency,
        columns: columnsOf({
          customer_id: 'text',
          name: 'text',
          amount: r.unit,
          movements: 'text',
          sources: 'text',
        }),
        rows: r.contributors.map((c) => [
          c.customer_id,
          c.name,
          c.amount,
          c.movements.map((m) => `${m.date} ${m.type} ${m.amount}`).join('; '),
          c.sources.map((s) => `${s.source} ${s.id}`).join('; '),
        ]),
      };
    },
  );
}
