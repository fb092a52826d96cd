import { API_KEY_ROLES, isPasswordRecord, newApiKey } from '../../auth/keys.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { StringEnum, Type } from '../typebox.ts';

const KeySchema = Type.Object({
  key_id: Type.String(),
  role: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});

export function metaRoutes(app: Api, ctx: ApiContext, version: string): void {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['meta'],
        summary: 'Liveness (no authentication)',
        response: { 200: Type.Object({ status: Type.Literal('ok'), version: Type.String() }) },
      },
    },
    async () => ({ status: 'ok' as const, version }),
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['meta'],
        summary: 'The caller and its workspace settings (currency, time zone) and row counts',
        response: withErrors({
          200: Type.Object({
            workspace: Type.String(),
            role: Type.String(),
            key_id: Type.Union([Type.String(), Type.Null()]),
            settings: Type.Object({
              currency: Type.String(),
              time_zone: Type.String(),
              churn_timing: Type.String(),
              mrr_source: Type.String(),
              delinquency_days: Type.Union([Type.Integer(), Type.Null()]),
              demo: Type.Boolean(),
            }),
            rows: Type.Record(Type.String(), Type.Integer()),
          }),
        }),
      },
    },
    async (request) => {
      const who = principalOf(request);
      const { settings, rows } = await ctx.gate.run(async (store) => ({
        settings: await store.workspace(who.workspaceId),
        rows: await store.counts(who.workspaceId),
      }));
      return {
        workspace: who.workspaceId,
        role: who.role,
        key_id: who.keyId,
        settings: {
          currency: settings.currency,
          time_zone: settings.timeZone,
          churn_timing: settings.churnTiming,
          mrr_source: settings.mrrSource,
          delinquency_days: settings.delinquencyDays,
          demo: settings.demo ?? false,
        },
        rows,
      };
    },
  );

  app.get(
    '/keys',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['keys'],
        summary: "The workspace's API keys (never their secrets)",
        response: withErrors({ 200: Type.Object({ items: Type.Array(KeySchema) }) }),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const keys = await ctx.gate.run((store) => store.listApiKeys(workspaceId));
      return {
        items: keys
          .filter((k) => !isPasswordRecord(k))
          .map((k) => ({ key_id: k.keyId, role: k.role, label: k.label, created_at: k.createdAt })),
      };
    },
  );

  app.post(
    '/keys',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Create an API key; the response is the only time its secret is shown',
        body: Type.Object(
          {
            role: StringEnum(API_KEY_ROLES),
            label: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: withErrors({
          201: Type.Composite([KeySchema, Type.Object({ key: Type.String() })]),
        }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const created = await newApiKey({
        workspaceId,
        role: request.body.role,
        label: request.body.label ?? null,
      });
      await ctx.gate.run((store) => store.createApiKey(created.record));
      const { record } = created;
      return reply.code(201).send({
        key_id: record.keyId,
        role: record.role,
        label: record.label,
        created_at: record.createdAt,
        key: created.token,
      });
    },
  );

  app.delete(
    '/keys/:keyId',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Revoke an API key',
        params: Type.Object({ keyId: Type.String({ pattern: '^[0-9a-f]{16}$' }) }),
        response: withErrors({ 204: Type.Null(), 404: Type.Ref('Error') }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const removed = await ctx.gate.run((store) =>
        store.deleteApiKey(workspaceId, request.params.keyId),
      );
      if (!removed) throw new ApiError(404, 'not_found', `no key "${request.params.keyId}"`);
      return reply.code(204).send();
    },
  );
}
