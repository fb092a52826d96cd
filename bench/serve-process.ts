/**
 * `northstar serve` as its own process on a prepared database, with an admin key, for the
 * HTTP benchmarks (the load is measured from outside the server, as a client sees it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { newApiKey } from '../src/auth/keys.ts';
import { openStore } from '../src/store/open.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServedDatabase {
  url: string;
  /** Admin API key created for the run. */
  key: string;
  /** Stops the server and removes `dir`. */
  stop(): Promise<void>;
}

/**
 * Serves `db` (a DuckDB file in `dir`), or with `databaseUrl` that PostgreSQL database
 * (`db` unused), from a `northstar serve` process of its own.
 */
export async function serveDatabase(
  dir: string,
  db: string,
  workspace: string,
  options: { web: boolean; databaseUrl?: string },
): Promise<ServedDatabase> {
  const target = options.databaseUrl ? { databaseUrl: options.databaseUrl } : { db };
  const store = await openStore(target);
  const admin = await newApiKey({ workspaceId: workspace, role: 'admin', label: 'bench' });
  try {
    await store.workspace(workspace);
    await store.createApiKey(admin.record);
  } finally {
    await store.close();
  }
  const args = [
    ...(options.databaseUrl ? ['--database-url', options.databaseUrl] : ['--db', db]),
    ...['--workspace', workspace, 'serve', '--port', '0', '--rate-limit', '0'],
  ];
  if (!options.web) args.push('--no-web');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NORTHSTAR_LOG: '0' } },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /serving (http:\/\/[^\s/]+)\//.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return {
    url,
    key: admin.token,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
