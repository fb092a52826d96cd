import { randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { DataError } from '../model/errors.ts';
import { passwordKeyId } from '../auth/keys.ts';
import { Authenticator } from './auth.ts';
import type { Api, ApiContext } from './context.ts';
import { ApiError, errorBody } from './errors.ts';
import { QueryError, queryApiError } from './metrics-source.ts';
import { ErrorSchema, ImportIssueSchema } from './schemas.ts';
import { refuseInfiniteNumbers } from './finite-query.ts';
import { limitRangeQuery } from './range-limit.ts';
import { securityHeaders } from './security-headers.ts';
import { validationMessage } from './validation-message.ts';
import type { StoreGate } from './store-gate.ts';
import type { TypeBoxProvider } from './typebox.ts';
import { BackgroundJobs } from './background.ts';
import { answerVersion, createComputeCache, type CacheStats } from './compute-cache.ts';
import { ComputePool, type ComputePoolOptions } from './compute-pool.ts';
import { runComputation } from './computations.ts';
import { CacheWarmer, watchVersion } from './warm-up.ts';
import { overviewMetricIds } from './overview.ts';
import { alertRoutes } from './routes/alerts.ts';
import { benchmarksOf, catalogRoutes, segmentsOf } from './routes/catalog.ts';
import { exportRoutes } from './routes/export.ts';
import { forecastRoutes } from './routes/forecast.ts';
import { goalRoutes } from './routes/goals.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { insightOf, insightRoutes } from './routes/insights.ts';
import { contributorRoutes } from './routes/contributors.ts';
import { customerRoutes } from './routes/customers.ts';
import { importRoutes } from './routes/imports.ts';
import { metaRoutes } from './routes/meta.ts';
import { metricRoutes, metricsBody } from './routes/metrics.ts';
import { scenarioRoutes } from './routes/scenario.ts';
import { sessionRoutes } from './routes/session.ts';
import { settingsRoutes } from './routes/settings.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export const API_PREFIX = '/api/v1';
/**
 * Fastify's Ajv defaults, except that a field a body schema does not know is refused
 * (400 naming it) rather than silently dropped: a typo such as `new-growth` must not
 * quietly compute something else. Tagged unions (typebox.ts) validate by their tag.
 */
const AJV_OPTIONS = { removeAdditional: false, discriminator: true } as const;
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
  /** Log every request (info level). Off, only unexpected errors are logged. */
  readonly logger?: boolean;
  /** Where the log goes (default: stdout with `logger`, stderr without). */
  readonly logStream?: NodeJS.WritableStream;
  /** Stripe webhook endpoint secret (default: STRIPE_WEBHOOK_SECRET); unset: the webhook answers 400. */
  readonly stripeWebhookSecret?: string | null;
  /** The database file (Stripe ledger and state are kept beside it); null for PostgreSQL. */
  readonly dbPath?: string | null;
  /** Wait after the last write before warming the dashboard's answers (ms, default 250). */
  readonly warmUpDelayMs?: number;
  /**
   * After the overview, how long the warm-up waits for quiet before its longer steps
   * (insights, the full metric list…: seconds each for a million customers, holding the
   * database file), so a burst of webhooks gets fresh overviews first. Default 0.
   */
  readonly warmUpQuietMs?: number;
  /** How often to look whether the database file changed (a CLI import), ms; 0: never. Default 2000. */
  readonly watchDataMs?: number;
  /**
   * Compute the answers on worker threads reading this source (compute-pool.ts); null
   * (the default): in the request thread, through `gate`.
   */
  readonly computeWorkers?: Omit<ComputePoolOptions, 'gate'> | null;
  /** The clock of the key directory's refresh window (tests; default Date.now). */
  readonly keyDirectoryClock?: () => number;
  /**
   * The warm-up starts keeping stored MRR results for a workspace that keeps none (as
   * `northstar recompute` does), so a later write recomputes only the customers it touched.
   * Default false: the library's server leaves the store as it found it.
   */
  readonly keepMrrResults?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Alert evaluations and scheduled work of this server. */
    background: BackgroundJobs;
    /** Recomputes the dashboard's default answers after the data changed (warm-up.ts). */
    warmUp: CacheWarmer;
    /** Compute-cache counters (hits, shared, misses) since start. */
    cacheStats: () => CacheStats;
  }
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Without `logger` the log still carries every unexpected error (with its stack and
    // request id, which the 500 answer repeats), on stderr.
    logger: {
      level: options.logger ? 'info' : 'error',
      stream: options.logStream ?? (options.logger ? process.stdout : process.stderr),
      // Never log credentials: requests are logged as method and path only.
      serializers: {
        req: (req: { method: string; url: string }) => ({
          method: req.method,
          url: req.url.split('?')[0],
        }),
      },
    },
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: AJV_OPTIONS },
  }).withTypeProvider<TypeBoxProvider>();

  const auth = new Authenticator(options.gate, options.keyDirectoryClock);
  const cache = createComputeCache(options.gate);
  const pool = options.computeWorkers
    ? new ComputePool({ ...options.computeWorkers, gate: options.gate })
    : null;
  const compute: ApiContext['compute'] = (name, args) =>
    pool ? pool.run(name, args) : options.gate.run((store) => runComputation(store, name, args));
  const background = new BackgroundJobs(options.gate, compute, {
    // Without a logger, warnings still reach the operator on stderr.
    warn: (message) =>
      options.logger ? app.log.warn(message) : process.stderr.write(`northstar: ${message}\n`),
  });
  app.decorate('background', background);
  app.addHook('onClose', () => background.idle());
  // Workspaces known to keep stored results: once kept they stay kept (a write marks them),
  // so the warm-up does not read them back on every pass just to find out.
  const keeping = options.keepMrrResults === true ? new Set<string>() : null;
  const warmUp = new CacheWarmer(
    // The warm-up waits for the fresh answers (a request would take the stale ones).
    (workspaceId, stale) =>
      warmDashboard({ ...ctx, cache: cache.fresh() }, workspaceId, stale, {
        keeping,
        quietMs: options.warmUpQuietMs ?? 0,
      }),
    {
      warn: (message) =>
        options.logger ? app.log.warn(message) : process.stderr.write(`northstar: ${message}\n`),
    },
    options.warmUpDelayMs ?? 250,
  );
  app.decorate('warmUp', warmUp);
  // A write on its way stops the warm-up's later steps (each holds the database a while).
  options.gate.onDataWrite?.(() => warmUp.interrupt());
  app.decorate('cacheStats', () => cache.stats());
  app.addHook('onClose', () => warmUp.close());
  // After the warm-up: a pass in flight finishes its step first.
  if (pool) app.addHook('onClose', () => pool.close());
  const watchMs = options.watchDataMs ?? 2000;
  if (watchMs > 0) {
    // A write by another process (a CLI import) changes the file, and a new quarter-hour
    // moves "today" (at midnight, to a day the stored results do not reach yet): either way
    // warm the served workspace now rather than on the next visitor's request.
    const stopWatching = watchVersion(
      async () => answerVersion(await options.gate.version(), Date.now()),
      () => warmUp.schedule(options.workspaceId),
      watchMs,
    );
    app.addHook('onClose', async () => stopWatching());
  }
  const ctx: ApiContext = {
    gate: options.gate,
    auth,
    workspaceId: options.workspaceId,
    setupCode: options.setupCode ?? null,
    cache,
    compute,
    stripeWebhookSecret:
      options.stripeWebhookSecret === undefined
        ? process.env.STRIPE_WEBHOOK_SECRET || null
        : options.stripeWebhookSecret,
    dbPath: options.dbPath ?? null,
    afterWrite: (workspaceId) => {
      background.afterWrite(workspaceId);
      warmUp.schedule(workspaceId);
    },
    dataChanged: (workspaceId) => warmUp.schedule(workspaceId),
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
    // Public routes need no credential: no security requirement in the document.
    transform: ({ schema, url, route }) => ({
      schema:
        route.config?.access === 'public' && schema !== undefined
          ? { ...schema, security: [] }
          : schema,
      url,
    }),
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: `${API_PREFIX}/docs`,
    // No badge fetched from validator.swagger.io: the page talks to this server only.
    uiConfig: { validatorUrl: null },
  });
  // Always registered: routes with their own limit (password sign-in) keep it even when the
  // global limit is off (`serve --rate-limit 0`). The limit guards the API: the dashboard's
  // own files are not counted, or someone clicking through its pages (each load fetches the
  // page and its scripts again) ran out of requests within a minute.
  await app.register(rateLimit, {
    global: options.rateLimitPerMinute !== false,
    max: options.rateLimitPerMinute || 600,
    timeWindow: '1 minute',
    allowList: (request) => !request.url.startsWith(`${API_PREFIX}/`),
  });
  app.addHook('onSend', async (request, reply) => securityHeaders(request.url, reply));
  app.addHook('preValidation', refuseInfiniteNumbers);
  app.addHook('preHandler', limitRangeQuery);
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
      contributorRoutes(api, ctx);
      importRoutes(api, ctx);
      catalogRoutes(api, ctx);
      exportRoutes(api, ctx);
      insightRoutes(api, ctx);
      goalRoutes(api, ctx);
      alertRoutes(api, ctx);
      forecastRoutes(api, ctx);
      scenarioRoutes(api, ctx);
      ingestRoutes(api, ctx);
      settingsRoutes(api, ctx);
      webhookRoutes(api, ctx);
    },
    { prefix: API_PREFIX },
  );

  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  const hasWeb = webRoot !== null && existsSync(`${webRoot}/index.html`);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    if (hasWeb && request.method === 'GET' && !path.startsWith('/api/') && !/\.\w+$/.test(path))
      return reply.type('text/html').sendFile('index.html'); // the dashboard's own routes
    return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${path}`));
  });
  return app;
}

/**
 * One warm-up pass: what a dashboard's first load asks for, most expensive and most
 * visible first (the overview's KPI cards and movements chart), each step skipped once a
 * newer write makes the pass stale. A step that fails for the data (no complete month
 * yet) is what the request would answer too: skipped quietly.
 */
async function warmDashboard(
  ctx: ApiContext,
  workspaceId: string,
  stale: () => boolean,
  { keeping, quietMs }: { keeping: Set<string> | null; quietMs: number },
): Promise<void> {
  const defaults = { workspaceId, interval: 'month', mode: 'event' } as const;
  const steps: (() => Promise<unknown>)[] = [
    // First the records every request reads (its key, the workspace, row counts for /me):
    // memoized by the gate, so requests that come while the long steps below hold the
    // database do not queue behind them just to authenticate.
    () =>
      ctx.gate.run(async (store) => {
        await store.workspace(workspaceId);
        await store.counts(workspaceId);
        await store.findApiKey(passwordKeyId(workspaceId));
        for (const keyId of ctx.auth.recentKeyIds()) await store.findApiKey(keyId);
      }),
    // Once per workspace: the results every later write only adjusts (one full recompute).
    async () => {
      if (!keeping || keeping.has(workspaceId)) return;
      if ((await ctx.compute('keepResults', { workspaceId })) !== 'no data')
        keeping.add(workspaceId);
    },
    // As the dashboard asks: complete months compared (month-to-date comes on request).
    () => metricsBody(ctx, { ...defaults, metrics: overviewMetricIds(), compare: 'complete' }),
    // A write that comes meanwhile stops the pass here: its own pass warms the overview first.
    () => quiet(quietMs, stale),
    () => benchmarksOf(ctx, workspaceId),
    () => insightOf(ctx, workspaceId, { metric: 'mrr', top: 5 }),
    () => segmentsOf(ctx, workspaceId),
    () => metricsBody(ctx, { ...defaults, metrics: [], compare: false }),
  ];
  for (const step of steps) {
    if (stale()) return;
    try {
      await step();
    } catch (error) {
      if (!(error instanceof ApiError || error instanceof DataError)) throw error;
    }
  }
}

/** Waits `ms`, or less once `stale()` turns true (looked at every 100 ms). */
async function quiet(ms: number, stale: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end && !stale())
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, end - Date.now())));
}

function errorHandler(
  this: FastifyInstance,
  error: FastifyError | ApiError | Error,
  request: FastifyRequest,
  reply: import('fastify').FastifyReply,
) {
  if (error instanceof QueryError) error = queryApiError(error);
  if (error instanceof ApiError)
    return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.extra));
  if (error instanceof DataError)
    return reply.code(422).send(errorBody('data_error', error.message));
  const e = error as FastifyError;
  if (e.validation)
    return reply
      .code(400)
      .send(
        errorBody(
          'validation_failed',
          validationMessage(e.validationContext ?? 'request', e.validation),
        ),
      );
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
  return reply.code(500).send(
    errorBody('internal', `internal error; see the server log (request ${request.id})`, {
      request_id: request.id,
    }),
  );
}
