import { randomUUID } from 'node:crypto';
import { listGoals, removeGoal, saveGoal } from '../../goals/service.ts';
import { GOAL_KINDS, PACING, goalDatesProblem, type Goal } from '../../goals/types.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { DAY_PATTERN, NullableNumber, withErrors } from '../schemas.ts';
import { StringEnum, Type } from '../typebox.ts';

const IsoDate = Type.String({ pattern: DAY_PATTERN, description: 'YYYY-MM-DD' });
const Id = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' });

const GoalBody = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: StringEnum(GOAL_KINDS, {
      description: 'number, money, rate (a metric value), boolean (yes/no) or tasks (completion)',
    }),
    metric: Type.Optional(Type.String({ pattern: '^[a-z0-9_]+$', description: 'metric id' })),
    segment: Type.Optional(
      Type.Object(
        { dimension: Type.String({ maxLength: 200 }), value: Type.String({ maxLength: 300 }) },
        {
          additionalProperties: false,
          description:
            'read the metric for these customers only: `{"dimension": "country", "value": "FR"}` is the metric with segment=country=FR',
        },
      ),
    ),
    start: IsoDate,
    due: IsoDate,
    baseline: Type.Optional(
      Type.Number({ description: 'presented units: money in major units, rates as fractions' }),
    ),
    target: Type.Optional(Type.Number()),
    done: Type.Optional(Type.Boolean()),
    tasks: Type.Optional(
      Type.Array(
        Type.Object(
          { title: Type.String({ maxLength: 200 }), done: Type.Boolean() },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
    parentId: Type.Optional(Id),
    weight: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);
const GoalSchema = Type.Composite([
  Type.Omit(GoalBody, ['id']),
  Type.Object({ id: Type.String() }),
]);

const Pace = StringEnum(PACING);
const NullableString = Type.Union([Type.String(), Type.Null()]);

const GoalStatusSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  metric: NullableString,
  segment: Type.Union(
    [Type.Object({ dimension: Type.String(), value: Type.String() }), Type.Null()],
    { description: 'the segment the metric is read for; null: the whole workspace' },
  ),
  current: Type.Union([Type.Number(), Type.Null()], {
    description: 'metric goals: the value of the last complete period (`period`, ending `asOf`)',
  }),
  period: NullableString,
  asOf: NullableString,
  baseline: NullableNumber,
  baselineFrom: Type.Union([StringEnum(['set', 'history'] as const), Type.Null()], {
    description:
      'set with the goal, or the metric in `baselinePeriod`, the last complete period before the start',
  }),
  baselinePeriod: NullableString,
  target: NullableNumber,
  direction: Type.Union([StringEnum(['up', 'down'] as const), Type.Null()], {
    description: 'down: lower values are progress (churn, CAC payback)',
  }),
  progress: Type.Number({ description: 'share of the way from baseline to target, 0–1' }),
  expected: Type.Number({
    description: 'where the straight line from baseline to target is on `asOf` (else today), 0–1',
  }),
  expectedValue: NullableNumber,
  lineStatus: Pace,
  forecast: Type.Union([
    Type.Object({
      period: Type.String({ description: 'the forecast month containing the due date' }),
      value: Type.Number(),
      lo80: Type.Number(),
      hi80: Type.Number(),
      probability: Type.Number({
        description: 'chance of reaching the target by then, from the calibrated 80/95 % bands',
      }),
      status: StringEnum(['on_track', 'at_risk', 'off_track'] as const),
    }),
    Type.Null(),
  ]),
  forecastNote: NullableString,
  status: StringEnum(PACING, {
    description: 'the worse of the straight line and the forecast (achieved and missed aside)',
  }),
  daysLeft: Type.Integer(),
  children: Type.Array(Type.String()),
});

/** Checks and saves a goal; what is wrong with it is a 400 naming the field. */
async function storeGoal(ctx: ApiContext, workspaceId: string, goal: Goal): Promise<void> {
  checkGoal(goal);
  await ctx.gate.run(async (store) => {
    try {
      await saveGoal(store, workspaceId, goal);
    } catch (error) {
      throw new ApiError(400, 'bad_request', (error as Error).message);
    }
  });
}

function checkGoal(body: Goal): void {
  const dates = goalDatesProblem(body.start, body.due);
  if (dates !== null) throw new ApiError(400, 'bad_request', dates);
  const metricKind = body.kind === 'number' || body.kind === 'money' || body.kind === 'rate';
  if (metricKind && (body.metric === undefined || body.target === undefined))
    throw new ApiError(400, 'bad_request', `a ${body.kind} goal needs a metric and a target`);
  if (body.kind === 'tasks' && (body.tasks?.length ?? 0) === 0)
    throw new ApiError(400, 'bad_request', 'a tasks goal needs at least one task');
}

export function goalRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/goals',
    {
      schema: {
        tags: ['goals'],
        summary: "The workspace's goals as stored",
        response: withErrors({ 200: Type.Object({ items: Type.Array(GoalSchema) }) }),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      return { items: await ctx.gate.run((store) => listGoals(store, workspaceId)) };
    },
  );

  app.get(
    '/goals/status',
    {
      schema: {
        tags: ['goals'],
        summary: 'Every goal with its progress and pacing today (on track / at risk / off track)',
        response: withErrors({ 200: Type.Object({ items: Type.Array(GoalStatusSchema) }) }),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const items = await ctx.cache.run(`goals:${workspaceId}`, () =>
        ctx.compute('goals', { workspaceId, now: Date.now() }),
      );
      return { items };
    },
  );

  app.post(
    '/goals',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['goals'],
        summary: 'Create or replace a goal (by id; a new id is chosen when none is given)',
        body: GoalBody,
        response: withErrors({ 201: GoalSchema }, [400, 401, 403]),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const goal: Goal = { ...request.body, id: request.body.id ?? randomUUID().slice(0, 8) };
      await storeGoal(ctx, workspaceId, goal);
      return reply.code(201).send(goal);
    },
  );

  app.put(
    '/goals/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['goals'],
        summary: 'Edit a goal (the whole goal is replaced; 404 when there is no such goal)',
        params: Type.Object({ id: Id }),
        body: Type.Omit(GoalBody, ['id']),
        response: withErrors({ 200: GoalSchema, 404: Type.Ref('Error') }, [400, 401, 403]),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const { id } = request.params;
      const exists = await ctx.gate.run(async (store) =>
        (await listGoals(store, workspaceId)).some((g) => g.id === id),
      );
      if (!exists) throw new ApiError(404, 'not_found', `no goal "${id}"`);
      const goal: Goal = { ...request.body, id };
      await storeGoal(ctx, workspaceId, goal);
      return goal;
    },
  );

  app.delete(
    '/goals/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['goals'],
        summary: 'Delete a goal',
        params: Type.Object({ id: Id }),
        response: withErrors({ 204: Type.Null(), 404: Type.Ref('Error') }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const removed = await ctx.gate.run((store) =>
        removeGoal(store, workspaceId, request.params.id),
      );
      if (!removed) throw new ApiError(404, 'not_found', `no goal "${request.params.id}"`);
      return reply.code(204).send();
    },
  );
}
