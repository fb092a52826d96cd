/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against a
 * real `northstar serve` process on a demo database.
 */

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, shot, signInWithKey } from './browser.ts';
import { servedDemo } from './served-demo.ts';

const demo = servedDemo(80);

const api = demo.api;

type MrrReport = { periods: { partial?: true; metrics: { mrr: number } }[] };

/** The cards show the last complete period (the running month only on request). */
const lastComplete = (report: MrrReport) => report.periods.filter((p) => !p.partial).at(-1)!;

async function currentMrr(): Promise<number> {
  return lastComplete(await api<MrrReport>('/metrics?metric=mrr')).metrics.mrr;
}

async function mrrCardValue(page: Page): Promise<number> {
  return Number(await page.getByTestId('kpi-mrr').getAttribute('data-value'));
}

describe.skipIf(!hasChromium)('dashboard', () => {
  let page: Page;

  it('sets the admin password from the first-run link and signs in', async () => {
    const setup = /#setup=[A-Za-z0-9_-]+/.exec(demo.server.output())![0];
    const context = await demo.browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
    await page.goto(`${demo.server.url}/${setup}`);
    await page.getByRole('heading', { name: 'Choose the admin password' }).waitFor();
    await page.locator('input[name="password"]').fill('a fine long password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it("shows KPI cards with the demo's MRR equal to the API's value", async () => {
    const card = page.getByTestId('kpi-mrr');
    await card.waitFor();
    const mrr = await currentMrr();
    expect(Number(await card.getAttribute('data-value'))).toBe(mrr);
    const expected = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
      mrr,
    );
    expect(await card.textContent()).toBe(expected);
    expect(await page.locator('article.kpi').count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('article.kpi .delta').first().textContent()).toMatch(/vs prev/);
    await page.getByTestId('insights').waitFor();
    await shot(page, 'overview');
  });

  it('switches a segment filter and the MRR card and chart follow', async () => {
    const total = await mrrCardValue(page);
    const segments = await api<{ items: { attribute: string; values: string[] }[] }>('/segments');
    const plan = segments.items.find((a) => a.attribute === 'plan')!.values[0]!;
    const expected = lastComplete(
      await api<MrrReport>(`/metrics?metric=mrr&segment=${encodeURIComponent(`plan=${plan}`)}`),
    ).metrics.mrr;
    expect(expected).not.toBe(total);
    const chartBefore = await page.getByTestId('mrr-chart').innerHTML();
    await page.getByLabel('Segment attribute').selectOption('plan');
    await page.getByLabel('Segment value').selectOption(plan);
    await page.locator(`[data-testid="kpi-mrr"][data-value="${expected}"]`).waitFor();
    await page.getByText(`segment plan=${plan}`).waitFor();
    expect(await page.getByTestId('mrr-chart').innerHTML()).not.toBe(chartBefore);
    await shot(page, 'overview-segment');
    await page.getByLabel('Segment attribute').selectOption('');
    await page.locator(`[data-testid="kpi-mrr"][data-value="${total}"]`).waitFor();
  });

  it('switches the KPI cards with the stage preset', async () => {
    const presets = await api<{ items: { id: string; label: string; metrics: string[] }[] }>(
      '/presets',
    );
    const growth = presets.items.find((p) => p.id === 'growth')!;
    await page.getByRole('radio', { name: growth.label }).check();
    await page.locator(`article.kpi[data-metric="${growth.metrics[0]}"]`).waitFor();
    const shown = await page
      .locator('article.kpi')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-metric')));
    expect(shown).toEqual(growth.metrics);
    await shot(page, 'overview-growth');
    await page.getByRole('radio', { name: 'Essentials' }).check();
    await page.getByTestId('kpi-mrr').waitFor();
  });

  it('renders the MRR movements chart', async () => {
    const chart = page.getByTestId('mrr-chart');
    await chart.locator('svg path').first().waitFor({ state: 'attached' });
    expect(await chart.locator('svg path').count()).toBeGreaterThan(20);
    expect(await chart.locator('svg').textContent()).toMatch(/Expansion/);
  });

  it('opens a metric page with its chart and formula in words', async () => {
    await page.locator('article.kpi[data-metric="nrr"] h3 a').click();
    await page.waitForURL(/\/metrics\/nrr$/);
    const definitions = await api<{ items: { id: string; formula: string }[] }>(
      '/metric-definitions',
    );
    const formula = definitions.items.find((m) => m.id === 'nrr')!.formula;
    expect(await page.getByTestId('formula').textContent()).toBe(formula);
    await page
      .getByTestId('metric-chart')
      .locator('svg path')
      .first()
      .waitFor({ state: 'attached' });
    await page
      .getByTestId('breakdown-chart')
      .locator('svg path')
      .first()
      .waitFor({ state: 'attached' });
    await shot(page, 'metric-nrr');
    // A reload on the metric page's own URL works (the server falls back to the app).
    await page.reload();
    await page.getByTestId('formula').waitFor();
    // Money metrics carry a forecast with its bands and expected error.
    await page.goto(`${demo.server.url}/metrics/mrr`);
    await page
      .getByTestId('forecast-chart')
      .locator('svg path')
      .first()
      .waitFor({ state: 'attached' });
    expect(await page.getByTestId('forecast').textContent()).toMatch(/± /);
    await shot(page, 'metric-mrr');
  });

  it('searches customers and opens one', async () => {
    const top = await api<{ items: { customer_id: string; name: string }[] }>('/customers?limit=1');
    const customer = top.items[0]!;
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByTestId('customers').waitFor();
    await page.getByRole('searchbox').fill(customer.name);
    await page
      .getByTestId('customer-count')
      .filter({ hasText: /^1 customer$/ })
      .waitFor();
    await page.getByTestId('customers').getByRole('link', { name: customer.name }).click();
    await page.getByRole('heading', { name: customer.name }).waitFor();
    await page
      .getByTestId('customer-chart')
      .locator('svg path')
      .first()
      .waitFor({ state: 'attached' });
    expect(await page.textContent('main')).toContain(customer.customer_id);
    await shot(page, 'customer');
  });

  it('shows cohorts and goals with their pacing', async () => {
    await page.getByRole('link', { name: 'Cohorts' }).click();
    await page.getByRole('heading', { name: 'Cohort retention' }).waitFor();
    await shot(page, 'cohorts');
    const year = new Date().getUTCFullYear();
    const res = await fetch(`${demo.server.url}/api/v1/goals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.fx.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Double MRR',
        kind: 'money',
        metric: 'mrr',
        start: `${year}-01-01`,
        due: `${year}-12-31`,
        baseline: 100,
        target: 1_000_000,
      }),
    });
    expect(res.status).toBe(201);
    await page.getByRole('link', { name: 'Goals' }).click();
    const goals = page.getByTestId('goals');
    await goals.waitFor();
    expect(await goals.textContent()).toMatch(/Double MRR.*(On track|At risk|Off track)/);
    await shot(page, 'goals');
  });

  it('shows row-level errors when an import is rejected', async () => {
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('Kind').selectOption('subscriptions');
    const csv = [
      'subscription_id,customer_id,amount,currency,interval,start_date',
      'e2e-1,cus_e2e,10.00,USD,month,2025-01-01',
      'e2e-2,cus_e2e,10.00,XYZ,month,2025-01-01',
      'e2e-3,cus_e2e,abc,USD,month,2025-02-30',
    ].join('\n');
    await page.getByLabel('File to import').setInputFiles({
      name: 'bad-subscriptions.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    expect(await errors.getByRole('alert').textContent()).toMatch(/nothing was imported/);
    const rows = await errors.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.startsWith('3') && r.includes('currency'))).toBe(true);
    expect(rows.some((r) => r.startsWith('4') && r.includes('amount'))).toBe(true);
    expect(rows.some((r) => r.startsWith('4') && r.includes('start_date'))).toBe(true);
    await shot(page, 'import-errors');
  });

  it('formats numbers for a French browser, and in Polish on request', async () => {
    const context = await demo.browser.newContext({ locale: 'fr-FR' });
    const fr = await context.newPage();
    await signInWithKey(fr, demo.server.url, demo.fx.viewerKey);
    const mrr = await currentMrr();
    const card = fr.getByTestId('kpi-mrr');
    const french = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'USD' }).format(
      mrr,
    );
    expect(await card.textContent()).toBe(french);
    expect(french).toMatch(/^\d{1,3}(\u202f\d{3})*,\d{2}\u00a0\$US$/);
    // Viewers do not see the import page.
    expect(await fr.getByRole('link', { name: 'Importer' }).count()).toBe(0);

    await fr.getByLabel('Langue et format des nombres').selectOption('pl-PL');
    const polish = new Intl.NumberFormat('pl-PL', { style: 'currency', currency: 'USD' }).format(
      mrr,
    );
    await fr.getByTestId('kpi-mrr').filter({ hasText: polish }).waitFor();
    expect(polish).toMatch(/,\d{2}\u00a0USD$/);
    await context.close();
  });
});
