/**
 * `npm run screenshot`: fresh screenshots of every page of the demo dashboard (the list of
 * test/e2e/routes.ts) in English and French at 1280×800, the sign-in page, and the
 * overview at a phone's 390 px width, into docs/screenshots/ (docs/screenshots.md shows
 * them; the README shows docs/screenshot-overview.png). Starts a real `northstar serve` on
 * a throwaway demo database and signs in with an API key.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { demoFixture } from '../fixtures/api/test-fixture.ts';
import { launchChromium, signInWithKey } from './browser.ts';
import { openRoute, prepareDemo, ROUTES, slug } from './routes.ts';
import { startServe } from './serve.ts';

const OUT = 'docs/screenshots';
const LANGUAGES = [
  ['en', 'en-US'],
  ['fr', 'fr-FR'],
] as const;

const fx = await demoFixture({ customers: 240 });
const server = await startServe(fx.db);
let browser: Browser | undefined;
try {
  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${fx.adminKey}`, 'content-type': 'application/json' },
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const demo = await prepareDemo(api);
  browser = await launchChromium();
  const write = (path: string) => {
    process.stdout.write(`wrote ${path}\n`);
    return path;
  };

  for (const [language, locale] of LANGUAGES) {
    mkdirSync(`${OUT}/${language}`, { recursive: true });
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('form button[type="submit"]').waitFor();
    await page.screenshot({ path: write(`${OUT}/${language}/sign-in.png`) });
    await signInWithKey(page, server.url, fx.adminKey);
    for (const route of ROUTES) {
      await openRoute(page, server.url, route, demo);
      await page.screenshot({ path: write(`${OUT}/${language}/${slug(route)}.png`) });
      if (language === 'en' && route.name === 'overview')
        await page.screenshot({ path: write('docs/screenshot-overview.png') });
    }
    await context.close();

    const phone = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
    const small = await phone.newPage();
    await signInWithKey(small, server.url, fx.viewerKey);
    await openRoute(small, server.url, ROUTES[0]!, demo);
    await small.screenshot({
      path: write(`${OUT}/${language}/overview-390.png`),
      fullPage: true,
    });
    await phone.close();
  }
} finally {
  await browser?.close();
  await server.stop();
  fx.cleanup();
}
