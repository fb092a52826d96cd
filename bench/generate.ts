/**
 * Benchmark workspaces: `customers.csv`, `subscriptions.csv` and `fx_rates.csv` for 36
 * months of history ending 2025-12-31, about 4 subscription rows per customer (upgrades,
 * downgrades, seat changes, discounts, cancellations, failed payments, reactivations,
 * concurrent add-ons), ~10% of customers billed in EUR.
 *
 * Built for size: customers are generated one after the other and their rows encoded into
 * 4 MB buffers that go to write streams (waiting for 'drain' when a stream is behind), so
 * memory stays flat whatever the customer count. Deterministic for a given seed.
 *
 *   npx tsx bench/generate.ts <dir> <customers> [seed]
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dayFromParts, daysInMonth, formatDay, partsFromDay, type Day } from '../src/model/day.ts';
import { deriveSeed, mulberry32 } from '../src/demo/random.ts';

export interface BenchWorkspaceFiles {
  customersCsv: string;
  subscriptionsCsv: string;
  /** Daily EUR->USD rates for the window (the EUR-billed customers need them). */
  fxRatesCsv: string;
  customerCount: number;
  subscriptionRowCount: number;
}

export const BENCH_START: Day = dayFromParts(2023, 1, 1);
export const BENCH_END: Day = dayFromParts(2025, 12, 31);
const DEFAULT_SEED = 1;
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Column order of the files (names exactly as KIND_SPECS; the importer maps by name). */
export const CUSTOMER_COLUMNS = [
  'customer_id',
  'name',
  'email',
  'created_at',
  'country',
  'segment',
  'channel',
] as const;
export const SUBSCRIPTION_COLUMNS = [
  'subscription_id',
  'customer_id',
  'amount',
  'currency',
  'interval',
  'start_date',
  'plan',
  'interval_count',
  'quantity',
  'discount_percent',
  'end_date',
  'trial_end',
  'canceled_at',
  'discount_duration',
] as const;

// ---------------------------------------------------------------------------------------
// Lookup tables: everything formatted once, so the hot loop only concatenates strings.

/** Formatted days from BENCH_START to well after BENCH_END (scheduled ends lie in the future). */
const DAY_TEXT: string[] = [];
for (let d = BENCH_START; d <= BENCH_END + 800; d++) DAY_TEXT.push(formatDay(d));
const dayText = (day: Day): string => DAY_TEXT[day - BENCH_START] ?? formatDay(day);

/** First day and length of every month from 2023-01 on: fast `addMonths` for billing anchors. */
const FIRST_YEAR = 2023;
const MONTH_START: number[] = [];
const MONTH_LENGTH: number[] = [];
for (let i = 0; i < 12 * 10; i++) {
  const year = FIRST_YEAR + Math.floor(i / 12);
  const month = (i % 12) + 1;
  MONTH_START.push(dayFromParts(year, month, 1));
  MONTH_LENGTH.push(daysInMonth(year, month));
}
/** The same day of the month `k` months after (monthIndex, dayOfMonth), clamped to the month's end. */
function monthsAfter(monthIndex: number, dayOfMonth: number, k: number): Day {
  const i = monthIndex + k;
  const start = MONTH_START[i];
  const length = MONTH_LENGTH[i];
  if (start === undefined || length === undefined) {
    const year = FIRST_YEAR + Math.floor(i / 12);
    const month = (i % 12) + 1;
    return dayFromParts(year, month, Math.min(dayOfMonth, daysInMonth(year, month)));
  }
  return start + Math.min(dayOfMonth, length) - 1;
}

interface Plan {
  readonly name: string;
  readonly perSeat: boolean;
  /** Unit price in cents per cadence, USD then EUR. */
  readonly monthly: readonly [number, number];
  readonly quarterly: readonly [number, number];
  readonly annual: readonly [number, number];
}
const PLANS: readonly Plan[] = [
  {
    name: 'Starter',
    perSeat: false,
    monthly: [2900, 2700],
    quarterly: [7900, 7500],
    annual: [29000, 27000],
  },
  {
    name: 'Team',
    perSeat: true,
    monthly: [1900, 1700],
    quarterly: [5400, 4900],
    annual: [19000, 17000],
  },
  {
    name: 'Pro',
    perSeat: false,
    monthly: [9900, 8900],
    quarterly: [27900, 24900],
    annual: [99000, 89000],
  },
  {
    name: 'Business',
    perSeat: false,
    monthly: [29900, 27900],
    quarterly: [84900, 79900],
    annual: [299000, 279000],
  },
];
const ADD_ON: Plan = {
  name: 'Analytics add-on',
  perSeat: false,
  monthly: [4900, 4500],
  quarterly: [13900, 12900],
  annual: [49000, 45000],
};
const ADD_ON_INDEX = PLANS.length;
const ALL_PLANS = [...PLANS, ADD_ON];

/** Cadences: 0 monthly, 1 quarterly, 2 annual. */
const CADENCE_MONTHS = [1, 3, 12] as const;
const CADENCE_INTERVAL = ['month', 'quarter', 'year'] as const;
const cadenceKey = (c: number): 'monthly' | 'quarterly' | 'annual' =>
  c === 0 ? 'monthly' : c === 1 ? 'quarterly' : 'annual';

/** `amount,currency,interval` cells, e.g. "99.00,USD,month", by plan, cadence and currency. */
const PRICE_CELLS: string[][][] = ALL_PLANS.map((plan) =>
  [0, 1, 2].map((c) =>
    (['USD', 'EUR'] as const).map((cur, k) => {
      const cents = plan[cadenceKey(c)][k] ?? 0;
      return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')},${cur},${CADENCE_INTERVAL[c]}`;
    }),
  ),
);
const COUNTRIES_USD = ['US', 'US', 'US', 'US', 'US', 'GB', 'GB', 'CA', 'AU', 'IN'] as const;
const COUNTRIES_EUR = ['DE', 'FR', 'NL', 'ES', 'IT', 'PL'] as const;
const SEGMENTS = [
  'smb',
  'smb',
  'smb',
  'smb',
  'smb',
  'smb',
  'mid_market',
  'mid_market',
  'mid_market',
  'enterprise',
] as const;
const CHANNELS = [
  'organic',
  'organic',
  'organic',
  'paid_search',
  'paid_search',
  'outbound',
  'referral',
  'referral',
  'partner',
] as const;

// ---------------------------------------------------------------------------------------
// Chunked stream output

/**
 * A CSV file written in chunks: rows are encoded straight into a preallocated buffer (so
 * each row string dies young and costs the garbage collector almost nothing); full chunks
 * go to the write stream, and the generator waits for 'drain' whenever the stream is behind.
 */
class ChunkedFile {
  private readonly stream: WriteStream;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly full: Buffer[] = [];

  constructor(path: string, header: string) {
    this.stream = createWriteStream(path);
    this.append(header);
  }

  append(text: string): void {
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (this.used + text.length * 3 > CHUNK_BYTES) {
      this.full.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
      this.used = 0;
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
  }

  /** Hands full chunks to the stream, waiting while it is behind. */
  async drain(): Promise<void> {
    for (let next = this.full.shift(); next !== undefined; next = this.full.shift()) {
      if (!this.stream.write(next)) await once(this.stream, 'drain');
    }
  }

  async close(): Promise<void> {
    this.full.push(this.chunk.subarray(0, this.used));
    await this.drain();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

// ---------------------------------------------------------------------------------------
// Generation

/** Monthly probability that an active customer changes plan, seats, cadence or discount. */
const CHANGE_RATE = 0.26;
const TRIAL_DAYS = 14;

interface ChainEnd {
  /** end_date of the chain's last row; null = still running at BENCH_END. */
  readonly end: Day | null;
  readonly canceledAt: Day | null;
  /** First paid day, or null when the chain never got past its trial. */
  readonly paidFrom: Day | null;
}

export async function generateBenchWorkspace(
  dir: string,
  customers: number,
  seed: number = DEFAULT_SEED,
): Promise<BenchWorkspaceFiles> {
  if (!Number.isInteger(customers) || customers < 1) {
    throw new RangeError(`customers must be a positive integer, got ${customers}`);
  }
  mkdirSync(dir, { recursive: true });
  const files: BenchWorkspaceFiles = {
    customersCsv: join(dir, 'customers.csv'),
    subscriptionsCsv: join(dir, 'subscriptions.csv'),
    fxRatesCsv: join(dir, 'fx_rates.csv'),
    customerCount: customers,
    subscriptionRowCount: 0,
  };
  const customerFile = new ChunkedFile(files.customersCsv, `${CUSTOMER_COLUMNS.join(',')}\n`);
  const subscriptionFile = new ChunkedFile(
    files.subscriptionsCsv,
    `${SUBSCRIPTION_COLUMNS.join(',')}\n`,
  );
  const rand = mulberry32(deriveSeed(seed, 'bench'));
  const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

  const width = Math.max(4, String(customers).length);
  const subWidth = Math.max(6, String(customers * 8).length);
  let subNumber = 0;
  let cusId = '';
  let eur = 0;

  const row = (
    plan: number,
    cadence: number,
    quantity: number,
    discount: number,
    start: Day,
    end: Day | null,
    trialEnd: Day | null,
    canceledAt: Day | null,
  ): void => {
    subNumber++;
    subscriptionFile.append(
      `sub_${String(subNumber).padStart(subWidth, '0')},${cusId},${PRICE_CELLS[plan]?.[cadence]?.[eur]},${dayText(start)},${ALL_PLANS[plan]?.name},1,${quantity},${discount},${end === null ? '' : dayText(end)},${trialEnd === null ? '' : dayText(trialEnd)},${canceledAt === null ? '' : dayText(canceledAt)},${discount > 0 ? 'forever' : ''}\n`,
    );
  };

  /** Churn probability at a renewal, by cadence (monthly, quarterly, annual). */
  const renewalChurn = (hazard: number, cadence: number): number =>
    cadence === 0
      ? hazard
      : cadence === 1
        ? 1 - Math.pow(1 - hazard * 0.8, 3)
        : 1 - Math.pow(1 - hazard * 0.6, 12);

  /** One main subscription from `start` until churn or BENCH_END; writes its rows. */
  const mainChain = (start: Day, size: number, hazard: number, trial: boolean): ChainEnd => {
    let plan =
      size === 0
        ? ([0, 0, 0, 1, 2, 2][int(0, 5)] ?? 0)
        : size === 1
          ? int(1, 3)
          : ([1, 3, 3][int(0, 2)] ?? 3);
    let cadence = trial ? 0 : ([0, 0, 0, 0, 0, 0, 1, 2, 2, 2][int(0, 9)] ?? 0);
    let quantity = PLANS[plan]?.perSeat
      ? size === 0
        ? int(2, 8)
        : size === 1
          ? int(5, 25)
          : int(15, 60)
      : plan === 3 && size === 2
        ? int(1, 3)
        : 1;
    let discount = rand() < 0.12 ? 20 : 0;
    let rowStart = start;
    let trialEnd: Day | null = trial ? start + TRIAL_DAYS : null;
    let anchor = trialEnd ?? start;
    /** The current row stays open: what would end it was not known by BENCH_END. */
    const open = (paidFrom: Day | null): ChainEnd => {
      row(plan, cadence, quantity, discount, rowStart, null, trialEnd, null);
      return { end: null, canceledAt: null, paidFrom };
    };

    if (trialEnd !== null && rand() < 0.4) {
      // Never converts: cancelled during the trial, or expires.
      const canceledAt = rand() < 0.6 ? start + int(1, TRIAL_DAYS - 1) : null;
      const end = canceledAt !== null && rand() < 0.5 ? canceledAt : trialEnd;
      if ((canceledAt ?? end) > BENCH_END) return open(null);
      row(plan, cadence, quantity, discount, rowStart, end, trialEnd, canceledAt);
      return { end, canceledAt, paidFrom: null };
    }
    const paidFrom = anchor;
    let parts = partsFromDay(anchor);
    let index = (parts.year - FIRST_YEAR) * 12 + parts.month - 1;
    for (let m = 0; ; m++) {
      const p = monthsAfter(index, parts.day, m);
      if (p > BENCH_END) return open(paidFrom);
      const months = CADENCE_MONTHS[cadence] ?? 1;
      const r = rand();
      if ((m + 1) % months === 0 && r < renewalChurn(hazard, cadence)) {
        const q = monthsAfter(index, parts.day, m + 1);
        if (months > 1 || rand() < 0.8) {
          const canceledAt = q - 1 - int(0, Math.min(27, q - p - 1));
          if (canceledAt > BENCH_END) return open(paidFrom);
          row(plan, cadence, quantity, discount, rowStart, q, trialEnd, canceledAt);
          return { end: q, canceledAt, paidFrom };
        }
        const end = q + int(7, 21); // payment failed; dunning gave up
        if (end > BENCH_END) return open(paidFrom);
        row(plan, cadence, quantity, discount, rowStart, end, trialEnd, null);
        return { end, canceledAt: null, paidFrom };
      }
      if (r > 1 - CHANGE_RATE) {
        const next = monthsAfter(index, parts.day, m + 1);
        const day = p + 1 + int(0, next - p - 2);
        if (day > BENCH_END) return open(paidFrom);
        row(plan, cadence, quantity, discount, rowStart, day, trialEnd, null);
        // Plans: 0 Starter, 1 Team (per seat), 2 Pro, 3 Business. Expansion and
        // contraction roughly balance (net revenue retention near 100% a month).
        const u = rand();
        if (plan === 1 && u < 0.6) {
          const changed = Math.max(1, quantity + (rand() < 0.55 ? int(1, 3) : -int(1, 3)));
          quantity = changed === quantity ? quantity + 1 : changed;
        } else if (u < 0.3 || (plan === 1 && u < 0.72)) {
          // Upgrade: to a plan worth more per month, or one more Business workspace.
          const target = plan === 0 ? 1 : plan === 1 && quantity * 19 < 99 ? 2 : 3;
          quantity = target === 1 ? int(3, 10) : plan === 3 ? quantity + 1 : 1;
          plan = target;
        } else if (u < 0.52 && plan > 0) {
          // Downgrade to the plan below (Team with fewer seats than Pro is worth).
          plan--;
          quantity = plan === 1 ? int(2, 4) : 1;
        } else if (u < 0.6 && cadence === 0) {
          cadence = 2;
        } else {
          discount = discount > 0 ? 0 : 20;
        }
        rowStart = day;
        anchor = day;
        trialEnd = null;
        parts = partsFromDay(anchor);
        index = (parts.year - FIRST_YEAR) * 12 + parts.month - 1;
        m = -1;
      }
    }
  };

  // Sign-ups rise over time: density proportional to e^(g x), the last day 4x the first.
  const span = BENCH_END - BENCH_START + 1;
  const growth = Math.log(4) / span;
  const growthRange = Math.exp(growth * span) - 1;

  for (let n = 1; n <= customers; n++) {
    cusId = `cus_${String(n).padStart(width, '0')}`;
    eur = rand() < 0.1 ? 1 : 0;
    const country = eur === 1 ? COUNTRIES_EUR[int(0, 5)] : COUNTRIES_USD[int(0, 9)];
    const segment = SEGMENTS[int(0, 9)] ?? 'smb';
    const channel = CHANNELS[int(0, 8)];
    const signup =
      BENCH_START + Math.min(span - 1, Math.floor(Math.log(1 + rand() * growthRange) / growth));
    customerFile.append(
      `${cusId},Customer ${n},billing+${n}@example.com,${dayText(signup)},${country},${segment},${channel}\n`,
    );
    const size = segment === 'smb' ? 0 : segment === 'mid_market' ? 1 : 2;
    const hazard = size === 0 ? 0.045 : size === 1 ? 0.028 : 0.015;
    const rowsBefore = subNumber;

    let chain = mainChain(signup, size, hazard, rand() < (size === 2 ? 0.1 : 0.33));
    for (let comeback = 0; chain.end !== null && comeback < 3; comeback++) {
      if (rand() >= (chain.paidFrom !== null ? 0.3 : 0.05)) break;
      const back = chain.end + int(30, 300);
      if (back > BENCH_END) break;
      chain = mainChain(back, size, hazard, false);
    }
    // A concurrent add-on next to the last chain; it ends at the latest with that chain.
    if (chain.paidFrom !== null && rand() < 0.12) {
      const from = chain.paidFrom + int(20, 200);
      const stop = Math.min(chain.canceledAt ?? chain.end ?? BENCH_END + 1, BENCH_END + 1);
      if (from < stop - 1) {
        const cadence = rand() < 0.8 ? 0 : 2;
        let end = chain.end;
        let canceledAt = chain.canceledAt;
        const own = rand() < 0.35 ? from + int(1, 700) : Infinity;
        if (own < stop) {
          const parts = partsFromDay(from);
          const index = (parts.year - FIRST_YEAR) * 12 + parts.month - 1;
          const months = CADENCE_MONTHS[cadence] ?? 1;
          let k = months;
          while (monthsAfter(index, parts.day, k) <= own) k += months;
          end = Math.min(monthsAfter(index, parts.day, k), chain.end ?? Infinity);
          canceledAt = own;
        }
        row(ADD_ON_INDEX, cadence, 1, 0, from, end, null, end === null ? null : canceledAt);
      }
    }
    files.subscriptionRowCount += subNumber - rowsBefore;
    if ((n & 1023) === 0) {
      await customerFile.drain();
      await subscriptionFile.drain();
    }
  }

  await Promise.all([customerFile.close(), subscriptionFile.close()]);
  await writeFxRates(files.fxRatesCsv, seed);
  return files;
}

/** Daily EUR->USD rates: a mean-reverting walk around 1.08, six decimals. */
async function writeFxRates(path: string, seed: number): Promise<void> {
  const rand = mulberry32(deriveSeed(seed, 'bench-fx'));
  const file = new ChunkedFile(path, 'date,currency,rate\n');
  let rate = 1.08;
  for (let d = BENCH_START; d <= BENCH_END; d++) {
    file.append(`${dayText(d)},EUR,${rate.toFixed(6)}\n`);
    rate += (1.08 - rate) * 0.01 + (rand() - 0.5) * 0.012;
  }
  await file.close();
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const [dirArg, countArg, seedArg] = process.argv.slice(2);
  const count = Number(countArg);
  if (dirArg === undefined || !Number.isInteger(count) || count < 1) {
    process.stderr.write('usage: npx tsx bench/generate.ts <dir> <customers> [seed]\n');
    process.exitCode = 2;
  } else {
    const started = performance.now();
    const files = await generateBenchWorkspace(
      dirArg,
      count,
      seedArg === undefined ? undefined : Number(seedArg),
    );
    const seconds = (performance.now() - started) / 1000;
    const { statSync } = await import('node:fs');
    const mb = (path: string): string => (statSync(path).size / 2 ** 20).toFixed(1);
    process.stdout.write(
      [
        `${files.customersCsv}  ${files.customerCount.toLocaleString('en-US')} customers  ${mb(files.customersCsv)} MiB`,
        `${files.subscriptionsCsv}  ${files.subscriptionRowCount.toLocaleString('en-US')} subscription rows (${(files.subscriptionRowCount / files.customerCount).toFixed(2)} per customer)  ${mb(files.subscriptionsCsv)} MiB`,
        `${files.fxRatesCsv}  daily EUR rates  ${mb(files.fxRatesCsv)} MiB`,
        `generated in ${seconds.toFixed(2)} s`,
      ].join('\n') + '\n',
    );
  }
}
