import { seriesWorkbook } from '../../reports/xlsx.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import {
  metricDefinitions,
  type BreakdownReport,
  type MetricInfo,
  type SegmentedReport,
} from '../metrics-source.ts';
import { metricsAnswer } from './metrics.ts';
import { RangeQuerySchema, SegmentQuerySchema, withErrors } from '../schemas.ts';
import { Type, type Static } from '../typebox.ts';
import { sendTable, tableDownloads, XLSX, type DataTable } from '../downloads.ts';

const MetricsFileQuery = Type.Composite([
  RangeQuerySchema,
  Type.Omit(SegmentQuerySchema, ['compare']),
  Type.Object({
    metric: Type.Optional(Type.String({ pattern: '^[a-z0-9_,]+$' })),
    by: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_ -]+$',
        maxLength: 100,
        description: 'a row per period and value of this attribute (the breakdown chart)',
      }),
    ),
  }),
]);

/** The report's metrics, in the order it holds them, with their definitions. */
function shownMetrics(report: SegmentedReport): MetricInfo[] {
  const known = new Map(metricDefinitions().map((d) => [d.id, d]));
  return Object.keys(report.periods[0]?.metrics ?? {}).flatMap((id) => {
    const d = known.get(id);
    return d ? [d] : [];
  });
}

/** A row per period (with `by`: per value and period), a column per metric. */
function metricsTable(
  report: SegmentedReport | BreakdownReport,
  by: string | undefined,
): DataTable {
  const metrics = shownMetrics(report);
  const series =
    by !== undefined && 'series' in report
      ? report.series.map((s) => ({ value: [s.value], periods: s.periods }))
      : [{ value: [], periods: report.periods }];
  return {
    name: by === undefined ? 'metrics' : 'breakdown',
    currency: report.currency,
    columns: [
      { id: 'period', kind: 'text' },
      { id: 'start', kind: 'date' },
      { id: 'end', kind: 'date' },
      ...(by === undefined ? [] : [{ id: by, kind: 'text' as const }]),
      ...metrics.map((m) => ({ id: m.id, kind: m.unit as DataTable['columns'][number]['kind'] })),
    ],
    rows: series.flatMap((s) =>
      s.periods.map((p) => [
        p.period,
        p.start,
        p.end,
        ...s.value,
        ...metrics.map((m) => p.metrics[m.id] ?? null),
      ]),
    ),
  };
}

export function exportRoutes(app: Api, ctx: ApiContext): void {
  const report = (workspaceId: string, query: Static<typeof MetricsFileQuery>) => {
    const { metric, ...rest } = query;
    const ids = metric ? metric.split(',').filter(Boolean) : [];
    return metricsAnswer(ctx, { ...rest, workspaceId, metrics: ids });
  };

  tableDownloads(
    app,
    '/metrics',
    {
      tags: ['metrics'],
      summary: 'Metrics per period, same query as /metrics (with by=: a row per value)',
      querystring: MetricsFileQuery,
      formats: ['csv'],
    },
    async (request) =>
      metricsTable(await report(principalOf(request).workspaceId, request.query), request.query.by),
  );

  app.get(
    '/metrics.xlsx',
    {
      schema: {
        tags: ['metrics'],
        summary: 'Metrics per period as an Excel workbook (same query as /metrics)',
        produces: [XLSX],
        querystring: MetricsFileQuery,
        response: withErrors(
          {
            200: Type.Unsafe<unknown>({
              description:
                'an .xlsx workbook: a Metrics table (a row per period) and Definitions; with by=, one table with a row per value and period',
              content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
            }),
          },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request, reply) => {
      const answer = await report(principalOf(request).workspaceId, request.query);
      if (request.query.by !== undefined)
        return sendTable(reply, 'xlsx', metricsTable(answer, request.query.by));
      const shown = shownMetrics(answer);
      const workbook = await seriesWorkbook(
        {
          currency: answer.currency,
          interval: request.query.interval,
          periods: answer.periods.map((p) => ({ label: p.period, start: p.start, end: p.end })),
          values: Object.fromEntries(
            shown.map((m) => [m.id, answer.periods.map((p) => p.metrics[m.id] ?? null)]),
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
