/**
 * The dashboard with the keyboard only, and in print, in a real browser (Debian's Chromium
 * through playwright-core) against a real `northstar serve` on a demo database.
 */
import { mkdirSync, statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, hasChromium } from './browser.ts';
import { servedDemo } from './served-demo.ts';

const demo = servedDemo(60);

/** What has focus: its tag, id, text and whether it shows a visible focus indicator. */
interface Focused {
  tag: string;
  id: string;
  text: string;
  href: string | null;
  outlined: boolean;
  onScreen: boolean;
}

// Evaluated in the page (a string: the test's TypeScript has no DOM library).
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.textContent || '').trim(),
    href: el.getAttribute('href'),
    outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0,
  };
})()`;

function focused(page: Page): Promise<Focused | null> {
  return page.evaluate<Focused | null>(FOCUSED);
}

/** Presses Tab (or Shift+Tab) until the focused element satisfies `want` (at most `max` times). */
async function tabTo(
  page: Page,
  want: (f: Focused) => boolean,
  max = 30,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (f && want(f)) return f;
  }
  throw new Error(`Tab never reached the element (now on ${JSON.stringify(await focused(page))})`);
}

describe.skipIf(!hasChromium)('keyboard and print', () => {
  it('signs in and moves through the main navigation with the keyboard only', async () => {
    const context = await demo.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(demo.server.url);
    // The key field has focus on arrival: type, Enter submits.
    await page.locator('input[name="api-key"]').waitFor();
    expect((await focused(page))?.tag).toBe('input');
    await page.keyboard.type(demo.fx.adminKey);
    await page.keyboard.press('Enter');
    await page.getByTestId('kpi-mrr').waitFor();

    // First Tab: the skip link, visible while focused; Enter moves focus to the content.
    const skip = await tabTo(page, () => true, 1);
    expect(skip.text).toBe('Skip to content');
    expect(skip.onScreen).toBe(true);
    expect(skip.outlined).toBe(true);
    await page.keyboard.press('Enter');
    expect((await focused(page))?.id).toBe('main');
    // …and the next Tab lands inside the content, past the navigation and filters.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate<boolean>(
        `document.getElementById('main').contains(document.activeElement)`,
      ),
    ).toBe(true);

    // Every item of the main navigation, reached with Tab and opened with Enter.
    const pages = [
      ['Metrics', '/metrics', 'Metrics'],
      ['Cohorts', '/cohorts', 'Cohort retention'],
      ['Customers', '/customers', 'Customers'],
      ['Goals', '/goals', 'Goals'],
      ['Import', '/import', 'Import data'],
      ['Overview', '/', 'Overview'],
    ] as const;
    for (const [label, path, heading] of pages) {
      // Back from the content (where focus is) through the filters to the navigation.
      const link = await tabTo(page, (f) => f.tag === 'a' && f.text === label, 30, 'Shift+Tab');
      expect(link.outlined, `${label} shows its focus`).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(
        await page.locator(`nav[aria-label="Main"] a[aria-current="page"]`).textContent(),
      ).toBe(label);
      // Focus moved to the new page, so reading and tabbing continue there.
      expect((await focused(page))?.id, `focus after opening ${label}`).toBe('main');
    }

    // Into the content: a KPI card's link opens its metric page.
    await page.getByTestId('kpi-mrr').waitFor();
    await tabTo(page, (f) => f.href === '/metrics/mrr');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/metrics\/mrr$/);
    await page.getByTestId('formula').waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/keyboard-metric-page.png` });
    await context.close();
  });

  it('prints the overview without navigation chrome, KPI cards kept', async () => {
    const context = await demo.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(demo.server.url);
    await page.locator('input[name="api-key"]').fill(demo.fx.viewerKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('kpi-mrr').waitFor();
    await page.getByTestId('mrr-chart').locator('svg path').first().waitFor({ state: 'attached' });
    const kpis = await page.locator('article.kpi').count();
    expect(kpis).toBeGreaterThanOrEqual(8);

    await page.emulateMedia({ media: 'print' });
    for (const chrome of [
      'nav[aria-label="Main"]',
      'form.filters',
      '.tools',
      'a.skip',
      '.presets [role="radiogroup"]',
    ])
      expect(await page.locator(chrome).isVisible(), `${chrome} hidden in print`).toBe(false);
    expect(await page.locator('article.kpi:visible').count()).toBe(kpis);
    expect(await page.getByRole('heading', { level: 1, name: 'Overview' }).isVisible()).toBe(true);
    expect(await page.getByTestId('mrr-chart').isVisible()).toBe(true);
    // Cards are not split across pages, and three fit a row.
    const cardStyle = await page.evaluate<string>(
      `getComputedStyle(document.querySelector('article.kpi')).breakInside`,
    );
    expect(cardStyle).toBe('avoid');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/overview-print.png`, fullPage: true });
    const pdf = `${ARTIFACTS}/overview-print.pdf`;
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    await context.close();
  });
});
