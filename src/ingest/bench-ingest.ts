/**
 * Micro-benchmark of CSV import (decode + tokenize + validate + build rows), without the
 * database: `npx tsx src/ingest/bench-ingest.ts [rows]` (default 1,000,000 subscriptions).
 */
import { parseImportBuffer } from './index.ts';
import { readCsv } from './read-csv.ts';

const rowCount = Number(process.argv[2] ?? 1_000_000);
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY'];
const INTERVALS = ['month', 'month', 'month', 'year', 'quarter'];
const PLANS = ['starter', 'pro', 'business', 'enterprise'];

/** A realistic subscriptions export (Stripe-like ids, 4 currencies incl. JPY, some end dates). */
function generate(rows: number): Uint8Array {
  const encoder = new TextEncoder();
  let out = new Uint8Array(rows * 110 + 1024);
  let length = 0;
  const append = (text: string): void => {
    for (;;) {
      const { read, written } = encoder.encodeInto(text, out.subarray(length));
      length += written;
      if (read === text.length) return;
      const bigger = new Uint8Array(out.length * 2);
      bigger.set(out.subarray(0, length));
      out = bigger;
      text = text.slice(read);
    }
  };
  append(
    'subscription_id,customer_id,amount,currency,interval,start_date,plan,interval_count,' +
      'quantity,discount_percent,end_date,trial_end,canceled_at\n',
  );
  const pad = (n: number): string => String(n).padStart(2, '0');
  let parts: string[] = [];
  for (let i = 0; i < rows; i++) {
    const currency = CURRENCIES[i % 4] as string;
    const amount =
      currency === 'JPY' ? String(1000 + (i % 97) * 100) : `${9 + (i % 491)}.${pad(i % 100)}`;
    const year = 2019 + (i % 6);
    const start = `${year}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`;
    const end = i % 3 === 0 ? `${year + 1}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}` : '';
    const trial = i % 7 === 0 ? start : '';
    const canceled = i % 11 === 0 && end !== '' ? end : '';
    parts.push(
      `sub_${String(i).padStart(8, '0')},cus_${String(i >> 1).padStart(7, '0')},${amount},${currency},` +
        `${INTERVALS[i % 5]},${start},${PLANS[i % 4]},1,${1 + (i % 3)},${i % 10 === 0 ? '20' : '0'},` +
        `${end},${trial},${canceled}\n`,
    );
    if (parts.length === 10_000) {
      append(parts.join(''));
      parts = [];
    }
  }
  append(parts.join(''));
  return out.subarray(0, length);
}

const data = generate(rowCount);
console.log(
  `${rowCount.toLocaleString('en-US')} rows, ${(data.length / 1e6).toFixed(1)} MB of CSV`,
);

function measure(label: string, ms: number): void {
  const rate = Math.round(rowCount / (ms / 1000));
  console.log(
    `${label.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms  ${rate.toLocaleString('en-US').padStart(11)} rows/s`,
  );
}

let t = performance.now();
const tokens = readCsv(data);
let records = 0;
while (tokens.next()) records++;
measure('decode + tokenize only', performance.now() - t);
if (records !== rowCount + 1) throw new Error(`expected ${rowCount + 1} records, got ${records}`);

const runs: number[] = [];
for (const timeZone of ['UTC', 'UTC', 'UTC', 'Europe/Paris']) {
  t = performance.now();
  const result = await parseImportBuffer('subscriptions', 'bench.csv', data, { timeZone });
  const ms = performance.now() - t;
  if (result.issues.length > 0 || result.rows.length !== rowCount) {
    throw new Error(
      `unexpected result: ${result.rows.length} rows, ${JSON.stringify(result.issues[0])}`,
    );
  }
  measure(`parse + validate (${timeZone}, run ${runs.length + 1})`, ms);
  runs.push(ms);
}
const median = [...runs].sort((x, y) => x - y)[Math.floor(runs.length / 2)] as number;
measure('parse + validate, median', median);
const heap = process.memoryUsage();
console.log(
  `heap used ${(heap.heapUsed / 1e6).toFixed(0)} MB, rss ${(heap.rss / 1e6).toFixed(0)} MB`,
);
