/**
 * Every page of the dashboard, as one list: the translation test visits each in French,
 * Polish and German, and `npm run screenshot` photographs each. A new page adds its line.
 */
import type { Page } from 'playwright-core';

/** What a route needs from the demo data (a customer id, a complete month). */
export interface Demo {
  readonly customerId: string;
  readonly lastMonth: string;
}

export interface Route {
  readonly name: string;
  readonly path: (demo: Demo) => string;
  /** Shown once the page has its data. */
  readonly ready: string;
}

/** Every page, and one metric page of each kind (money, rate, ratio, count, survey, months). */
export const ROUTES: readonly Route[] = [
  { name: 'overview', path: () => '/', ready: '[data-testid="insights"]' },
  { name: 'metrics index', path: () => '/metrics', ready: 'dl.definitions' },
  { name: 'metric: money', path: () => '/metrics/mrr', ready: '[data-testid="breakdown"]' },
  {
    name: 'metric: rate',
    path: () => '/metrics/customer_churn_rate',
    ready: '[data-testid="formula"]',
  },
  { name: 'metric: ratio', path: () => '/metrics/quick_ratio', ready: '[data-testid="formula"]' },
  { name: 'metric: count', path: () => '/metrics/customers', ready: '[data-testid="formula"]' },
  { name: 'metric: survey', path: () => '/metrics/nps', ready: '[data-testid="formula"]' },
  {
    name: 'metric: months',
    path: () => '/metrics/runway_months',
    ready: '[data-testid="formula"]',
  },
  { name: 'cohorts', path: () => '/cohorts', ready: '[data-testid="cohorts"]' },
  { name: 'customers', path: () => '/customers', ready: '[data-testid="customers"]' },
  {
    name: 'customer page',
    path: (d) => `/customers/${encodeURIComponent(d.customerId)}`,
    ready: '[data-testid="mrr-lines"]',
  },
  {
    name: 'contributors',
    path: (d) => `/metrics/new_mrr/contributors/${d.lastMonth}`,
    ready: '[data-testid="contributors"]',
  },
  { name: 'forecast', path: () => '/forecast', ready: '[data-testid="scenario-table"]' },
  { name: 'goals', path: () => '/goals', ready: '[data-testid="goals"]' },
  { name: 'import', path: () => '/import', ready: '[data-testid="dropzone"]' },
  { name: 'settings', path: () => '/settings', ready: '[data-testid="settings-title"]' },
  { name: 'movements', path: () => '/movements', ready: '[data-testid="movement-feed"]' },
];

/** A file-name form of a route's name: "metric: money" → "metric-money". */
export const slug = (route: Route) => route.name.replace(/\W+/g, '-');

type Api = <T>(path: string, init?: RequestInit) => Promise<T>;

/**
 * Gives the demo workspace a goal (the goals page shows it) and reads what the routes need.
 */
export async function prepareDemo(api: Api): Promise<Demo> {
  const year = new Date().getUTCFullYear();
  await api('/goals', {
    method: 'POST',
    body: JSON.stringify({
      name: 'ARR 1M',
      kind: 'money',
      metric: 'arr',
      start: `${year}-01-01`,
      due: `${year + 1}-12-31`,
      target: 1_000_000,
    }),
  });
  const customers = await api<{ items: { customer_id: string }[] }>('/customers?limit=1');
  const report = await api<{ periods: { period: string; partial?: true }[] }>(
    '/metrics?metric=mrr',
  );
  return {
    customerId: customers.items[0]!.customer_id,
    lastMonth: report.periods.filter((p) => !p.partial).at(-1)!.period,
  };
}

/** Opens a route and waits until its data, its requests and its charts have settled. */
export async function openRoute(page: Page, url: string, route: Route, demo: Demo) {
  await page.goto(`${url}${route.path(demo)}`);
  await page.locator(route.ready).first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  // Charts draw on the next frames.
  await page.waitForTimeout(300);
}
