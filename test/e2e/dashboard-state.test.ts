/**
 * The dashboard's periods, breakdowns and page state in a real browser
 * (Debian's Chromium through playwright-core) against a real `northstar serve` process.
 */

import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, shot, signInWithKey } from './browser.ts';
import { servedDemo } from './served-demo.ts';
import { en } from '../../web/src/i18n/en.ts';

const demo = servedDemo(80);
const api = demo.api;
let context: BrowserContext;
let page: Page;

interface ApiPeriod {
  period: string;
  start: string;
  end: string;
  partial?: true;
  through?: string;
  metrics: Record<string, number | null>;
}
interface ApiReport {
  periods: ApiPeriod[];
  series?: { value: string; periods: ApiPeriod[] }[];
}

/** Words French writes as English does: acronyms, loanwords, proper nouns, shared words. */
const SAME_IN_FRENCH = new Set(
  (
    'acquisition arpa arr cac churn concentration contraction contribution dau durable ' +
    'expansion format imports ltv mau mrr multiple net page pages promoter pts quick ratio ' +
    'saas satisfaction score segment northstar english csv xlsx'
  ).split(' '),
);

beforeAll(async () => {
  if (!hasChromium) return;
  context = await demo.browser.newContext({ locale: 'en-US' });
  page = await context.newPage();
  await signInWithKey(page, demo.server.url, demo.fx.adminKey);
}, 180_000);

describe.skipIf(!hasChromium)('dashboard state', () => {
  it('plots each segment against its own periods (joined by period, not position)', async () => {
    const report = await api<ApiReport>('/metrics?metric=mrr&by=plan');
    const series = report.series ?? [];
    // The case that hid the bug: a plan whose series starts after the workspace's first period.
    expect(series.some((s) => s.periods[0]!.period !== report.periods[0]!.period)).toBe(true);

    await page.goto(`${demo.server.url}/metrics/mrr`);
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
    await page.goto(`${demo.server.url}/`);
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
    // Month-to-date asks for the same days of the previous month: busy until they land.
    await page.locator('[data-testid="kpis"][aria-busy="false"]').waitFor({ timeout: 45_000 });
    await page.locator(`[data-testid="kpi-mrr"][data-value="${running.metrics.mrr}"]`).waitFor();
    expect(await page.getByTestId('shown-period').textContent()).toMatch(
      new RegExp(`^${running.period} month-to-date \\(${running.start} – ${running.through}\\)`),
    );
    // A few days are compared with the same days of the previous month, never a whole month.
    expect(await page.getByTestId('partial-note').textContent()).toMatch(
      /compared with the same days of \d{4}-\d{2} \(/,
    );
    const delta = page.locator('article.kpi[data-metric="mrr"] .delta');
    expect(await delta.count()).toBe(1); // no year-ago change for a few days
    expect(await delta.first().textContent()).toMatch(/^vs (?!prev)/);
    await shot(page, 'overview-month-to-date');
    await page.getByRole('radio', { name: /Last complete month/ }).check();
    await page.getByRole('link', { name: 'MRR', exact: true }).click();
    await page
      .getByRole('rowheader', { name: `${running.period} month-to-date` })
      .first()
      .waitFor({ timeout: 45_000 });
  }, 90_000);

  it('keeps filters and page state in the URL across a reload and a shared link', async () => {
    const segments = await api<{ items: { attribute: string; values: string[] }[] }>('/segments');
    const plan = segments.items.find((a) => a.attribute === 'plan')!.values[0]!;
    const segment = `plan=${plan}`;
    const expected = (
      await api<ApiReport>(
        `/metrics?metric=mrr&interval=quarter&segment=${encodeURIComponent(segment)}`,
      )
    ).periods
      .filter((p) => !p.partial)
      .at(-1)!.metrics.mrr;

    await page.goto(`${demo.server.url}/`);
    await page.getByTestId('kpi-mrr').waitFor({ timeout: 45_000 });
    await page.getByLabel('From', { exact: true }).fill('2025-01');
    await page.getByLabel('Interval').selectOption('quarter');
    await page.getByLabel('Segment attribute').selectOption('plan');
    await page.getByLabel('Segment value').selectOption(plan);
    await page.getByRole('radio', { name: 'Early stage' }).check();
    await page.locator(`[data-testid="kpi-mrr"][data-value="${expected}"]`).waitFor();
    const url = page.url();
    expect(new URL(url).searchParams.get('segment')).toBe(segment);

    const expectSameState = async (p: Page) => {
      await p.locator(`[data-testid="kpi-mrr"][data-value="${expected}"]`).waitFor({
        timeout: 45_000,
      });
      expect(await p.getByLabel('From', { exact: true }).inputValue()).toBe('2025-01');
      expect(await p.getByLabel('Interval').inputValue()).toBe('quarter');
      expect(await p.getByLabel('Segment value').inputValue()).toBe(plan);
      expect(await p.getByRole('radio', { name: 'Early stage' }).isChecked()).toBe(true);
      expect(await p.getByTestId('shown-period').textContent()).toMatch(/quarterly periods/);
    };
    await page.reload();
    await expectSameState(page);
    // The insight panel explains the chosen range: from the month before its start.
    await page
      .getByTestId('insights')
      .getByRole('heading', { name: /What changed from 2024-12 to/ })
      .waitFor({ timeout: 45_000 });

    // In-app navigation carries the filters; a shared link opens on the same state.
    await page.getByRole('link', { name: 'Cohorts' }).click();
    await page.getByRole('heading', { name: 'Cohort retention' }).waitFor();
    expect(new URL(page.url()).searchParams.get('segment')).toBe(segment);
    // A shared link: another tab signs in (the session is per tab) and lands on the same state.
    const other = await context.newPage();
    await signInWithKey(other, url, demo.fx.viewerKey);
    await expectSameState(other);
    await other.close();

    await page.goto(`${demo.server.url}/`);
    await page.getByRole('radio', { name: 'Essentials' }).check();
  }, 120_000);

  it('lists customers with plan, status and churn date, sorted from the header', async () => {
    interface Customer {
      customer_id: string;
      plan: string | null;
      status: string;
      churned_on: string | null;
    }
    const churned = await api<{ items: Customer[] }>('/customers?sort=-churned_on&limit=1');
    const latest = churned.items[0]!;
    expect(latest.status).toBe('churned');
    expect(latest.churned_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.goto(`${demo.server.url}/customers`);
    const table = page.getByTestId('customers');
    await table.waitFor({ timeout: 45_000 });
    await table.getByRole('button', { name: 'Churned' }).click(); // ascending
    await table.getByRole('button', { name: 'Churned' }).click(); // descending
    await page.waitForURL(/sort=-churned_on/);
    const first = table.locator('tbody tr').first();
    await first.getByText(latest.churned_on!).waitFor();
    expect(await first.textContent()).toContain('Churned');
    if (latest.plan) expect(await first.textContent()).toContain(latest.plan);
    expect(await table.locator('th[aria-sort="descending"]').textContent()).toMatch(/Churned/);
  }, 90_000);

  it('shows the overview in French with no English label left', async () => {
    const words = (text: string) => text.toLowerCase().match(/[a-zà-öø-ÿ’']{3,}/g) ?? [];
    // English words of the catalogue and of the registry's labels, less the words French
    // writes the same way (acronyms, loanwords, proper nouns): what is left must not show.
    const definitions = await api<{ items: { id: string; label: string }[] }>(
      '/metric-definitions',
    );
    const english = new Set(
      [...Object.values(en), ...definitions.items.map((d) => d.label)]
        .map((text) => text.replace(/\{\w+\}/g, ' '))
        .flatMap(words)
        .filter((w) => !SAME_IN_FRENCH.has(w)),
    );

    const frContext = await demo.browser.newContext({ locale: 'fr-FR' });
    const fr1 = await frContext.newPage();
    await signInWithKey(fr1, demo.server.url, demo.fx.adminKey);
    await fr1.getByTestId('insights').waitFor({ timeout: 45_000 });
    await fr1.getByTestId('mrr-chart').locator('svg text').first().waitFor({ state: 'attached' });
    const visible = String(await fr1.evaluate('document.body.innerText'));
    const chart = (await fr1.getByTestId('mrr-chart').locator('svg').textContent()) ?? '';
    const left = [...new Set([...words(visible), ...words(chart)])].filter((w) => english.has(w));
    expect(left, `English words on the French overview:\n${visible}`).toEqual([]);
    // Amounts in the French currency format, in the cards and in the sentences alike.
    expect(await fr1.getByTestId('insights').textContent()).toMatch(/\d\u202f?\d*,\d{2}\u00a0\$US/);
    expect(await fr1.getByTestId('insights').textContent()).not.toMatch(/\$\d/);
    await shot(fr1, 'overview-fr');
    await frContext.close();
  }, 120_000);
});
