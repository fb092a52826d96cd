/**
 * The movements feed agrees with the chart and the CLI: over any period its totals per type
 * are the period's movement metrics (the MRR movements chart's bars), for the whole
 * workspace and for a plan; the CLI's `movements` log over the same days adds up to the
 * same; the CSV and XLSX downloads hold the feed's rows.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { injectedDemo } from '../../../test/fixtures/api/injected-demo.ts';
import { northstarOn } from '../../../test/cli/run-cli.ts';
import { cents, MOVEMENT_BARS as BARS } from '../../../test/fixtures/api/movement-bars.ts';

const demo = injectedDemo(80);
const { get, json } = demo;

interface Feed {
  currency: string;
  totals: Record<string, number>;
  total: number;
  items: {
    date: string;
    period: string;
    customer_id: string;
    name: string | null;
    type: string;
    amount: number;
  }[];
}
interface Report {
  periods: {
    period: string;
    start: string;
    end: string;
    through?: string;
    metrics: Record<string, number | null>;
  }[];
}

/** Each period's feed totals beside the chart's metrics for the same query. */
async function expectFeedEqualsChart(segment: string): Promise<number> {
  const report = await json<Report>(`/metrics?metric=${Object.values(BARS).join(',')}${segment}`);
  let compared = 0;
  for (const p of report.periods.slice(-14)) {
    // The running month counts through today, as the chart's bar does.
    const to = p.through ?? p.end;
    const feed = await json<Feed>(`/movements?from=${p.start}&to=${to}&limit=1${segment}`);
    for (const [type, metric] of Object.entries(BARS))
      expect(cents(feed.totals[type]!), `${p.period} ${type}${segment}`).toBe(
        cents(p.metrics[metric] ?? 0),
      );
    compared += feed.total;
  }
  return compared;
}

describe('movements feed', () => {
  it("totals per type equal the chart's bars in every period, for the workspace and a plan", async () => {
    expect(await expectFeedEqualsChart('')).toBeGreaterThan(20);
    const segments = await json<{ items: { attribute: string; values: string[] }[] }>('/segments');
    const plan = segments.items.find((a) => a.attribute === 'plan')!.values[0]!;
    expect(
      await expectFeedEqualsChart(`&segment=${encodeURIComponent(`plan=${plan}`)}`),
    ).toBeGreaterThan(0);
  });

  it('names the customers, keeps the type filter and adds up with the CLI over the same days', async () => {
    const report = await json<Report>('/metrics?metric=new_mrr');
    const p = report.periods.at(-2)!;
    const feed = await json<Feed>(`/movements?from=${p.start}&to=${p.end}&limit=500`);
    expect(feed.items.length).toBe(feed.total);
    expect(feed.items.every((m) => m.period === p.period)).toBe(true);
    // Newest first.
    const dates = feed.items.map((m) => m.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(feed.items.some((m) => m.name)).toBe(true);
    const news = await json<Feed>(`/movements?from=${p.start}&to=${p.end}&type=new&limit=500`);
    expect(news.items.every((m) => m.type === 'new')).toBe(true);
    expect(news.totals.new).toBe(feed.totals.new);
    expect(news.totals.expansion).toBe(0);

    const cli = await northstarOn(demo.fx.db)(
      'movements',
      '--from',
      p.start,
      '--to',
      p.end,
      '--format',
      'json',
    );
    expect(cli.code, cli.stderr).toBe(0);
    const log = JSON.parse(cli.stdout) as { movements: { type: string; amount: number }[] };
    expect(log.movements.length).toBe(feed.total);
    for (const type of ['new', 'expansion', 'reactivation', 'contraction', 'churned'])
      expect(
        log.movements.filter((m) => m.type === type).reduce((s, m) => s + cents(m.amount), 0),
        type,
      ).toBe(cents(feed.totals[type]!));
  });

  it('downloads the feed as CSV and XLSX with the same rows', async () => {
    const report = await json<Report>('/metrics?metric=mrr');
    const p = report.periods.at(-2)!;
    const range = `from=${p.start}&to=${p.end}`;
    const feed = await json<Feed>(`/movements?${range}&limit=500`);
    const csv = await get(`/movements.csv?${range}`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="northstar-movements.csv"',
    );
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('date,period,customer_id,name,type,amount,mrr_before,mrr_after');
    expect(lines.length - 1).toBe(feed.total);
    expect(
      lines[1]!.startsWith(`${feed.items[0]!.date},${p.period},${feed.items[0]!.customer_id},`),
    ).toBe(true);

    const xlsx = await get(`/movements.xlsx?${range}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('movements')!;
    expect(sheet.rowCount - 1).toBe(feed.total);
    const amounts = feed.items.map((m) => m.amount);
    const sheetAmounts = sheet.getColumn(6).values.slice(2) as number[];
    expect(sheetAmounts).toEqual(amounts);
  });

  it("for one customer, the customer page's movements", async () => {
    const top = await json<{ items: { customer_id: string }[] }>('/customers?limit=1');
    const id = top.items[0]!.customer_id;
    const detail = await json<{ movements: { date: string; type: string; amount: number }[] }>(
      `/customers/${encodeURIComponent(id)}`,
    );
    const feed = await json<Feed>(`/movements?customer_id=${encodeURIComponent(id)}&limit=500`);
    expect(feed.items.map((m) => [m.date, m.type, m.amount]).reverse()).toEqual(
      detail.movements.map((m) => [m.date, m.type, m.amount]),
    );
  });
});
