/**
 * The Forecast page in a real browser (Debian's Chromium through playwright-core) against a
 * real `northstar serve` on a demo database: fan chart, backtest table, scenario editor.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, hasChromium, signInWithKey } from './browser.ts';
import { servedDemo } from './served-demo.ts';

const demo = servedDemo(80);

async function month12(page: Page, which: 'baseline' | 'scenario'): Promise<number> {
  return Number(await page.getByTestId(`scenario-mrr-${which}`).getAttribute('data-value'));
}

describe.skipIf(!hasChromium)('forecast page', () => {
  it('shows the fan chart, the backtest table and a price scenario above the baseline', async () => {
    const context = await demo.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    // A viewer may run scenarios: they compute, they do not write.
    await signInWithKey(page, demo.server.url, demo.fx.viewerKey);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Forecast' })
      .click();
    await page.getByRole('heading', { name: 'Forecast', level: 1 }).waitFor();

    await page.getByTestId('forecast-chart').locator('svg').waitFor({ timeout: 60_000 });
    const table = page.getByTestId('backtest-table');
    await table.waitFor({ timeout: 60_000 });
    const header = await table.locator('thead').textContent();
    for (const column of ['MASE', 'sMAPE', '80% coverage', '95% coverage'])
      expect(header).toContain(column);
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    expect(await table.locator('tbody').textContent()).toContain('(the forecast)');
    // The combination names its members and how its bands were calibrated.
    expect(await page.getByTestId('forecast-members').textContent()).toMatch(
      /^Median of \d models: /,
    );
    expect(await page.getByTestId('forecast-bands').textContent()).toMatch(/calibrated/);

    // With no change the scenario is the baseline.
    await page.getByTestId('scenario-table').waitFor({ timeout: 60_000 });
    expect(await month12(page, 'scenario')).toBe(await month12(page, 'baseline'));
    expect(await page.getByTestId('scenario-table').locator('caption').textContent()).toMatch(
      /^Month 12 /,
    );

    // Labelled inputs: found by their accessible name, as a screen reader would.
    const price = page.getByLabel('Price change (%)');
    await price.fill('10');
    // Polled through locators: a string predicate would be eval'd, which the page's
    // content security policy forbids.
    const value = async (id: string) =>
      Number(await page.getByTestId(id).getAttribute('data-value', { timeout: 30_000 }));
    await expect
      .poll(
        async () => (await value('scenario-mrr-scenario')) > (await value('scenario-mrr-baseline')),
        { timeout: 30_000 },
      )
      .toBe(true);
    const baseline = await month12(page, 'baseline');
    const scenario = await month12(page, 'scenario');
    expect(scenario).toBeGreaterThan(baseline);
    // Rates unchanged: a 10% price rise lifts every month's MRR by 10%.
    expect(scenario / baseline).toBeCloseTo(1.1, 6);
    await page.getByTestId('scenario-mrr-chart').locator('svg').waitFor();
    // The scenario is in the URL: a reload (or a shared link) shows the same one.
    await page.waitForURL(/price=10/);
    await page.reload();
    expect(await page.getByLabel('Price change (%)').inputValue()).toBe('10');
    await page
      .locator(`[data-testid="scenario-mrr-scenario"][data-value="${scenario}"]`)
      .waitFor({ timeout: 60_000 });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/forecast.png`, fullPage: true });
    await context.close();
  }, 180_000);
});
