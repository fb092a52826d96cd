/**
 * The movements page in a real browser against a real `northstar serve`: over a period its
 * totals are the chart's bars (the movement metrics the chart draws) and its rows add up to
 * them, its filters survive a reload, and its CSV and XLSX buttons download the feed.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, shot, signInWithKey } from './browser.ts';
import { servedDemo } from './served-demo.ts';
import { en } from '../../web/src/i18n/en.ts';
import { cents, MOVEMENT_BARS as BARS } from '../fixtures/api/movement-bars.ts';

const demo = servedDemo(80);
let page: Page;

interface Period {
  period: string;
  start: string;
  end: string;
  partial?: true;
  metrics: Record<string, number | null>;
}

async function totalsShown(): Promise<Record<string, number>> {
  const shown: Record<string, number> = {};
  for (const type of Object.keys(BARS))
    shown[type] = Number(
      await page.getByTestId(`movement-total-${type}`).getAttribute('data-value'),
    );
  return shown;
}

beforeAll(async () => {
  if (!hasChromium) return;
  const context = await demo.browser.newContext({ locale: 'en-US' });
  page = await context.newPage();
  await signInWithKey(page, demo.server.url, demo.fx.adminKey);
}, 180_000);

describe.skipIf(!hasChromium)('movements page', () => {
  it("shows a period's movements whose totals equal the chart's bars", async () => {
    const report = await demo.api<{ periods: Period[] }>(
      `/metrics?metric=${Object.values(BARS).join(',')}`,
    );
    const period = report.periods.filter((p) => !p.partial).at(-1)!;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Movements' })
      .click();
    await page.getByRole('heading', { name: 'MRR movements', level: 1 }).waitFor();
    await page.getByTestId('mrr-chart').locator('svg path').first().waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: /^Period/ }).selectOption(period.period);
    await page.waitForURL(new RegExp(`period=${period.period}`));
    // The feed answers the chosen period once it is no longer busy (the previous answer
    // stays on screen while the new one loads).
    await page.locator('[data-testid="movements"][aria-busy="false"]').waitFor({ timeout: 45_000 });
    const feed = page.getByTestId('movement-feed');
    await feed.waitFor({ timeout: 45_000 });
    await page
      .getByTestId('movement-count')
      .filter({ hasText: /Movements: \d/ })
      .waitFor();

    const shown = await totalsShown();
    for (const [type, metric] of Object.entries(BARS))
      expect(cents(shown[type]!), type).toBe(cents(period.metrics[metric] ?? 0));
    // The rows add up to the totals (the demo's month fits one page of 50).
    const rows = await feed
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-type')!, Number(tr.getAttribute('data-amount'))]),
      );
    const count = Number(/\d+/.exec((await page.getByTestId('movement-count').textContent())!)![0]);
    if (count <= 50)
      for (const type of Object.keys(BARS).filter((t) => t !== 'net_new'))
        expect(
          rows.filter(([t]) => t === type).reduce((s, [, a]) => s + cents(a as number), 0),
          type,
        ).toBe(cents(shown[type]!));
    expect(await feed.locator('tbody th a').first().textContent()).not.toBe('');
    await shot(page, 'movements');
  }, 120_000);

  it('keeps the type and plan filters over a reload, and narrows the totals to them', async () => {
    const segments = await demo.api<{ items: { attribute: string; values: string[] }[] }>(
      '/segments',
    );
    const plan = segments.items.find((a) => a.attribute === 'plan')!.values[0]!;
    await page.getByRole('combobox', { name: /^Plan/ }).selectOption(plan);
    await page.getByRole('combobox', { name: /^Type/ }).selectOption('new');
    await page.waitForURL(/type=new/);
    const url = new URL(page.url());
    const period = url.searchParams.get('period')!;
    const p = (
      await demo.api<{ periods: Period[] }>(
        `/metrics?metric=new_mrr&segment=${encodeURIComponent(`plan=${plan}`)}`,
      )
    ).periods.find((x) => x.period === period)!;
    const expected = String(p.metrics.new_mrr ?? 0);
    await page.locator(`[data-testid="movement-total-new"][data-value="${expected}"]`).waitFor();
    await page.reload();
    await page.locator(`[data-testid="movement-total-new"][data-value="${expected}"]`).waitFor({
      timeout: 45_000,
    });
    expect(await page.getByRole('combobox', { name: /^Plan/ }).inputValue()).toBe(plan);
    expect(await page.getByRole('combobox', { name: /^Type/ }).inputValue()).toBe('new');
    expect(await page.getByRole('combobox', { name: /^Period/ }).inputValue()).toBe(period);
    expect(
      Number(await page.getByTestId('movement-total-expansion').getAttribute('data-value')),
    ).toBe(0);
    for (const type of await page
      .getByTestId('movement-feed')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type'))))
      expect(type).toBe('new');
  }, 120_000);

  it('downloads the feed as CSV and XLSX with the rows shown', async () => {
    const feed = page.getByTestId('movements');
    const rows = await feed.locator('tbody tr').count();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      feed.getByRole('button', { name: 'Download Movements feed as CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('northstar-movements.csv');
    const text = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(text[0]).toBe('date,period,customer_id,name,type,amount,mrr_before,mrr_after');
    expect(text.length - 1).toBe(rows);
    expect(text.slice(1).every((line) => line.includes(',new,'))).toBe(true);

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      feed.getByRole('button', { name: 'Download Movements feed as XLSX' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe('northstar-movements.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsx.path())!);
    expect(book.getWorksheet('movements')!.rowCount - 1).toBe(rows);

    // Every chart and table of the page carries the buttons.
    await page.goto(`${demo.server.url}/metrics/mrr`);
    await page.getByTestId('breakdown-chart').waitFor({ timeout: 45_000 });
    // The chart, the breakdown, the forecast and the values table.
    await page.getByTestId('forecast').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('download-csv').count()).toBe(4);
    const [breakdown] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download MRR by plan as CSV' }).click(),
    ]);
    expect(breakdown.suggestedFilename()).toBe('northstar-breakdown.csv');
  }, 120_000);

  it('reads in French with none of its English words left', async () => {
    const words = (text: string) => text.toLowerCase().match(/[a-zà-öø-ÿ’']{3,}/g) ?? [];
    const same = new Set(['type', 'types', 'date', 'plan', 'mrr', 'csv', 'xlsx']);
    const english = new Set(
      Object.entries(en)
        .filter(([key]) => /^(movements|download)\./.test(key))
        .flatMap(([, text]) => words(text.replace(/\{\w+\}/g, ' ')))
        .filter((w) => !same.has(w)),
    );
    const context = await demo.browser.newContext({ locale: 'fr-FR' });
    const fr = await context.newPage();
    await signInWithKey(fr, demo.server.url, demo.fx.viewerKey);
    await fr.goto(`${demo.server.url}/movements`);
    await fr.getByRole('heading', { name: 'Mouvements du MRR', level: 1 }).waitFor();
    await fr.getByTestId('movement-feed').waitFor({ timeout: 45_000 });
    const visible = String(await fr.evaluate('document.body.innerText'));
    const left = [...new Set(words(visible))].filter((w) => english.has(w));
    expect(left, visible).toEqual([]);
    await shot(fr, 'movements-fr');
    await context.close();
  }, 120_000);
});
