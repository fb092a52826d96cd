/**
 * The goals page and the month-to-date cards in a real browser (Debian's Chromium through
 * playwright-core) against a real `northstar serve` process, on a known history: one new
 * $1,000 customer on the 1st of each of the twelve months before the running one, and a
 * $1,000 one on the 1st of the running month. So MRR is $1,000 × k at the end of the k-th
 * of those months, $12,000 in the last complete month and $13,000 month-to-date.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../../src/auth/keys.ts';
import {
  firstDayOfMonth,
  formatDay,
  lastDayOfMonth,
  monthIndexOfDay,
  parseIsoDay,
} from '../../src/model/day.ts';
import { openStore } from '../../src/store/open.ts';
import { customer, subscription } from '../fixtures/engine/test-rows.ts';
import { hasChromium, launchChromium, shot, signInWithKey } from './browser.ts';
import { startServe, type RunningServer } from './serve.ts';

const WS = 'default';
let dir: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminKey: string;
let viewerKey: string;

/**
 * The running month (UTC, the workspace's time zone) as a month index, and month k after
 * it. On a month's last day that month already counts as complete (periods ending today
 * are whole), so the history is laid out from the next one and there is no month-to-date.
 */
const today = parseIsoDay(new Date().toISOString().slice(0, 10))!;
const thisMonth = monthIndexOfDay(today);
const lastDay = today === lastDayOfMonth(thisMonth);
const running = lastDay ? thisMonth + 1 : thisMonth;
const first = (k: number) => formatDay(firstDayOfMonth(running + k));
const last = (k: number) => formatDay(lastDayOfMonth(running + k));
const label = (k: number) => first(k).slice(0, 7);
const days = (a: string, b: string) => parseIsoDay(b)! - parseIsoDay(a)!;

async function api<T>(path: string, init: RequestInit = {}, key = adminKey): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  expect(res.status, path).toBeLessThan(300);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

interface Status {
  id: string;
  name: string;
  progress: number;
  expected: number;
  status: string;
  lineStatus: string;
  baseline: number | null;
  current: number | null;
  forecast: { probability: number; period: string } | null;
}
const statuses = async () => (await api<{ items: Status[] }>('/goals/status')).items;

beforeAll(async () => {
  if (!hasChromium) return;
  dir = mkdtempSync(join(tmpdir(), 'northstar-goals-e2e-'));
  const db = join(dir, 'goals.duckdb');
  const store = await openStore({ db });
  try {
    await store.updateWorkspace(WS, { currency: 'USD' });
    const starts = Array.from({ length: lastDay ? 12 : 13 }, (_, i) => first(i - 12));
    const ids = starts.map((_, i) => `c${i + 1}`);
    await store.upsert(
      WS,
      'customers',
      ids.map((id) => customer(id, { name: `Customer ${id}` })),
    );
    await store.upsert(
      WS,
      'subscriptions',
      ids.map((id, i) => subscription(id, 100_000, starts[i]!)),
    );
    const admin = await newApiKey({ workspaceId: WS, role: 'admin', label: 'e2e admin' });
    const viewer = await newApiKey({ workspaceId: WS, role: 'viewer' });
    await store.createApiKey(admin.record);
    await store.createApiKey(viewer.record);
    adminKey = admin.token;
    viewerKey = viewer.token;
  } finally {
    await store.close();
  }
  server = await startServe(db); // builds web/dist first if it is missing
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US' });
  page = await context.newPage();
  await signInWithKey(page, server.url, adminKey);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('goals page and periods on a known history', () => {
  it('cards show the last complete month by default and month-to-date on request', async () => {
    const card = page.getByTestId('kpi-mrr');
    await card.waitFor();
    expect(Number(await card.getAttribute('data-value'))).toBe(12_000);
    if (lastDay) return; // no running month today
    await page.getByRole('radio', { name: `${label(0)} month-to-date` }).check();
    await page.getByTestId('partial-note').waitFor();
    await expect.poll(async () => Number(await card.getAttribute('data-value'))).toBe(13_000);
    await shot(page, 'goals-known-overview-month-to-date');
  });

  it("shows a goal's progress from its baseline and its pace on the line and the forecast", async () => {
    // Start on the 1st of month −6: the baseline is month −7 ($6,000 with six customers).
    const start = first(-6);
    const due = last(5);
    await api('/goals', {
      method: 'POST',
      body: JSON.stringify({
        id: 'mrr-18k',
        name: 'MRR $18k',
        kind: 'money',
        metric: 'mrr',
        start,
        due,
        target: 18_000,
      }),
    });
    await page.getByRole('link', { name: 'Goals' }).click();
    const row = page.locator('tr[data-goal="mrr-18k"]');
    await row.waitFor();

    const [g] = (await statuses()).filter((s) => s.id === 'mrr-18k');
    // Known answers: $6,000 → $12,000 of the way to $18,000 is half; the line on the last
    // day of the last complete month asks for the share of the days elapsed.
    expect(g).toMatchObject({ baseline: 6_000, current: 12_000, progress: 0.5 });
    const expected = days(start, last(-1)) / days(start, due);
    expect(g!.expected).toBeCloseTo(expected, 12);
    expect(g!.lineStatus).toBe(expected - 0.5 <= 0.05 ? 'on_track' : 'at_risk');
    expect(g!.forecast?.period).toBe(label(5));

    expect(await row.getByTestId('goal-baseline').textContent()).toBe(`$6,000.00 ${label(-7)}`);
    expect(await row.getByTestId('goal-current').textContent()).toBe(`$12,000.00 ${label(-1)}`);
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    expect(await row.getByTestId('goal-progress').textContent()).toBe('50%');
    const chance = `${Math.round(g!.forecast!.probability * 100)}% by ${label(5)}`;
    expect(await row.getByTestId('goal-forecast').textContent()).toBe(chance);
    const words = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' } as const;
    const pacing = await row.getByTestId('goal-pacing').textContent();
    expect(pacing).toContain(words[g!.status as keyof typeof words]);
    await shot(page, 'goals-known');
  });

  it('creates a goal from the page, refusing bad fields beside them first', async () => {
    await page.getByRole('button', { name: 'New goal' }).click();
    const form = page.getByRole('form', { name: 'New goal' });
    await form.locator('input[name="name"]').fill('');
    await form.getByRole('button', { name: 'Save goal' }).click();
    expect(await form.getByRole('alert').allTextContents()).toEqual(
      expect.arrayContaining(['Give the goal a name.', 'Choose a metric.']),
    );
    await form.locator('input[name="name"]').fill('Churn under 3%');
    await form.locator('select[name="metric"]').selectOption('customer_churn_rate');
    await form.locator('input[name="target"]').fill('3');
    await form.locator('input[name="start"]').fill(first(-3));
    await form.locator('input[name="due"]').fill(first(-4));
    await form.getByRole('button', { name: 'Save goal' }).click();
    await form.getByText('The due date must be after the start.').waitFor();
    expect(await form.locator('input[name="due"]').getAttribute('aria-invalid')).toBe('true');
    await form.locator('input[name="due"]').fill(last(8));
    await shot(page, 'goals-form');
    await form.getByRole('button', { name: 'Save goal' }).click();
    await page.getByRole('status').filter({ hasText: 'Goal saved.' }).waitFor();

    const stored = await api<{ items: { name: string; target: number; id: string }[] }>('/goals');
    const churn = stored.items.find((s) => s.name === 'Churn under 3%')!;
    expect(churn.target).toBeCloseTo(0.03, 12);
    const row = page.locator(`tr[data-goal="${churn.id}"]`);
    await row.waitFor();
    expect(await row.locator('th').textContent()).toContain('lower is better');
    // No customer ever left: churn is 0 % in every complete month, the goal is held.
    expect(await row.getByTestId('goal-current').textContent()).toBe(`0.0% ${label(-1)}`);
    expect(await row.getByTestId('goal-pacing').textContent()).toContain('Achieved');
  });

  it('edits a goal from the page', async () => {
    await page.getByRole('button', { name: 'Edit MRR $18k' }).click();
    const form = page.getByRole('form', { name: 'Edit goal' });
    expect(await form.locator('input[name="target"]').inputValue()).toBe('18000');
    await form.locator('input[name="target"]').fill('abc');
    await form.getByRole('button', { name: 'Save goal' }).click();
    await form.getByText('The target must be a number.').waitFor();
    await form.locator('input[name="name"]').fill('MRR $24k');
    await form.locator('input[name="target"]').fill('24,000');
    await form.getByRole('button', { name: 'Save goal' }).click();
    await page.getByRole('status').filter({ hasText: 'Goal saved.' }).waitFor();
    const row = page.locator('tr[data-goal="mrr-18k"]');
    await row.getByText('MRR $24k').waitFor();
    // $6,000 → $12,000 of the way to $24,000: a third.
    expect(await row.getByTestId('goal-progress').textContent()).toBe('33%');
    const [g] = (await statuses()).filter((s) => s.id === 'mrr-18k');
    expect(g).toMatchObject({ name: 'MRR $24k', baseline: 6_000 });
    expect(g!.progress).toBeCloseTo(1 / 3, 12);
  });

  it('deletes a goal from the page after a confirmation', async () => {
    await page.getByRole('button', { name: 'Delete MRR $24k' }).click();
    await page.getByText('Delete “MRR $24k”?').waitFor();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Goal deleted.' }).waitFor();
    await page.locator('tr[data-goal="mrr-18k"]').waitFor({ state: 'detached' });
    expect((await statuses()).map((s) => s.id)).not.toContain('mrr-18k');
  });

  it('a viewer sees the goals but no buttons to change them', async () => {
    const viewer = await browser.newContext({ locale: 'en-US' });
    const viewerPage = await viewer.newPage();
    await signInWithKey(viewerPage, server.url, viewerKey);
    await viewerPage.getByRole('link', { name: 'Goals' }).click();
    await viewerPage.getByTestId('goals').waitFor();
    expect(await viewerPage.getByRole('button', { name: 'New goal' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: /^Delete / }).count()).toBe(0);
    await viewer.close();
  });
});
