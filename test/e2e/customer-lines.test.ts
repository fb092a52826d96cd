/**
 * Per-customer truth in a real browser: the customer page lists the lines that make up the
 * customer's MRR and they add up to it (and to the API's figure); a movement KPI card opens
 * the customers behind its value, whose amounts add up to it.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, shot, signInWithKey } from './browser.ts';
import { servedDemo } from './served-demo.ts';

const demo = servedDemo(80);
let page: Page;

interface Detail {
  customer_id: string;
  mrr: number;
  mrr_lines: { currency: string; kind: string; mrr: number }[];
}

const api = demo.api;

const cents = (major: number) => Math.round(major * 100);

beforeAll(async () => {
  if (!hasChromium) return;
  page = await (await demo.browser.newContext({ locale: 'en-US' })).newPage();
  await signInWithKey(page, demo.server.url, demo.fx.adminKey);
}, 240_000);

describe.skipIf(!hasChromium)('customer MRR lines', () => {
  it('shows lines that add up to the customer’s MRR', async () => {
    const list = await api<{ items: { customer_id: string }[] }>(
      '/customers?status=active&limit=40',
    );
    const details = await Promise.all(
      list.items.map((c) => api<Detail>(`/customers/${encodeURIComponent(c.customer_id)}`)),
    );
    // The most telling customer: the most lines, preferring another currency or usage.
    const score = (d: Detail) =>
      d.mrr_lines.length +
      (d.mrr_lines.some((l) => l.currency !== 'USD') ? 10 : 0) +
      (d.mrr_lines.some((l) => l.kind === 'usage') ? 5 : 0);
    const customer = details.sort((a, b) => score(b) - score(a))[0]!;
    expect(customer.mrr).toBeGreaterThan(0);

    await page.goto(`${demo.server.url}/customers/${encodeURIComponent(customer.customer_id)}`);
    const table = page.getByTestId('mrr-lines');
    await table.waitFor({ timeout: 45_000 });
    const shares = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-mrr'))));
    expect(shares.length).toBe(customer.mrr_lines.length);
    const total = Number(await page.getByTestId('mrr-lines-total').getAttribute('data-value'));
    expect(total).toBe(customer.mrr);
    expect(shares.reduce((a, s) => a + cents(s), 0)).toBe(cents(total));
    await shot(page, 'customer-mrr-lines');
  }, 120_000);

  it('opens the customers behind a movement KPI, adding up to its value', async () => {
    await page.goto(demo.server.url);
    const link = page.getByTestId('drill-net_new_mrr');
    await link.waitFor({ timeout: 45_000 });
    await link.click();
    const rows = page.getByTestId('contributors').locator('tbody tr');
    const total = page.getByTestId('contributors-total');
    await total.waitFor({ timeout: 45_000 });
    const value = Number(await total.getAttribute('data-value'));
    const amounts = await rows.evaluateAll((trs) =>
      trs.map((r) => Number(r.getAttribute('data-amount'))),
    );
    expect(amounts.reduce((a, v) => a + cents(v), 0)).toBe(cents(value));
  }, 120_000);

  it('opens the customers behind a bar of the MRR movements chart', async () => {
    await page.goto(demo.server.url);
    // ECharts draws each bar as an SVG path filled with its series' colour (New: #2f9e44).
    const bars = page.getByTestId('mrr-chart').locator('path[fill="#2f9e44"]');
    await bars.first().waitFor({ timeout: 45_000 });
    await page.getByTestId('mrr-chart').scrollIntoViewIfNeeded();
    // The tallest one is a bar (the legend's icon is a small path of the same colour).
    const boxes = await bars.evaluateAll((paths) =>
      paths.map((p) => {
        const r = p.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, height: r.height };
      }),
    );
    const tallest = boxes.sort((a, b) => b.height - a.height)[0]!;
    await page.mouse.click(tallest.x, tallest.y);
    await page.waitForURL(/\/metrics\/new_mrr\/contributors\//, { timeout: 30_000 });
    const total = page.getByTestId('contributors-total');
    await total.waitFor({ timeout: 45_000 });
    const value = Number(await total.getAttribute('data-value'));
    const amounts = await page
      .getByTestId('contributors')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((r) => Number(r.getAttribute('data-amount'))));
    expect(amounts.reduce((a, v) => a + cents(v), 0)).toBe(cents(value));
  }, 120_000);
});
