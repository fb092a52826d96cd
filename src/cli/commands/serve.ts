import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { passwordKeyId } from '../../auth/keys.ts';
import { buildServer, DEFAULT_WEB_ROOT } from '../../api/server.ts';
import { createFileStoreGate, createSharedStoreGate } from '../../api/store-gate.ts';
import { ensureWebBuilt } from '../../api/web-build.ts';
import { DEFAULT_DB_PATH, openSharedStore, openStore } from '../../store/open.ts';
import { CliError, type GlobalOptions } from '../context.ts';
import { EXIT } from '../failure.ts';

export interface ServeOptions {
  port: string;
  host: string;
  /** false with --no-web: the API only. */
  web?: boolean;
  /** Stripe webhook endpoint secret (else STRIPE_WEBHOOK_SECRET). */
  stripeWebhookSecret?: string;
  /** Requests per client and minute; 0 turns the limit off. */
  rateLimit: string;
}

export function addServeOptions(command: Command): Command {
  return command
    .option('--port <port>', 'TCP port (0 picks a free one)', '3000')
    .option('--host <host>', 'address to bind (0.0.0.0 exposes it to the network)', '127.0.0.1')
    .option('--no-web', 'serve the API only, not the dashboard')
    .option(
      '--stripe-webhook-secret <secret>',
      'endpoint secret of POST /api/v1/webhooks/stripe (default: STRIPE_WEBHOOK_SECRET)',
    )
    .option(
      '--rate-limit <n>',
      'requests per client and minute (0: no limit; password sign-in stays at 10)',
      '600',
    );
}

/**
 * Serves the API and the dashboard until SIGINT/SIGTERM. The database is opened per
 * request and closed after it (see src/api/store-gate.ts), so the CLI keeps working on
 * the same file while the server runs.
 */
export async function startServer(global: GlobalOptions, options: ServeOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CliError('--port must be a whole number from 0 to 65535');
  const rateLimit = Number(options.rateLimit ?? '600');
  if (!Number.isInteger(rateLimit) || rateLimit < 0)
    throw new CliError('--rate-limit must be a whole number (0: no limit)');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Same precedence as openStore: --database-url, --db, DATABASE_URL, NORTHSTAR_DB.
  const databaseUrl =
    global.databaseUrl ?? (global.db === undefined ? process.env.DATABASE_URL : undefined);
  const dbPath = databaseUrl
    ? null
    : resolve(global.db ?? process.env.NORTHSTAR_DB ?? DEFAULT_DB_PATH);
  const source = databaseUrl ? 'PostgreSQL' : dbPath!;
  // PostgreSQL: one pool for the process, migrated once, shared by concurrent requests.
  // DuckDB: the file opened per operation, so the CLI can use it meanwhile.
  const gate = databaseUrl
    ? createSharedStoreGate({ open: () => openSharedStore(databaseUrl) })
    : createFileStoreGate({ path: dbPath, open: () => openStore({ db: dbPath! }) });
  const passwordSet = await gate.run(async (store) => {
    await store.workspace(global.workspace);
    return (await store.findApiKey(passwordKeyId(global.workspace))) !== null;
  });
  const hasWeb = options.web !== false && (await ensureWebBuilt(log));
  const setupCode = passwordSet ? null : randomBytes(9).toString('base64url');
  const app = await buildServer({
    gate,
    workspaceId: global.workspace,
    setupCode,
    webRoot: hasWeb ? DEFAULT_WEB_ROOT : null,
    logger: process.env.NORTHSTAR_LOG === '1',
    rateLimitPerMinute: rateLimit === 0 ? false : rateLimit,
    stripeWebhookSecret: options.stripeWebhookSecret ?? (process.env.STRIPE_WEBHOOK_SECRET || null),
    dbPath,
    keepMrrResults: true,
    warmUpQuietMs: 2000,
    // Answers on worker threads (src/api/compute-pool.ts); NORTHSTAR_COMPUTE_WORKERS=0
    // computes them in the request thread instead (a diagnosis aid).
    computeWorkers:
      process.env.NORTHSTAR_COMPUTE_WORKERS === '0'
        ? null
        : {
            source: databaseUrl
              ? { kind: 'postgres', url: databaseUrl }
              : { kind: 'duckdb', path: dbPath! },
          },
  });
  // Every 5 minutes: scheduled digests that fell due and alert rules (the served workspace).
  const stopTimer = app.background.startTimer(() => [global.workspace]);
  app.addHook('onClose', async () => {
    stopTimer();
    await gate.close();
  });
  try {
    await app.listen({ port, host: options.host });
  } catch (error) {
    await app.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE')
      throw new CliError(
        `port ${port} on ${options.host} is already in use (another server is running there).\nStop it, or choose another port: --port 3001 (0 picks a free one).`,
        EXIT.unavailable,
      );
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES')
      throw new CliError(
        `cannot listen on ${options.host}:${port} (${code === 'EACCES' ? 'permission denied' : 'no such address on this machine'}).\nChoose another --host, or a --port above 1023.`,
        EXIT.unavailable,
      );
    throw error;
  }
  // Compute the dashboard's first-load answers now rather than on the first visit; an
  // API-only server (--no-web) has no such visit and starts idle.
  if (hasWeb) app.warmUp.schedule(global.workspace);
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost =
    options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${actualPort}`;
  // One write: whoever reads the first line (a test, a wrapper script) also gets the setup link.
  const firstRun = setupCode
    ? `First run: open ${url}/#setup=${setupCode} to choose the admin password (or sign in with a key from \`northstar keys create\`).\n`
    : '';
  process.stdout.write(
    `Northstar is serving ${url}/ (API ${url}/api/v1, docs ${url}/api/v1/docs) from ${source}, workspace "${global.workspace}".\n` +
      `${firstRun}Press Ctrl+C to stop.\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => {
      void app.close().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerServeCommand(program: Command, global: () => GlobalOptions): void {
  addServeOptions(
    program
      .command('serve')
      .description('serve the HTTP API and the web dashboard from the database'),
  ).action((options: ServeOptions) => startServer(global(), options));
}
