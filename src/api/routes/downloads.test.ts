/**
 * Every table and chart of the dashboard downloads as CSV and XLSX from the API, built from
 * the same answer as its JSON: the same rows, the same numbers.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { injectedDemo } from '../../../test/fixtures/api/injected-demo.ts';

const demo = injectedDemo(60);

/** A CSV download's rows (header first); the demo's text has no quoted commas. */
async function csvRows(path: string): Promise<string[][]> {
  const res = await demo.get(path);
  expect(res.headers['content-type'], path).toMatch(/^text\/csv; charset=utf-8/);
  expect(res.headers['content-disposition'], path).toMatch(/^attachment; filename="northstar-/);
  return res.body
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

/** An XLSX download's first sheet as rows of cell values (header first). */
async function sheetRows(path: string): Promise<unknown[][]> {
  const res = await demo.get(path);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

interface Period {
  period: string;
  metrics: Record<string, number | null>;
}

describe('downloads', () => {
  it('the MRR movements chart and the breakdown chart: a row per period (and value)', async () => {
    const ids = 'new_mrr,churned_mrr,net_new_mrr';
    const report = await demo.json<{ periods: Period[] }>(`/metrics?metric=${ids}`);
    const csv = await csvRows(`/metrics.csv?metric=${ids}`);
    expect(csv[0]).toEqual(['period', 'start', 'end', 'new_mrr', 'churned_mrr', 'net_new_mrr']);
    expect(csv.slice(1).map((r) => [r[0], Number(r[5])])).toEqual(
      report.periods.map((p) => [p.period, p.metrics.net_new_mrr]),
    );

    const by = await demo.json<{ series: { value: string; periods: Period[] }[] }>(
      '/metrics?metric=mrr&by=plan',
    );
    const expected = by.series.flatMap((s) =>
      s.periods.map((p) => [p.period, s.value, p.metrics.mrr]),
    );
    const breakdown = await csvRows('/metrics.csv?metric=mrr&by=plan');
    expect(breakdown[0]).toEqual(['period', 'start', 'end', 'plan', 'mrr']);
    expect(breakdown.slice(1).map((r) => [r[0], r[3], r[4] === '' ? null : Number(r[4])])).toEqual(
      expected,
    );
    const sheet = await sheetRows('/metrics.xlsx?metric=mrr&by=plan');
    expect(sheet.slice(1).map((r) => [r[0], r[3], r[4] ?? null])).toEqual(expected);
  });

  it('the cohorts, customers and contributors tables', async () => {
    const cohorts = await demo.json<{
      cohorts: { cohort: string; months: { month: number; mrr: number }[] }[];
    }>('/cohorts');
    const cells = cohorts.cohorts.flatMap((c) => c.months.map((m) => [c.cohort, m.month, m.mrr]));
    const cohortCsv = await csvRows('/cohorts.csv');
    expect(cohortCsv.slice(1).map((r) => [r[0], Number(r[3]), Number(r[5])])).toEqual(cells);
    expect((await sheetRows('/cohorts.xlsx')).slice(1).map((r) => [r[0], r[3], r[5]])).toEqual(
      cells,
    );

    const customers = await demo.json<{ items: { customer_id: string; mrr: number }[] }>(
      '/customers?status=active&sort=-mrr&limit=500',
    );
    const list = await sheetRows('/customers.xlsx?status=active&sort=-mrr');
    expect(list[0]).toContain('churned_on');
    expect(list.slice(1).map((r) => [r[0], r[6]])).toEqual(
      customers.items.map((c) => [c.customer_id, c.mrr]),
    );
    const listCsv = await csvRows('/customers.csv?status=active&sort=-mrr');
    expect(listCsv[0]).toEqual(list[0]);
    expect(listCsv.slice(1).map((r) => [r[0], Number(r[6])])).toEqual(
      customers.items.map((c) => [c.customer_id, c.mrr]),
    );

    const report = await demo.json<{ periods: Period[] }>('/metrics?metric=new_mrr');
    const period = report.periods.at(-2)!.period;
    const drill = await demo.json<{ contributors: { customer_id: string; amount: number }[] }>(
      `/metrics/new_mrr/contributors?period=${period}`,
    );
    const rows = await csvRows(`/metrics/new_mrr/contributors.csv?period=${period}`);
    expect(rows.slice(1).map((r) => [r[0], Number(r[2])])).toEqual(
      drill.contributors.map((c) => [c.customer_id, c.amount]),
    );
  });

  it('the forecast and its backtest', async () => {
    const forecast = await demo.json<{
      forecast: { period: string; value: number; lo95: number }[];
      backtest: { models: { id: string; mase: number | null }[] };
    }>('/forecast?metric=mrr');
    const rows = await sheetRows('/forecast.xlsx?metric=mrr');
    expect(rows[0]).toEqual(['period', 'value', 'lo80', 'hi80', 'lo95', 'hi95', 'expected_error']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual(
      forecast.forecast.map((f) => [f.period, f.value, f.lo95]),
    );
    const models = await csvRows('/forecast/backtest.csv?metric=mrr');
    expect(models.slice(1).map((r) => r[0])).toEqual(forecast.backtest.models.map((m) => m.id));
  });

  it("a customer's MRR lines, history and subscriptions", async () => {
    const top = await demo.json<{ items: { customer_id: string }[] }>('/customers?limit=1');
    const id = encodeURIComponent(top.items[0]!.customer_id);
    const detail = await demo.json<{
      mrr_lines: { id: string; mrr: number }[];
      mrr_history: { date: string; mrr: number }[];
      subscriptions: { subscription_id: string }[];
    }>(`/customers/${id}`);
    const lines = await sheetRows(`/customers/${id}/lines.xlsx`);
    expect(lines.slice(1).map((r) => [r[1], r.at(-1)])).toEqual(
      detail.mrr_lines.map((l) => [l.id, l.mrr]),
    );
    const history = await csvRows(`/customers/${id}/history.csv`);
    expect(history.slice(1).map((r) => [r[0], Number(r[1])])).toEqual(
      detail.mrr_history.map((h) => [h.date, h.mrr]),
    );
    const subscriptions = await csvRows(`/customers/${id}/subscriptions.csv`);
    expect(subscriptions.slice(1).map((r) => r[0])).toEqual(
      detail.subscriptions.map((x) => x.subscription_id),
    );
  });
});
