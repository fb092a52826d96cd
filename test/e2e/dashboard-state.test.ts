/**
 * The dashboard's periods, breakdowns, page state and small-screen layout in a real browser
 * (Debian's Chromium through playwright-core) against a real `northstar serve` process.
 */

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture, type DemoFixture } from '../../src/api/test-fixture.ts';
import { hasChromium, launchChromium, shot, signInWithKey } from './browser.ts';
import { startServe, type RunningServer } from './serve.ts';

let fx: DemoFixture;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

interface ApiPeriod {
  period: string;
  start: string;
  end: string;
  partial?: boolean;
  metrics: Record<string, number | null>;
}
interface ApiReport {
  periods: ApiPeriod[];
  series?: { value: string; periods: ApiPeriod[] }[];
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    headers: { authorization: `Bearer ${fx.adminKey}` },
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  if (!hasChromium) return;
  fx = await demoFixture({ customers: 80 });
  server = await startServe(fx.db); // builds web/dist first if it is missing
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US' });
  page = await context.newPage();
  await signInWithKey(page, server.url, fx.adminKey);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fx?.cleanup();
});

describe.skipIf(!hasChromium)('dashboard state', () => {
  it('plots each segment against its own periods (joined by period, not position)', async () => {
    const report = await api<ApiReport>('/metrics?metric=mrr&by=plan');
    const series = report.series ?? [];
    // The case that hid the bug: a plan whose series starts after the workspace's first period.
    expect(series.some((s) => s.periods[0]!.period !== report.periods[0]!.period)).toBe(true);

    await page.goto(`${server.url}/metrics/mrr`);
    const table = page.getByTestId('breakdown-table');
    await table.waitFor({ state: 'attached', timeout: 45_000 });
    const cells = await table.locator('td[data-period]').evaluateAll((tds) =>
      tds.map((td) => ({
        period: td.getAttribute('data-period')!,
        segment: td.getAttribute('data-segment')!,
        value: td.getAttribute('data-value')!,
      })),
    );
    const shown = new Map(cells.map((c) => [`${c.segment}|${c.period}`, c.value]));
    let compared = 0;
    for (const s of series) {
      const byPeriod = new Map(s.periods.map((p) => [p.period, p.metrics.mrr ?? null]));
      for (const p of report.periods) {
        const expected = byPeriod.get(p.period) ?? null;
        expect(shown.get(`${s.value}|${p.period}`), `${s.value} ${p.period}`).toBe(
          expected === null ? '' : String(expected),
        );
        compared += 1;
      }
    }
    expect(compared).toBe(series.length * report.periods.length);
    await shot(page, 'breakdown');
  }, 90_000);

  it('shows the last complete month by default and labels the running one month-to-date', async () => {
    const report = await api<ApiReport>('/metrics?metric=mrr');
    const running = report.periods.at(-1)!;
    const complete = report.periods.filter((p) => !p.partial).at(-1)!;
    await page.goto(`${server.url}/`);
    const card = page.getByTestId('kpi-mrr');
    await card.waitFor({ timeout: 45_000 });
    expect(Number(await card.getAttribute('data-value'))).toBe(complete.metrics.mrr);
    expect(await page.getByTestId('shown-period').textContent()).toMatch(
      new RegExp(`^${complete.period} \\(${complete.start} – ${complete.end}\\)`),
    );
    // On the last day of a month nothing is running: then there is nothing to label.
    if (!running.partial) {
      expect(await page.getByText(/month-to-date/).count()).toBe(0);
      return;
    }
    expect(running.through).toBeTruthy();
    await page.getByRole('radio', { name: `${running.period} month-to-date` }).check();
    await page.locator(`[data-testid="kpi-mrr"][data-value="${running.metrics.mrr}"]`).waitFor();
    expect(await page.getByTestId('shown-period').textContent()).toMatch(
      new RegExp(`^${running.period} month-to-date \\(${running.start} – ${running.through}\\)`),
    );
    expect(await page.getByTestId('partial-note').textContent()).toMatch(/not compared/);
    // No comparison of a few days against a whole month.
    expect(
      await page.locator('article.kpi[data-metric="mrr"] .delta').first().textContent(),
    ).toMatch(/—/);
    await shot(page, 'overview-month-to-date');
    await page.getByRole('radio', { name: /Last complete month/ }).check();
    await page.getByRole('link', { name: 'MRR', exact: true }).click();
    await page
      .getByRole('rowheader', { name: `${running.period} month-to-date` })
      .first()
      .waitFor({ timeout: 45_000 });
  }, 90_000);
});
