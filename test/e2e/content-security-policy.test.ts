/**
 * The dashboard and the API docs work under the server's content security policy: every
 * page loads, charts draw, and the browser reports no violation.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, signInWithKey } from './browser.ts';
import { servedDemo } from './served-demo.ts';

const demo = servedDemo(40);

/** A page that records every policy violation (the DOM event and the console's report). */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const context = await demo.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  // A string: this file is compiled without the DOM types.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) =>
    window.reportViolation(event.violatedDirective + ': ' + event.blockedURI));`);
  return { page, violations };
}

describe.skipIf(!hasChromium)('content security policy', () => {
  it('the dashboard loads every page and draws its charts without a violation', async () => {
    const { page, violations } = await watchedPage();
    const response = await page.goto(`${demo.server.url}/`);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await signInWithKey(page, `${demo.server.url}/`, demo.fx.adminKey);
    await page.getByTestId('kpi-mrr').waitFor();
    await page.locator('canvas, svg').first().waitFor();
    for (const name of [
      'Metrics',
      'Movements',
      'Cohorts',
      'Customers',
      'Goals',
      'Forecast',
      'Import',
    ]) {
      await page.getByRole('link', { name, exact: true }).first().click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    expect(violations).toEqual([]);
  }, 180_000);

  it('the API docs render under their policy and refuse to be framed', async () => {
    const { page, violations } = await watchedPage();
    const response = await page.goto(`${demo.server.url}/api/v1/docs`);
    expect(response!.headers()['x-frame-options']).toBe('DENY');
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  }, 120_000);
});
