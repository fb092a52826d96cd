import {
  addSubscription,
  listSubscriptions,
  publicSubscription,
  removeSubscription,
  testDelivery,
  WEBHOOK_EVENTS,
  WebhookError,
  type WebhookSubscription,
} from '../../integrations/outgoing/index.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { StringEnum, Type } from '../typebox.ts';

const SubscriptionId = Type.String({ pattern: '^wh_[0-9a-f]{16}$' });

const SubscriptionSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  secret: Type.String({ description: 'its first four characters only' }),
  description: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});

function subscriptionOf(ctx: ApiContext, workspaceId: string, id: string) {
  return ctx.gate.run(async (store) => {
    const found = (await listSubscriptions(store, workspaceId)).find((s) => s.id === id);
    if (!found) throw new ApiError(404, 'not_found', `no webhook subscription "${id}"`);
    return found;
  });
}

/** Outgoing webhooks (the same subscriptions as `northstar webhooks`); admins only. */
export function webhookRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/webhooks',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Outgoing webhook subscriptions (secrets are not shown)',
        response: withErrors({ 200: Type.Object({ items: Type.Array(SubscriptionSchema) }) }),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const list = await ctx.gate.run((store) => listSubscriptions(store, workspaceId));
      return { items: list.map(publicSubscription) };
    },
  );

  app.post(
    '/webhooks',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary:
          'Subscribe a URL to events; the response is the only time the signing secret is shown',
        body: Type.Object(
          {
            url: Type.String({ format: 'uri', maxLength: 2000 }),
            events: Type.Array(StringEnum(WEBHOOK_EVENTS), { minItems: 1, uniqueItems: true }),
            secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
            description: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: withErrors({ 201: SubscriptionSchema }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      let created: WebhookSubscription;
      try {
        created = await ctx.gate.run((store) => addSubscription(store, workspaceId, request.body));
      } catch (error) {
        if (error instanceof WebhookError) throw new ApiError(400, 'bad_request', error.message);
        throw error;
      }
      return reply.code(201).send({ ...created, events: [...created.events] });
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook subscription',
        params: Type.Object({ id: SubscriptionId }),
        response: withErrors({ 204: Type.Null(), 404: Type.Ref('Error') }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const removed = await ctx.gate.run((store) =>
        removeSubscription(store, workspaceId, request.params.id),
      );
      if (!removed)
        throw new ApiError(404, 'not_found', `no webhook subscription "${request.params.id}"`);
      return reply.code(204).send();
    },
  );

  app.post(
    '/webhooks/:id/test',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary:
          'Send one signed `webhook.test` event to the subscription now and say what came back (not retried, not logged)',
        params: Type.Object({ id: SubscriptionId }),
        response: withErrors({
          200: Type.Object({
            ok: Type.Boolean(),
            status_code: Type.Union([Type.Integer(), Type.Null()]),
            error: Type.Union([Type.String(), Type.Null()]),
          }),
          404: Type.Ref('Error'),
        }),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const subscription = await subscriptionOf(ctx, workspaceId, request.params.id);
      return testDelivery(workspaceId, subscription);
    },
  );
}
