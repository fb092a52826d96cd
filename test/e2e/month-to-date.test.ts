/**
 * The month-to-date cards beside the same days of the previous month (issue 14), in a real
 * browser against `northstar serve`, on a history laid out from today: customer A ($1,000)
 * since three months ago, B ($500) new on the 1st of the previous month, C ($300) new on the
 * 1st of the running one. So today MRR is $1,800 against $1,500 on the previous month's
 * equivalent day (+20%), and new MRR $300 against $500 (−40%), whatever day of the month
 * it is. On a month's last day that month is complete: there is no month-to-date to check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../../src/auth/keys.ts';
import {
  firstDayOfMonth,
  formatDay,
  lastDayOfMonth,
  monthIndexOfDay,
  parseIsoDay,
} from '../../src/model/day.ts';
import { dayRangeText } from '../../src/model/day-range.ts';
import { openStore } from '../../src/store/open.ts';
import { customer, invoice, subscription } from '../fixtures/engine/test-rows.ts';
import { hasChromium, launchChromium, shot, signInWithKey } from './browser.ts';
import { startServe, type RunningServer } from './serve.ts';

const WS = 'default';
const today = parseIsoDay(new Date().toISOString().slice(0, 10))!;
const thisMonth = monthIndexOfDay(today);
const lastDay = today === lastDayOfMonth(thisMonth);
const first = (k: number) => formatDay(firstDayOfMonth(thisMonth + k));
// The previous month's equivalent day: as many days from its 1st, at most its last day.
const previousFrom = firstDayOfMonth(thisMonth - 1);
const sameDay = Math.min(
  previousFrom + (today - firstDayOfMonth(thisMonth)),
  lastDayOfMonth(thisMonth - 1),
);

/** Chromium's and Node's ICU may space a range differently ("Nov 1 – 6" with thin spaces). */
const spaced = (text: string) => text.replace(/\s+/g, ' ');

let dir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!hasChromium || lastDay) return;
  dir = mkdtempSync(join(tmpdir(), 'northstar-mtd-e2e-'));
  const db = join(dir, 'mtd.duckdb');
  const store = await openStore({ db });
  let key: string;
  try {
    await store.updateWorkspace(WS, { currency: 'USD' });
    await store.upsert(
      WS,
      'customers',
      ['a', 'b', 'c'].map((id) => customer(id)),
    );
    await store.upsert(WS, 'subscriptions', [
      subscription('a', 100_000, first(-3)),
      subscription('b', 50_000, first(-1)),
      subscription('c', 30_000, first(0)),
    ]);
    // A one-time invoice and costs (no MRR): LTV to CAC has its inputs, and it averages
    // churn over whole months, so its month-to-date card is not compared.
    await store.upsert(WS, 'invoices', [
      invoice({ invoice_id: 'i1', customer_id: 'a', type: 'one_time', issued_at: previousFrom }),
    ]);
    await store.upsert(
      WS,
      'costs',
      (['cogs', 'sales', 'marketing'] as const).map((category) => ({
        date: previousFrom,
        category,
        amount: 10_000,
        currency: 'USD',
        channel: '',
      })),
    );
    const admin = await newApiKey({ workspaceId: WS, role: 'admin' });
    await store.createApiKey(admin.record);
    key = admin.token;
  } finally {
    await store.close();
  }
  server = await startServe(db); // builds web/dist first if it is missing
  browser = await launchChromium();
  page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await signInWithKey(page, server.url, key);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium || lastDay)('month-to-date cards on a known history', () => {
  it('labels the change "vs" the same days of the previous month, compared on them', async () => {
    await page.getByRole('radio', { name: `${first(0).slice(0, 7)} month-to-date` }).check();
    const days = spaced(dayRangeText(formatDay(previousFrom), formatDay(sameDay), 'en-US'));
    const text = async (id: string) => spaced((await page.getByTestId(id).textContent()) ?? '');
    await expect.poll(() => text('deltas-mrr'), { timeout: 30_000 }).toBe(`vs ${days}: +20.0%`);
    expect(await text('deltas-net_new_mrr')).toBe(`vs ${days}: −40.0%`);
    expect(await page.getByTestId('kpi-mrr').getAttribute('data-value')).toBe('1800');
    expect(await text('partial-note')).toContain(
      `compared with the same days of ${first(-1).slice(0, 7)} (${days})`,
    );
    await shot(page, 'month-to-date-same-days');
  });

  it('says why a card averaged over whole months is not compared', async () => {
    await page.goto(`${server.url}/?preset=growth&period=to-date`);
    const note = page.getByTestId('not-compared-ltv_to_cac');
    await note.waitFor({ timeout: 30_000 });
    expect(await note.textContent()).toBe('Not compared: it averages whole months');
  });
});
