import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

/**
 * Newest modification time of the dashboard's sources (web/src, index.html, vite config,
 * and the src/ files the dashboard imports: the overview's query, which the server's cache
 * warm-up shares, and the settings page's lists of definition switches and webhook events).
 */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    const s = statSync(path, { throwIfNoEntry: false });
    if (!s) return;
    if (s.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of [
    'web/src',
    'web/index.html',
    'web/vite.config.ts',
    'src/api/overview.ts',
    'src/model/workspace.ts',
    'src/integrations/outgoing/types.ts',
  ])
    visit(`${ROOT}${p}`);
  return newest;
}

/**
 * Builds the dashboard (`vite build`, as `npm run build:web` does) when web/dist is missing
 * or older than its sources. Returns false when it cannot (no vite installed: a production
 * install without dev dependencies); the server then serves the API alone.
 */
export async function ensureWebBuilt(log: (line: string) => void): Promise<boolean> {
  // A build older than the sources (a checkout that changed web/src) is rebuilt.
  if (existsSync(WEB_INDEX) && statSync(WEB_INDEX).mtimeMs >= newestSource()) return true;
  const vite = `${ROOT}node_modules/vite/bin/vite.js`;
  if (!existsSync(vite)) {
    if (existsSync(WEB_INDEX)) return true; // sources newer, but nothing to rebuild with
    log('The dashboard is not built and vite is not installed: serving the API only.');
    return false;
  }
  // One build at a time across processes (parallel test files each start a server).
  const lock = `${ROOT}web/.build-lock`;
  try {
    mkdirSync(lock);
  } catch {
    const started = Date.now();
    while (existsSync(lock) && Date.now() - started < 120_000)
      await new Promise((r) => setTimeout(r, 250));
    if (existsSync(lock)) rmSync(lock, { recursive: true, force: true }); // a stale lock
    return existsSync(WEB_INDEX);
  }
  log('Building the dashboard (about 20 s)…');
  try {
    await promisify(execFile)(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts'], {
      cwd: ROOT,
      // A production build even when started from a test run (vitest sets NODE_ENV=test).
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 16 * 2 ** 20,
    });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    log(`The dashboard build failed (serving the API only):\n${e.stderr || e.message}`);
    return false;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return existsSync(WEB_INDEX);
}
