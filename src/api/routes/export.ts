import { seriesWorkbook } from '../../reports/xlsx.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { metricDefinitions, segmentedSeries, type MetricInfo } from '../metrics-source.ts';
import { RangeQuerySchema, SegmentQuerySchema, withErrors } from '../schemas.ts';
import { Type } from '../typebox.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function exportRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/metrics.xlsx',
    {
      schema: {
        tags: ['metrics'],
        summary: 'Metrics per period as an Excel workbook (same query as /metrics)',
        produces: [XLSX],
        querystring: Type.Composite([
          RangeQuerySchema,
          Type.Omit(SegmentQuerySchema, ['compare']),
          Type.Object({
            metric: Type.Optional(Type.String({ pattern: '^[a-z0-9_,]+$' })),
          }),
        ]),
        response: withErrors(
          {
            200: Type.Unsafe<unknown>({
              description: 'an .xlsx workbook: a Metrics table (a row per period) and Definitions',
              content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
            }),
          },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request, reply) => {
      const { metric, ...rest } = request.query;
      const { workspaceId } = principalOf(request);
      const ids = metric ? metric.split(',').filter(Boolean) : [];
      const query = { ...rest, workspaceId, metrics: ids };
      const report = await ctx.cache.run(`metrics:${JSON.stringify(query)}`, () =>
        ctx.gate.run((store) => segmentedSeries(store, query)),
      );
      const known = new Map(metricDefinitions().map((d) => [d.id, d]));
      const shown: MetricInfo[] = Object.keys(report.periods[0]?.metrics ?? {}).flatMap((id) => {
        const d = known.get(id);
        return d ? [d] : [];
      });
      const workbook = await seriesWorkbook(
        {
          currency: report.currency,
          interval: rest.interval,
          periods: report.periods.map((p) => ({ label: p.period, start: p.start, end: p.end })),
          values: Object.fromEntries(
            shown.map((m) => [m.id, report.periods.map((p) => p.metrics[m.id] ?? null)]),
          ),
        },
        shown as Parameters<typeof seriesWorkbook>[1],
      );
      const body = Buffer.from(await workbook.xlsx.writeBuffer());
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="northstar-metrics.xlsx"`)
        .send(body);
    },
  );
}
