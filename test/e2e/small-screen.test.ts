/**
 * Every page of the dashboard at 390 px (a phone) in a real browser: nothing makes the page
 * scroll sideways (wide tables scroll inside their own box).
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, shot, signInWithKey } from './browser.ts';
import { servedDemo } from './served-demo.ts';

const demo = servedDemo(80);

describe.skipIf(!hasChromium)('small screen', () => {
  it('has no horizontal scroll at 390 px on any page', async () => {
    const customers = await demo.api<{ items: { customer_id: string }[] }>('/customers?limit=1');
    const report = await demo.api<{ periods: { period: string; partial?: true }[] }>(
      '/metrics?metric=new_mrr',
    );
    const month = report.periods.filter((p) => !p.partial).at(-1)!.period;
    const pages = [
      '/',
      '/metrics',
      '/metrics/mrr',
      '/metrics/customer_churn_rate',
      `/metrics/new_mrr/contributors/${month}`,
      '/movements',
      `/movements?period=${month}`,
      '/cohorts',
      '/cohorts?retention=mrr',
      '/customers',
      `/customers/${encodeURIComponent(customers.items[0]!.customer_id)}`,
      '/goals',
      '/forecast',
      '/import',
      '/settings',
    ];
    const phone = await demo.browser.newContext({
      locale: 'en-US',
      viewport: { width: 390, height: 844 },
    });
    const small = await phone.newPage();
    await signInWithKey(small, demo.server.url, demo.fx.adminKey);
    const wide: string[] = [];
    for (const path of pages) {
      await small.goto(`${demo.server.url}${path}`);
      await small.locator('main h1').first().waitFor({ timeout: 45_000 });
      await small.waitForLoadState('networkidle');
      const width = Number(await small.evaluate('document.documentElement.scrollWidth'));
      if (width > 390) wide.push(`${path}: ${width} px`);
      await shot(small, `390${path.replace(/[/?=]+/g, '-')}`);
    }
    expect(wide).toEqual([]);
    await phone.close();
  }, 300_000);
});
