/**
 * The overview says which data it shows ("as of …") and follows a write: after new data
 * arrives, the page (reloaded, or re-asking while the server said "stale") ends on an
 * answer computed after the write. Real `northstar serve` (answers computed on its
 * worker threads) and Debian's Chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture, type DemoFixture } from '../fixtures/api/test-fixture.ts';
import { hasChromium, launchChromium, shot, signInWithKey } from './browser.ts';
import { startServe, type RunningServer } from './serve.ts';

let fx: DemoFixture;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  fx = await demoFixture({ customers: 40 });
  server = await startServe(fx.db);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fx?.cleanup();
});

describe.skipIf(!hasChromium)('the overview says which data it shows', () => {
  it('shows "as of", and an answer computed after a write once it lands', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await signInWithKey(page, server.url, fx.adminKey);
    const asOf = page.getByTestId('as-of');
    await asOf.waitFor({ timeout: 60_000 });
    expect(await asOf.textContent()).toMatch(/^as of \w{3} \d{1,2}, \d{4}/);
    const shown = await asOf.getAttribute('data-as-of');
    expect(new Date(shown!).toISOString()).toBe(shown);
    await shot(page, 'overview-as-of');

    // A write through the API (a new customer); then the page is loaded again.
    const boundary = '----northstar-e2e-live';
    const res = await fetch(`${server.url}/api/v1/imports/customers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${fx.adminKey}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body:
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="customers.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\ncustomer_id,name,country\ncus_e2e_live,Live,FR\r\n--${boundary}--\r\n`,
    });
    expect(res.status, await res.text()).toBe(200);
    const wroteAt = new Date().toISOString();
    await page.reload();
    // Stale or fresh at first (the server's warm-up may have finished already); the page
    // asks again while stale, and ends on a fresh answer that includes the write.
    await page.locator('[data-testid="as-of"][data-stale="false"]').waitFor({ timeout: 90_000 });
    expect((await asOf.getAttribute('data-as-of'))! >= wroteAt).toBe(true);
    expect(await asOf.textContent()).not.toMatch(/updating/);
    await context.close();
  }, 240_000);
});
