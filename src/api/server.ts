import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { DataError } from '../model/errors.ts';
import { Authenticator } from './auth.ts';
import type { Api, ApiContext } from './context.ts';
import { ApiError, errorBody } from './errors.ts';
import { ErrorSchema, ImportIssueSchema } from './schemas.ts';
import type { StoreGate } from './store-gate.ts';
import type { TypeBoxProvider } from './typebox.ts';
import { BackgroundJobs } from './background.ts';
import { createComputeCache } from './compute-cache.ts';
import { alertRoutes } from './routes/alerts.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { exportRoutes } from './routes/export.ts';
import { forecastRoutes } from './routes/forecast.ts';
import { goalRoutes } from './routes/goals.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { insightRoutes } from './routes/insights.ts';
import { customerRoutes } from './routes/customers.ts';
import { importRoutes } from './routes/imports.ts';
import { metaRoutes } from './routes/meta.ts';
import { metricRoutes } from './routes/metrics.ts';
import { sessionRoutes } from './routes/session.ts';

export const API_PREFIX = '/api/v1';
/** The built dashboard (`npm run build:web`). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface ServerOptions {
  readonly gate: StoreGate;
  /** The workspace the local admin password belongs to. */
  readonly workspaceId: string;
  /** One-time code allowing the first-run password setup; null disables setup. */
  readonly setupCode?: string | null;
  /** Folder of the built dashboard; null serves the API only. */
  readonly webRoot?: string | null;
  /** Requests per client and minute (false: off, for tests that hammer). */
  readonly rateLimitPerMinute?: number | false;
  /** Largest upload accepted, bytes. */
  readonly maxUploadBytes?: number;
  readonly logger?: boolean;
  /** Where the log goes when `logger` is on (default stdout). */
  readonly logStream?: NodeJS.WritableStream;
  /** Stripe webhook endpoint secret (default: STRIPE_WEBHOOK_SECRET); unset: the webhook answers 400. */
  readonly stripeWebhookSecret?: string | null;
  /** The database file (Stripe ledger and state are kept beside it); null for PostgreSQL. */
  readonly dbPath?: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Alert evaluations and scheduled work of this server. */
    background: BackgroundJobs;
  }
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger
      ? {
          level: 'info',
          ...(options.logStream ? { stream: options.logStream } : {}),
          // Never log credentials: requests are logged as method and path only.
          serializers: {
            req: (req: { method: string; url: string }) => ({
              method: req.method,
              url: req.url.split('?')[0],
            }),
          },
        }
      : false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxProvider>();

  const auth = new Authenticator(options.gate);
  const background = new BackgroundJobs(options.gate, {
    // Without a logger, warnings still reach the operator on stderr.
    warn: (message) =>
      options.logger ? app.log.warn(message) : process.stderr.write(`northstar: ${message}\n`),
  });
  app.decorate('background', background);
  app.addHook('onClose', () => background.idle());
  const ctx: ApiContext = {
    gate: options.gate,
    auth,
    workspaceId: options.workspaceId,
    setupCode: options.setupCode ?? null,
    cache: createComputeCache(options.gate),
    stripeWebhookSecret:
      options.stripeWebhookSecret === undefined
        ? process.env.STRIPE_WEBHOOK_SECRET || null
        : options.stripeWebhookSecret,
    dbPath: options.dbPath ?? null,
    afterWrite: (workspaceId) => background.afterWrite(workspaceId),
  };

  app.addSchema(ImportIssueSchema);
  app.addSchema(ErrorSchema);
  app.setErrorHandler(errorHandler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Northstar API',
        version: VERSION,
        description:
          'SaaS metrics computed from your own data. Money is in major units of the workspace currency; rates are fractions (0.1 = 10%); an undefined ratio is null. Errors are `{ "error": { "code", "message" } }` with stable codes.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API key or a session token' },
        },
      },
      security: [{ bearer: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: `${API_PREFIX}/docs` });
  if (options.rateLimitPerMinute !== false) {
    await app.register(rateLimit, {
      global: true,
      max: options.rateLimitPerMinute ?? 600,
      timeWindow: '1 minute',
    });
  }
  await app.register(multipart, {
    limits: { fileSize: options.maxUploadBytes ?? 256 * 1024 * 1024, files: 1, fields: 10 },
  });

  await app.register(
    async (api: Api) => {
      api.addHook('onRequest', auth.hook);
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      metaRoutes(api, ctx, VERSION);
      sessionRoutes(api, ctx);
      metricRoutes(api, ctx);
      customerRoutes(api, ctx);
      importRoutes(api, ctx);
      catalogRoutes(api, ctx);
      exportRoutes(api, ctx);
      insightRoutes(api, ctx);
      goalRoutes(api, ctx);
      alertRoutes(api, ctx);
      forecastRoutes(api, ctx);
      ingestRoutes(api, ctx);
    },
    { prefix: API_PREFIX },
  );

  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  const hasWeb = webRoot !== null && existsSync(`${webRoot}/index.html`);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, index: ['index.html'] });
    app.addHook('onSend', async (request, reply) => {
      if (!request.url.startsWith(API_PREFIX)) {
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
        reply.header('x-frame-options', 'DENY');
      }
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    if (hasWeb && request.method === 'GET' && !path.startsWith('/api/') && !/\.\w+$/.test(path))
      return reply.type('text/html').sendFile('index.html'); // the dashboard's own routes
    return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${path}`));
  });
  return app;
}

function errorHandler(
  this: FastifyInstance,
  error: FastifyError | ApiError | Error,
  request: FastifyRequest,
  reply: import('fastify').FastifyReply,
) {
  if (error instanceof ApiError)
    return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.extra));
  if (error instanceof DataError)
    return reply.code(422).send(errorBody('data_error', error.message));
  const e = error as FastifyError;
  if (e.validation) {
    const where = e.validationContext ?? 'request';
    const details = e.validation.map((v) => {
      const allowed = (v.params as { allowedValues?: unknown[] }).allowedValues;
      const field = `${where}${v.instancePath.replace(/\//g, '.')}`;
      return `${field} ${v.message ?? 'is invalid'}${allowed ? ` (${allowed.join(', ')})` : ''}`;
    });
    return reply.code(400).send(errorBody('validation_failed', details.join('; ')));
  }
  if (e.statusCode === 429)
    return reply
      .code(429)
      .send(errorBody('rate_limited', 'too many requests; slow down and retry'));
  switch (e.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return reply.code(413).send(errorBody('payload_too_large', e.message));
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply.code(415).send(errorBody('unsupported_media_type', e.message));
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)
    return reply.code(e.statusCode).send(errorBody('bad_request', e.message));
  request.log.error({ err: error }, 'internal error');
  return reply.code(500).send(errorBody('internal', 'internal error; see the server log'));
}
