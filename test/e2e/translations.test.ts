/**
 * Every page of the dashboard in French, Polish and German (Debian's Chromium through
 * playwright-core, against a real `northstar serve` on a demo database): no English word
 * may be left in what the page shows or reads out (text, chart labels, aria-labels,
 * titles, placeholders), only proper nouns, codes and the data's own names.
 *
 * "English" is every word of the English catalogues (dashboard and server), of the metric
 * registry's names and formulas, and of a list of common English words, less the words a
 * language writes the same way. The pages are the one list of test/e2e/routes.ts.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture, type DemoFixture } from '../fixtures/api/test-fixture.ts';
import { hasChromium, launchChromium, shot, signInWithKey } from './browser.ts';
import { startServe, type RunningServer } from './serve.ts';
import { en as webEnglish } from '../../web/src/i18n/en.ts';
import { en as serverEnglish } from '../../src/i18n/messages/en.ts';
import { METRICS } from '../../src/metrics/registry.ts';
import { openRoute, prepareDemo, ROUTES, slug, type Demo } from './routes.ts';

/** Proper nouns, codes and units every language keeps as they are. */
const KEPT_EVERYWHERE =
  'northstar mrr arr nrr grr arpa arpu ltv cac csv xlsx stripe api nps csat dau mau hhi ' +
  'mase smape saas theta herfindahl hirschman min cogs activated english url urls json ' +
  'webhook webhooks';

/** Words each language writes as English does (loanwords, cognates, shared spellings). */
const SAME_IN: Readonly<Record<string, string>> = {
  fr:
    'acquisition concentration contraction contribution expansion format page pages segment ' +
    'segments score promoter net type types total date source quick ratio multiple durable ' +
    'satisfaction client clients important signal active change positive service marketing ' +
    'simple conversion cycle tickets horizon points due pts part test actions description ' +
    'conventions script import reporting',
  pl: 'segment segmenty model plan net promoter score import format status logo trend same alert',
  de:
    'segment segmente model plan net promoter score was problem rule multiple burn import ' +
    'status trend start expansion quick ratio index null name ids median naive upgrades ' +
    'downgrades marketing tickets rate top chance optional per browser',
};

/** Common English words no catalogue may leave on a translated page. */
const COMMON_ENGLISH =
  'the and with from for this that your you are was were has have not none each every which ' +
  'when than into per only more less last next there here what how why who will can must ' +
  'should would could been its our their they them these those all any some such also then ' +
  'over under about after before between until while because without within both other ' +
  'shows show loading nothing customer customers revenue period periods month months value ' +
  'values goal goals target progress forecast median model models total average sign password ' +
  'key keys import data file choose drop settings movements overview metrics';

/**
 * The words of a text, less the codes in it: identifiers (interval_count, activationEvent),
 * options (--by channel, channel=<name>), file names and e-mail addresses are written as
 * they are.
 */
const words = (text: string) =>
  (
    text
      // Quoted: a command, an event name or the title of a cited source.
      .replace(/[“„«"][^”“»"]*[”“»"]/g, ' ')
      .replace(/--[a-z-]+( [a-z]+)?/g, ' ')
      .replace(/\S+\.(csv|xlsx)\b/g, ' ')
      .replace(/\S*[_=@]\S*/g, ' ')
      .replace(/\b[a-z]+[A-Z]\w*/g, ' ')
      .toLowerCase()
      .match(/[a-zà-öø-ÿĀ-ž’']+/g) ?? []
  ).filter((w) => w.length >= 3);

const ENGLISH = new Set(
  [
    ...Object.values(webEnglish),
    ...Object.values(serverEnglish),
    ...METRICS.flatMap((m) => [m.label, m.formula]),
    COMMON_ENGLISH,
  ]
    .map((text) => text.replace(/\{\w+\}/g, ' '))
    .flatMap(words),
);

/**
 * The texts a person sees or hears: visible text nodes (commands in <code> aside) and the
 * aria-label, title and placeholder attributes.
 */
const SHOWN_TEXTS = `(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest('code, script, style, option:not(:checked)')) continue;
    if (element.checkVisibility && !element.checkVisibility()) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  for (const element of document.querySelectorAll('[aria-label], [title], [placeholder]'))
    for (const name of ['aria-label', 'title', 'placeholder']) {
      const value = element.getAttribute(name);
      if (value) out.push(value);
    }
  return out;
})()`;

let fx: DemoFixture;
let server: RunningServer;
let browser: Browser;
let demo: Demo;
/** Names from the data (customers, plans, countries, channels, goals): kept as written. */
let dataWords: Set<string>;

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${fx.adminKey}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  expect(res.status, path).toBeLessThan(300);
  return (await res.json()) as T;
}

beforeAll(async () => {
  if (!hasChromium) return;
  fx = await demoFixture({ customers: 60 });
  server = await startServe(fx.db); // builds web/dist first if it is missing
  browser = await launchChromium();
  demo = await prepareDemo(api);
  const customers = await api<{ items: { customer_id: string; name: string | null }[] }>(
    '/customers?limit=500',
  );
  const segments = await api<{ items: { values: string[] }[] }>('/segments');
  const goals = await api<{ items: { name: string }[] }>('/goals/status');
  const me = await api<{ workspace: string }>('/me');
  const keys = await api<{ items: { label: string | null }[] }>('/keys');
  dataWords = new Set(
    [
      ...customers.items.flatMap((c) => [c.customer_id, c.name ?? '']),
      ...segments.items.flatMap((s) => s.values),
      ...goals.items.map((g) => g.name),
      me.workspace,
      ...keys.items.map((k) => k.label ?? ''),
    ]
      // Values are data, underscores and all (mid_market shows as "Mid-market").
      .map((value) => value.replace(/[_@.]/g, ' '))
      .flatMap(words),
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fx?.cleanup();
});

/** The English words a page shows, each with the text it appears in. */
async function englishOn(page: Page, language: string): Promise<string[]> {
  const kept = new Set(words(`${KEPT_EVERYWHERE} ${SAME_IN[language] ?? ''}`));
  const texts = (await page.evaluate(SHOWN_TEXTS)) as string[];
  const found = new Set<string>();
  for (const text of texts)
    for (const word of words(text))
      if (ENGLISH.has(word) && !kept.has(word) && !dataWords.has(word))
        found.add(`${word} (in "${text.slice(0, 120)}")`);
  return [...found];
}

describe.skipIf(!hasChromium)('the dashboard in another language', () => {
  for (const [language, locale] of [
    ['fr', 'fr-FR'],
    ['pl', 'pl-PL'],
    ['de', 'de-DE'],
  ] as const)
    it(`has no English left on any page in ${locale}`, async () => {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      const left: string[] = [];

      await page.goto(server.url);
      await page.locator('form button[type="submit"]').waitFor({ timeout: 60_000 });
      left.push(...(await englishOn(page, language)).map((w) => `sign-in: ${w}`));

      await signInWithKey(page, server.url, fx.adminKey);
      for (const route of ROUTES) {
        await openRoute(page, server.url, route, demo);
        left.push(...(await englishOn(page, language)).map((w) => `${route.name}: ${w}`));
        if (language === 'fr') await shot(page, `fr-${slug(route)}`);
      }
      expect(left, `English on the ${locale} pages:\n${left.join('\n')}`).toEqual([]);
      await context.close();
    }, 600_000);

  it('words the insight sentences with the locale’s money format, as the cards are', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await signInWithKey(page, server.url, fx.viewerKey);
    const insights = page.getByTestId('insights');
    await insights.waitFor({ timeout: 60_000 });
    const text = (await insights.textContent()) ?? '';
    expect(text).toMatch(/\d{1,3}(\u202f\d{3})*,\d{2}\u00a0\$US/);
    expect(text).not.toMatch(/\$\d/);
    await context.close();
  }, 120_000);
});
