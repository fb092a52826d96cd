/**
 * The set-up every browser suite shares: a demo workspace in a throwaway database, a real
 * `northstar serve` on it and Chromium, started before the suite's tests and stopped after
 * them; plus an API client that signs with the fixture's admin key.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { demoFixture, type DemoFixture } from '../fixtures/api/test-fixture.ts';
import { hasChromium, launchChromium } from './browser.ts';
import { startServe, type RunningServer } from './serve.ts';

export interface ServedDemo {
  readonly fx: DemoFixture;
  readonly server: RunningServer;
  readonly browser: Browser;
  /** GETs `/api/v1${path}` as the admin and expects a 200. */
  api<T>(path: string): Promise<T>;
  /** The raw response of `/api/v1${path}` as the admin (downloads, error statuses). */
  fetch(path: string): Promise<Response>;
}

/**
 * Registers the suite's `beforeAll`/`afterAll` and returns the demo they start (its fields
 * are set once `beforeAll` has run). Without Chromium nothing starts: the suites skip.
 */
export function servedDemo(customers: number): ServedDemo {
  const state: { fx?: DemoFixture; server?: RunningServer; browser?: Browser } = {};
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started (no Chromium?)`);
    return value;
  };
  const demo: ServedDemo = {
    get fx() {
      return need(state.fx, 'the demo fixture');
    },
    get server() {
      return need(state.server, 'the server');
    },
    get browser() {
      return need(state.browser, 'the browser');
    },
    fetch(path) {
      return fetch(`${demo.server.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${demo.fx.adminKey}` },
      });
    },
    async api<T>(path: string): Promise<T> {
      const res = await demo.fetch(path);
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    },
  };
  beforeAll(async () => {
    if (!hasChromium) return;
    state.fx = await demoFixture({ customers });
    state.server = await startServe(state.fx.db); // builds web/dist when older than web/src
    state.browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.stop();
    state.fx?.cleanup();
  });
  return demo;
}
