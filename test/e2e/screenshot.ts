/**
 * `npm run screenshot`: docs/screenshot-overview.png, the demo dashboard's overview at
 * 1280×800 in headless Chromium (the README shows it). Starts a real `northstar serve` on
 * a throwaway demo database and signs in with an API key.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { demoFixture } from '../fixtures/api/test-fixture.ts';
import { startServe } from './serve.ts';

const OUT = process.argv[2] ?? 'docs/screenshot-overview.png';

const fx = await demoFixture({ customers: 240 });
const server = await startServe(fx.db);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('radio', { name: 'API key' }).check();
  await page.locator('input[name="api-key"]').fill(fx.adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('kpi-mrr').waitFor();
  await page.getByTestId('mrr-chart').locator('svg path').first().waitFor({ state: 'attached' });
  await page
    .getByTestId('insights')
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: OUT });
  process.stdout.write(`wrote ${OUT}\n`);
} finally {
  await browser.close();
  await server.stop();
  fx.cleanup();
}
