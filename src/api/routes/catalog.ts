import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { markAnswer } from '../as-of.ts';
import { presets } from '../metrics-source.ts';
import { NullableNumber, withErrors } from '../schemas.ts';
import { Type } from '../typebox.ts';
import { LocaleQuerySchema, wordingLanguage } from '../locale.ts';

const PresetSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  description: Type.String(),
  metrics: Type.Array(Type.String(), { description: 'metric ids, most important first' }),
});

const BenchmarkSchema = Type.Object({
  metric: Type.String(),
  group: Type.String({ description: 'who the figure describes' }),
  measure: Type.String({ description: 'exactly what the number is' }),
  median: NullableNumber,
  average: NullableNumber,
  p25: NullableNumber,
  p75: NullableNumber,
  low: NullableNumber,
  high: NullableNumber,
  applies: Type.Boolean({
    description: "the figure's scope (ARPA, ACV, ARR band) fits the workspace",
  }),
  value: Type.Union([Type.Number(), Type.Null()], {
    description: "the workspace's value in the last complete month",
  }),
  position: Type.Union([Type.String(), Type.Null()], {
    description: 'where the value stands: below / around / above, or between percentiles',
  }),
  source: Type.Object({
    publisher: Type.String(),
    title: Type.String(),
    year: Type.Integer(),
    url: Type.Union([Type.String(), Type.Null()]),
  }),
  stale: Type.Boolean({ description: 'the source is more than 24 months old' }),
});

export function catalogRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/presets',
    {
      schema: {
        tags: ['metrics'],
        summary: 'Stage presets: the metrics an early, growth or mature company watches first',
        response: withErrors({ 200: Type.Object({ items: Type.Array(PresetSchema) }) }),
      },
    },
    async () => ({ items: presets().map((p) => ({ ...p, metrics: [...p.metrics] })) }),
  );

  app.get(
    '/segments',
    {
      schema: {
        tags: ['metrics'],
        summary:
          'Attributes a segment filter can use (plan, country, channel, segment, custom columns) and their values',
        response: withErrors({
          200: Type.Object({
            items: Type.Array(
              Type.Object({ attribute: Type.String(), values: Type.Array(Type.String()) }),
            ),
          }),
        }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const found = await segmentsOf(ctx, workspaceId);
      markAnswer(reply, found);
      return { items: found.value };
    },
  );

  app.get(
    '/benchmarks',
    {
      schema: {
        tags: ['metrics'],
        summary:
          'Industry benchmarks with their sources, and where the workspace stands (last complete month)',
        querystring: LocaleQuerySchema,
        response: withErrors({
          200: Type.Object({
            period: Type.String(),
            currency: Type.String(),
            notes: Type.Array(Type.String()),
            items: Type.Array(BenchmarkSchema),
          }),
        }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const found = await benchmarksOf(ctx, workspaceId, wordingLanguage(request));
      markAnswer(reply, found);
      return found.value;
    },
  );
}

/** `/segments`, memoized (the background warm-up calls it too). */
export function segmentsOf(ctx: ApiContext, workspaceId: string) {
  return ctx.cache.lookup(`segments:${workspaceId}`, () =>
    ctx.compute('segments', { workspaceId }),
  );
}

/** `/benchmarks`, memoized per language (the background warm-up calls it in English). */
export function benchmarksOf(ctx: ApiContext, workspaceId: string, language?: string) {
  const key = `benchmarks:${workspaceId}${language === undefined ? '' : `:${language}`}`;
  return ctx.cache.lookup(key, () =>
    ctx.compute('benchmarks', { workspaceId, ...(language === undefined ? {} : { language }) }),
  );
}
