/**
 * The settings page in a real browser against a real `northstar serve`: API keys and alert
 * rules created, edited and deleted from the page; a definition profile chosen in the page
 * changes the overview's figures.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture, type DemoFixture } from '../fixtures/api/test-fixture.ts';
import { hasChromium, launchChromium, shot, signInWithKey } from './browser.ts';
import { startServe, type RunningServer } from './serve.ts';
import { en } from '../../web/src/i18n/en.ts';
import { fr } from '../../web/src/i18n/fr.ts';

let fx: DemoFixture;
let server: RunningServer;
let browser: Browser;
let page: Page;
/** A webhook receiver on this machine: what the page's test delivery sent. */
let receiver: Server;
const received: string[] = [];

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    headers: { authorization: `Bearer ${fx.adminKey}` },
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function openSettings(): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('settings-title').waitFor({ timeout: 45_000 });
}

beforeAll(async () => {
  if (!hasChromium) return;
  fx = await demoFixture({ customers: 60 });
  server = await startServe(fx.db); // builds web/dist first if it is missing or stale
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'en-US' });
  page = await context.newPage();
  // Deleting asks for confirmation (window.confirm): the test answers yes.
  page.on('dialog', (dialog) => void dialog.accept());
  await signInWithKey(page, server.url, fx.adminKey);
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
}, 240_000);

afterAll(async () => {
  receiver?.close();
  await browser?.close();
  await server?.stop();
  fx?.cleanup();
});

describe.skipIf(!hasChromium)('settings page', () => {
  it('is its own page, not the overview', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByTestId('settings-title').waitFor({ timeout: 45_000 });
    expect(await page.getByTestId('overview-title').count()).toBe(0);
    await page.getByTestId('workspace-settings').waitFor({ timeout: 45_000 });
    expect(await page.locator('select[name="currency"]').inputValue()).toBe('USD');
    await page.getByTestId('api-keys').waitFor({ timeout: 45_000 });
    await page.getByText('No alert rules yet.').waitFor({ timeout: 45_000 });
    await page.getByText('No webhooks yet.').waitFor({ timeout: 45_000 });
    await shot(page, 'settings');
  }, 90_000);

  it('creates an API key (secret shown once, and it works) and revokes it', async () => {
    await openSettings();
    await page.locator('select[name="key-role"]').selectOption('viewer');
    await page.locator('input[name="key-label"]').fill('e2e reporting');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('new-api-key');
    await secret.waitFor({ timeout: 45_000 });
    const key = (await secret.textContent())!.trim();
    expect(key).toMatch(/^ns_[0-9a-f]{16}_/);
    const keyId = key.split('_')[1]!;
    const row = page.locator(`tr[data-key="${keyId}"]`);
    await row.waitFor({ timeout: 45_000 });
    expect(await row.textContent()).toContain('e2e reporting');
    const me = await fetch(`${server.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { role: string }).role).toBe('viewer');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached', timeout: 45_000 });
    const keys = await api<{ items: { key_id: string }[] }>('/keys');
    expect(keys.items.map((k) => k.key_id)).not.toContain(keyId);
  }, 120_000);

  it('creates, edits and deletes an alert rule', async () => {
    await openSettings();
    const form = page.getByTestId('alert-rule-form');
    await form.locator('input[name="rule-name"]').fill('Churn too high');
    await form.locator('select[name="rule-kind"]').selectOption('threshold');
    await form.locator('select[name="rule-metric"]').selectOption('customer_churn_rate');
    await form.locator('select[name="rule-op"]').selectOption('above');
    await form.locator('input[name="rule-value"]').fill('7');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const row = page.getByTestId('alert-rules').locator('tr', { hasText: 'Churn too high' });
    await row.waitFor({ timeout: 45_000 });
    expect(await row.textContent()).toContain('Customer churn rate above 7.0%');
    type Rules = { items: { id: string; name: string; value?: number; op?: string }[] };
    const created = (await api<Rules>('/alerts/rules')).items.find(
      (r) => r.name === 'Churn too high',
    )!;
    // A rate typed in percent is kept as a fraction.
    expect(created).toMatchObject({ op: 'above', value: 0.07 });

    await row.getByRole('button', { name: 'Edit' }).click();
    expect(await form.locator('input[name="rule-value"]').inputValue()).toBe('7');
    await form.locator('input[name="rule-value"]').fill('5');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await page
      .getByTestId('alert-rules')
      .locator('tr', { hasText: 'above 5.0%' })
      .waitFor({ timeout: 45_000 });
    const edited = (await api<Rules>('/alerts/rules')).items.filter(
      (r) => r.name === 'Churn too high',
    );
    expect(edited).toEqual([expect.objectContaining({ id: created.id, value: 0.05 })]);

    await page
      .getByTestId('alert-rules')
      .locator('tr', { hasText: 'Churn too high' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText('No alert rules yet.').waitFor({ timeout: 45_000 });
    expect((await api<Rules>('/alerts/rules')).items).toEqual([]);
  }, 120_000);

  it('adds a webhook (secret shown once), sends a test delivery and deletes it', async () => {
    await openSettings();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/northstar`;
    await page.locator('input[name="webhook-url"]').fill(url);
    await page.locator('input[name="webhook-description"]').fill('e2e receiver');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = page.getByTestId('new-webhook-secret');
    await secret.waitFor({ timeout: 45_000 });
    expect((await secret.textContent())!.trim()).toMatch(/^[0-9a-f]{64}$/);
    const row = page.getByTestId('webhooks').locator('tr', { hasText: url });
    await row.waitFor({ timeout: 45_000 });

    await row.getByRole('button', { name: 'Send a test' }).click();
    const result = page.getByTestId('webhook-test-result');
    await result.waitFor({ timeout: 45_000 });
    expect(await result.textContent()).toContain('HTTP 200');
    expect(received.map((body) => (JSON.parse(body) as { type: string }).type)).toEqual([
      'webhook.test',
    ]);

    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No webhooks yet.').waitFor({ timeout: 45_000 });
    expect((await api<{ items: unknown[] }>('/webhooks')).items).toEqual([]);
  }, 120_000);

  it('reads in French with no English settings text, and its content fits 390 px', async () => {
    const phone = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 390, height: 844 },
    });
    const small = await phone.newPage();
    await signInWithKey(small, server.url, fx.adminKey);
    // Français chosen in the page (the choice is kept in the browser for the next load).
    await small.getByLabel('Language and number format').selectOption('fr-FR');
    await small.goto(`${server.url}/settings`);
    await small.getByTestId('workspace-settings').waitFor({ timeout: 45_000 });
    await small.getByTestId('api-keys').waitFor({ timeout: 45_000 });
    await small.waitForLoadState('networkidle');
    expect(await small.getByTestId('settings-title').textContent()).toBe(fr['settings.title']);
    const text = await small.locator('main').innerText();
    // Every English message of the page that French words differently must be gone.
    const english = Object.entries(en)
      .filter(([key]) => key.startsWith('settings.'))
      .map(([key, value]) => [value, fr[key as keyof typeof fr]] as const)
      .filter(([value, french]) => value !== french && value.length >= 5 && !value.includes('{'))
      .map(([value]) => value)
      // A word French writes the same ("expansion" in "une expansion") may show.
      .filter((value) => !Object.values(fr).some((french) => french.includes(value)));
    expect(english.filter((value) => text.includes(value))).toEqual([]);
    // The page's own content (the shared header's fit in French is the mobile layout's).
    const width = Number(await small.evaluate("document.querySelector('main').scrollWidth"));
    expect(width).toBeLessThanOrEqual(390);
    await shot(small, 'settings-fr-390');
    await phone.close();
  }, 120_000);

  it('a definition profile chosen in the page changes the overview', async () => {
    const cardValue = async () => {
      const card = page.getByTestId('kpi-customer_churn_rate');
      await card.waitFor({ timeout: 60_000 });
      return card.getAttribute('data-value');
    };
    await page.getByRole('link', { name: 'Overview' }).click();
    const before = await cardValue();
    expect(before).not.toBe('');
    // An essentials card carries a benchmark figure of the workspace's own scale.
    await page.getByTestId('benchmark-gross_mrr_churn_rate').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('benchmark-gross_mrr_churn_rate').textContent()).toMatch(/range/);

    await openSettings();
    await page.locator('select[name="profile"]').selectOption('stripe');
    // The profile's switches show at once, before saving.
    expect(await page.locator('select[name="churn_window"]').inputValue()).toBe('rolling_30_days');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor({ timeout: 45_000 });
    const settings = await api<Record<string, unknown>>('/settings');
    expect(settings).toMatchObject({
      profile: 'stripe',
      churn_timing: 'immediate',
      churn_denominator: 'start_plus_new',
    });

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('overview-title').waitFor({ timeout: 45_000 });
    // The overview may first show its last answer (stale) while the new one is computed:
    // ask as a user would, reloading until it lands (the page's own re-asking is tested
    // in live-as-of.test.ts).
    await expect
      .poll(
        async () => {
          const value = await cardValue();
          if (value === before) await page.reload();
          return value;
        },
        { timeout: 120_000, interval: 3_000 },
      )
      .not.toBe(before);
    const report = await api<{ periods: { metrics: Record<string, number | null> }[] }>(
      '/metrics?metric=customer_churn_rate',
    );
    const values = report.periods.map((p) => String(p.metrics.customer_churn_rate));
    expect(values).toContain(await cardValue());
  }, 180_000);
});
