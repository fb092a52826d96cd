import {
  MIN_PASSWORD_LENGTH,
  passwordKeyId,
  passwordRecord,
  verifySecret,
} from '../../auth/keys.ts';
import type { Api, ApiContext } from '../context.ts';
import { bearerToken, principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { Type } from '../typebox.ts';
import { timingSafeEqual } from 'node:crypto';

const SessionSchema = Type.Object({
  token: Type.String({ description: 'send as "Authorization: Bearer <token>"' }),
  role: Type.String(),
  workspace: Type.String(),
  expires_at: Type.String(),
});

/** Sign-in attempts allowed per client and minute (on top of the global limit). */
const SIGN_IN_RATE = { max: 10, timeWindow: '1 minute' };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function sessionRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/auth/status',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Whether the local admin password is set (first run: it is not)',
        response: withErrors({
          200: Type.Object({
            password_set: Type.Boolean(),
            workspace: Type.String(),
            setup_open: Type.Boolean({ description: 'first-run setup accepts a setup code' }),
          }),
        }),
      },
    },
    async () => {
      const record = await ctx.gate.run((s) => s.findApiKey(passwordKeyId(ctx.workspaceId)));
      return {
        password_set: record !== null,
        workspace: ctx.workspaceId,
        setup_open: record === null && ctx.setupCode !== null,
      };
    },
  );

  app.post(
    '/auth/setup',
    {
      config: { access: 'public', rateLimit: SIGN_IN_RATE },
      schema: {
        tags: ['auth'],
        summary: 'First run: set the local admin password with the setup code `serve` printed',
        body: Type.Object(
          {
            setup_code: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: withErrors({ 200: SessionSchema, 409: Type.Ref('Error') }),
      },
    },
    async (request) => {
      const { setup_code: code, password } = request.body;
      const keyId = passwordKeyId(ctx.workspaceId);
      if (ctx.setupCode === null || !sameText(code, ctx.setupCode))
        throw new ApiError(
          403,
          'forbidden',
          'the setup code is not the one `northstar serve` printed',
        );
      const record = await passwordRecord(ctx.workspaceId, password);
      await ctx.gate.run(async (store) => {
        if (await store.findApiKey(keyId))
          throw new ApiError(409, 'conflict', 'the admin password is already set');
        await store.createApiKey(record);
      });
      return sessionBody(ctx, { workspaceId: ctx.workspaceId, role: 'admin', keyId: null });
    },
  );

  app.post(
    '/auth/sessions',
    {
      config: { access: 'public', rateLimit: SIGN_IN_RATE },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with the local admin password; returns a session token (12 h)',
        body: Type.Object(
          { password: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: withErrors({ 200: SessionSchema }),
      },
    },
    async (request) => {
      const record = await ctx.gate.run((s) => s.findApiKey(passwordKeyId(ctx.workspaceId)));
      if (!record || !(await verifySecret(request.body.password, record.secretHash)))
        throw new ApiError(401, 'unauthorized', 'wrong password');
      return sessionBody(ctx, { workspaceId: ctx.workspaceId, role: 'admin', keyId: null });
    },
  );

  app.delete(
    '/auth/sessions/current',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out (ends a password session; API keys stay valid)',
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      principalOf(request);
      ctx.auth.endSession(bearerToken(request.headers.authorization) ?? '');
      return reply.code(204).send();
    },
  );
}

function sessionBody(
  ctx: ApiContext,
  principal: Parameters<ApiContext['auth']['createSession']>[0],
) {
  const session = ctx.auth.createSession(principal);
  return {
    token: session.token,
    role: session.principal.role,
    workspace: session.principal.workspaceId,
    expires_at: session.expiresAt,
  };
}
