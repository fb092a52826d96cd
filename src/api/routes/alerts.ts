import { randomUUID } from 'node:crypto';
import { listEvents, listRules, removeRule, saveRule } from '../../alerts/service.ts';
import type { AlertRule } from '../../alerts/types.ts';
import type { NotificationChannel } from '../../notify/types.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { NullableNumber, withErrors } from '../schemas.ts';
import { StringEnum, TaggedUnion, Type, type Static } from '../typebox.ts';

/** Request bodies refuse fields they do not know (a typo must not pass silently). */
const STRICT = { additionalProperties: false } as const;
const Id = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' });
const MetricId = Type.String({ pattern: '^[a-z0-9_]+$' });
/** Shown instead of a webhook secret; sending it back keeps the stored secret. */
const MASK = '********';

const Channel = TaggedUnion('type', [
  Type.Object(
    {
      type: Type.Literal('webhook'),
      url: Type.String({ format: 'uri' }),
      secret: Type.String({ minLength: 1, description: `HMAC key; shown as ${MASK}` }),
    },
    STRICT,
  ),
  Type.Object({ type: Type.Literal('slack'), url: Type.String({ format: 'uri' }) }, STRICT),
  Type.Object(
    {
      type: Type.Literal('email'),
      to: Type.Array(Type.String({ format: 'email' }), { minItems: 1 }),
    },
    STRICT,
  ),
]);

const Base = {
  id: Type.Optional(Id),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  cooldownMinutes: Type.Optional(Type.Integer({ minimum: 0 })),
  channels: Type.Optional(Type.Array(Channel, { maxItems: 10 })),
  enabled: Type.Optional(Type.Boolean()),
};
const Op = StringEnum(['above', 'below']);

const RuleBody = TaggedUnion('kind', [
  Type.Object(
    {
      ...Base,
      kind: Type.Literal('threshold'),
      metric: MetricId,
      op: Op,
      value: Type.Number(),
    },
    STRICT,
  ),
  Type.Object(
    {
      ...Base,
      kind: Type.Literal('change'),
      metric: MetricId,
      direction: StringEnum(['up', 'down', 'any']),
      percent: Type.Optional(Type.Number({ minimum: 0, description: 'fraction: 0.05 = 5%' })),
      absolute: Type.Optional(Type.Number({ minimum: 0 })),
      window: Type.Integer({ minimum: 1, maximum: 36 }),
    },
    STRICT,
  ),
  Type.Object(
    {
      ...Base,
      kind: Type.Literal('ratio'),
      numerator: MetricId,
      denominator: MetricId,
      op: Op,
      value: Type.Number(),
    },
    STRICT,
  ),
  Type.Object(
    {
      ...Base,
      kind: Type.Literal('anomaly'),
      metric: MetricId,
      threshold: Type.Optional(Type.Number({ minimum: 0 })),
    },
    STRICT,
  ),
  Type.Object({ ...Base, kind: Type.Literal('goal'), goalId: Type.Optional(Id) }, STRICT),
  Type.Object(
    {
      ...Base,
      kind: Type.Literal('at_risk'),
      minMrr: Type.Number({ minimum: 0, description: 'major units of the reporting currency' }),
      probability: Type.Optional(
        Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'default 0.5' }),
      ),
      horizonDays: Type.Optional(Type.Integer({ minimum: 1, description: 'default 90' })),
    },
    STRICT,
  ),
]);

/** Rules as listed: every field, webhook secrets masked. */
const RuleSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: StringEnum(['threshold', 'change', 'ratio', 'anomaly', 'goal', 'at_risk']),
    channels: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
  },
  { additionalProperties: true },
);

const EventSchema = Type.Object({
  ruleId: Type.String(),
  ruleName: Type.String(),
  type: StringEnum(['fired', 'recovered']),
  at: Type.String(),
  value: NullableNumber,
  period: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
  suppressed: Type.Optional(Type.Boolean()),
  deliveries: Type.Optional(
    Type.Array(
      Type.Object({
        channel: Type.String(),
        ok: Type.Boolean(),
        error: Type.Optional(Type.String()),
      }),
    ),
  ),
});

function masked(rule: AlertRule): AlertRule {
  if (!rule.channels) return rule;
  return {
    ...rule,
    channels: rule.channels.map((c) => (c.type === 'webhook' ? { ...c, secret: MASK } : c)),
  };
}

/** A masked secret sent back keeps the stored one (same rule id, same URL). */
function unmask(
  channels: readonly NotificationChannel[] | undefined,
  stored: AlertRule | undefined,
): NotificationChannel[] | undefined {
  if (!channels) return undefined;
  return channels.map((c) => {
    if (c.type !== 'webhook' || c.secret !== MASK) return c;
    const before = stored?.channels?.find((s) => s.type === 'webhook' && s.url === c.url);
    if (!before || before.type !== 'webhook')
      throw new ApiError(400, 'bad_request', `webhook ${c.url}: give its secret`);
    return { ...c, secret: before.secret };
  });
}

export function alertRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/alerts/rules',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alert rules (webhook secrets masked)',
        response: withErrors({ 200: Type.Object({ items: Type.Array(RuleSchema) }) }),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const rules = await ctx.gate.run((store) => listRules(store, workspaceId));
      return { items: rules.map(masked) };
    },
  );

  app.post(
    '/alerts/rules',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['alerts'],
        summary:
          'Create or replace an alert rule: threshold, change, ratio, anomaly, goal or at_risk (a high-value customer turning at-risk)',
        body: RuleBody,
        response: withErrors({ 201: RuleSchema }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const body: Static<typeof RuleBody> = request.body;
      const id = body.id ?? randomUUID().slice(0, 8);
      const rule = await ctx.gate.run(async (store) => {
        const stored = (await listRules(store, workspaceId)).find((r) => r.id === id);
        const channels = unmask(body.channels as NotificationChannel[] | undefined, stored);
        const next = { ...body, id, ...(channels ? { channels } : {}) } as AlertRule;
        try {
          await saveRule(store, workspaceId, next);
        } catch (error) {
          throw new ApiError(400, 'bad_request', (error as Error).message);
        }
        return next;
      });
      return reply.code(201).send(masked(rule));
    },
  );

  app.delete(
    '/alerts/rules/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['alerts'],
        summary: 'Delete an alert rule and its state',
        params: Type.Object({ id: Id }),
        response: withErrors({ 204: Type.Null(), 404: Type.Ref('Error') }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const removed = await ctx.gate.run((store) =>
        removeRule(store, workspaceId, request.params.id),
      );
      if (!removed) throw new ApiError(404, 'not_found', `no alert rule "${request.params.id}"`);
      return reply.code(204).send();
    },
  );

  app.get(
    '/alerts/events',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts fired and recovered, newest first',
        querystring: Type.Object({
          since: Type.Optional(Type.String({ format: 'date-time' })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: withErrors({
          200: Type.Object({ items: Type.Array(EventSchema), total: Type.Integer() }),
        }),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const { since, limit } = request.query;
      const events = await ctx.gate.run((store) => listEvents(store, workspaceId, since));
      return { items: events.slice(-limit).reverse(), total: events.length };
    },
  );
}
