/**
 * Subscription periods in the shape of the dbt mrr-playbook's `subscription_periods`
 * (customer_id, start_date, end_date exclusive and empty while running, monthly_amount in
 * major units; subscription_id optional): the one file Northstar, our plain-SQL model
 * (bench/sql-model.ts) and any other tool can be timed on.
 *
 *   npx tsx bench/subscription-periods.ts <file.csv> <customers> [seed]
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { addMonths, formatDay, parseIsoDay, type Day } from '../src/model/day.ts';
import { deriveSeed, mulberry32 } from '../src/demo/random.ts';
import { BENCH_END, BENCH_START } from './generate.ts';

export const PERIOD_COLUMNS = [
  'subscription_id',
  'customer_id',
  'start_date',
  'end_date',
  'monthly_amount',
] as const;

const PRICES = [19, 29, 49, 99, 149, 299, 499, 999];
const MONTHS = 36;

/** Lines written through a stream in batches, waiting whenever the stream is behind. */
class LineWriter {
  private lines: string[] = [];
  constructor(private readonly stream: WriteStream) {}

  async add(line: string): Promise<void> {
    this.lines.push(line);
    if (this.lines.length >= 50_000) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/**
 * About 3.4 periods per customer over the 36 bench months (2023-01 to 2025-12): plan
 * changes on any day, pauses then returns, churn; deterministic for a seed.
 */
export async function generateSubscriptionPeriods(
  path: string,
  customers: number,
  seed = 7,
): Promise<{ rows: number }> {
  const rand = mulberry32(deriveSeed(seed, 'subscription-periods'));
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const out = new LineWriter(createWriteStream(path));
  await out.add(PERIOD_COLUMNS.join(','));
  let rows = 0;
  const width = Math.max(6, String(customers).length);
  for (let c = 1; c <= customers; c++) {
    const customer = `c${String(c).padStart(width, '0')}`;
    let start: Day = addMonths(BENCH_START, int(0, MONTHS - 1)) + int(0, 27);
    let price = PRICES[int(0, PRICES.length - 1)]!;
    while (start <= BENCH_END) {
      const end = addMonths(start, int(1, 8)) + int(-3, 3);
      const running = end > BENCH_END && rand() < 0.85;
      rows++;
      await out.add(
        `p${rows},${customer},${formatDay(start)},${running ? '' : formatDay(end)},${price}`,
      );
      if (running) break;
      const next = rand();
      if (next < 0.1) break; // churned for good
      // A plan change the same day, or a pause then a return.
      start = next < 0.8 ? end : addMonths(end, int(1, 4));
      price = Math.max(1, Math.round(price * [0.5, 0.8, 1.25, 2][int(0, 3)]!));
    }
  }
  await out.close();
  return { rows };
}

/**
 * Rewrites a subscription-periods file as a Northstar subscriptions file: one monthly USD
 * line per period, amount = monthly_amount. Throws on a row it cannot read, naming it.
 */
export async function subscriptionsFromPeriods(
  periodsCsv: string,
  subscriptionsCsv: string,
): Promise<{ rows: number }> {
  const lines = createInterface({ input: createReadStream(periodsCsv), crlfDelay: Infinity });
  const out = new LineWriter(createWriteStream(subscriptionsCsv));
  await out.add('subscription_id,customer_id,amount,currency,interval,start_date,end_date');
  let header: string[] | null = null;
  let rows = 0;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const cells = line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
    if (!header) {
      header = cells.map((cell) => cell.toLowerCase());
      for (const column of PERIOD_COLUMNS.slice(1))
        if (!header.includes(column))
          throw new Error(`${periodsCsv}: no column ${column} (found ${header.join(', ')})`);
      continue;
    }
    const cell = (column: (typeof PERIOD_COLUMNS)[number]) => cells[header!.indexOf(column)] ?? '';
    const fail = (column: string, why: string) =>
      new Error(`${periodsCsv}, row ${lineNumber}, column ${column}: ${why}`);
    if (parseIsoDay(cell('start_date')) === null)
      throw fail('start_date', `"${cell('start_date')}" is not a date (YYYY-MM-DD)`);
    if (cell('end_date') !== '' && parseIsoDay(cell('end_date')) === null)
      throw fail('end_date', `"${cell('end_date')}" is not a date (YYYY-MM-DD)`);
    if (!Number.isFinite(Number(cell('monthly_amount'))) || cell('monthly_amount') === '')
      throw fail('monthly_amount', `"${cell('monthly_amount')}" is not a number`);
    rows++;
    const id = header.includes('subscription_id') ? cell('subscription_id') : `p${rows}`;
    await out.add(
      `${id},${cell('customer_id')},${cell('monthly_amount')},USD,month,${cell('start_date')},${cell('end_date')}`,
    );
  }
  await out.close();
  return { rows };
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const [path, customers, seed] = process.argv.slice(2);
  if (!path || !customers) throw new Error('usage: subscription-periods.ts <file.csv> <customers>');
  const { rows } = await generateSubscriptionPeriods(path, Number(customers), Number(seed ?? 7));
  console.log(`${path}: ${rows} subscription periods of ${customers} customers`);
}
