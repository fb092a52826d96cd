import { addMonths, daysInMonth, partsFromDay, type Day } from '../model/day.ts';
import type { CustomerRow, SubscriptionRow } from '../model/kinds.ts';
import {
  CADENCES,
  CHANNELS,
  COUNTRIES,
  EMAIL_ROLES,
  INDUSTRIES,
  PLAN_LADDER,
  PLANS,
  SALES_LED_CHANNELS,
  SEGMENTS,
  companyName,
  type Cadence,
  type Channel,
  type DemoCurrency,
  type PlanId,
  type Segment,
} from './catalog.ts';
import { Rng } from './random.ts';

/**
 * Customers and their subscription history: who signs up when, on which plan, and how
 * each one upgrades, downgrades, cancels, fails to pay and comes back. One row per price
 * period (SPEC §4): a change ends the current row and starts the next one the same day.
 */

/** The history window: `start` (first of a month) to `end`, both inclusive. */
export interface DemoWindow {
  readonly start: Day;
  readonly end: Day;
  readonly months: number;
}

/** Why a subscription row ended. */
export type EndReason =
  | 'change' // replaced by the next row the same day (plan, cadence, quantity, discount)
  | 'cancel' // the customer cancelled; ends at the end of the paid period
  | 'delinquent' // payment failed; ended after dunning
  | 'trial' // a trial that never converted
  | 'account'; // an add-on ended with the account

export interface DemoSubscription {
  readonly row: SubscriptionRow;
  readonly planId: PlanId;
  readonly cadence: Cadence;
  /** First day of the first billing period (trial_end for a trial, else start_date). */
  readonly anchor: Day;
  readonly endReason: EndReason | null;
}

export interface DemoCustomer {
  /** 1-based, in order of sign-up. */
  readonly index: number;
  readonly row: CustomerRow;
  readonly currency: DemoCurrency;
  readonly taxRate: number;
  readonly segment: Segment;
  readonly channel: Channel;
  readonly salesLed: boolean;
  /** 0 (unhappy, churn-prone) to 1 (healthy): drives churn, usage, tickets and NPS. */
  readonly health: number;
  /** Pays by bank transfer on 30-day terms rather than by card. */
  readonly netTerms: boolean;
  /** Billed a metered usage line every month. */
  readonly meteredUsage: boolean;
  /** Index into SETUP_FEES for a one-time onboarding fee, or null. */
  readonly setupFee: number | null;
  readonly subscriptions: DemoSubscription[];
  /** Merged [start, end) spans with a subscription (trial or paid); end capped at window end + 1. */
  readonly activeSpans: Span[];
  /** First day with a paid (non-trial) subscription, or null if the customer never paid. */
  readonly firstPaidDay: Day | null;
  /** Days the customer churned (MRR went to 0), for usage fading before it. */
  readonly churnDays: Day[];
}

export interface Span {
  start: Day;
  end: Day;
}

interface Offer {
  plan: PlanId;
  cadence: Cadence;
  quantity: number;
  discount: number;
  /** The discount stops at the first renewal on or after this day; null = permanent. */
  discountUntil: Day | null;
}

interface ChainEnd {
  /** end_date of the last row, null when it is still running at the window end. */
  end: Day | null;
  canceledAt: Day | null;
  paid: boolean;
}

interface Draft {
  start: Day;
  end: Day | null;
  offer: Offer;
  anchor: Day;
  trialEnd: Day | null;
  canceledAt: Day | null;
  reason: EndReason | null;
}

const TRIAL_DAYS = 14;
const MONTHLY_CHURN: Readonly<Record<Segment, number>> = {
  smb: 0.05,
  mid_market: 0.03,
  enterprise: 0.016,
};

function offerMonthlyValue(offer: Offer, currency: DemoCurrency): number {
  const unit = unitPrice(offer.plan, offer.cadence, currency);
  return (unit * offer.quantity * (1 - offer.discount / 100)) / CADENCES[offer.cadence].months;
}

function unitPrice(plan: PlanId, cadence: Cadence, currency: DemoCurrency): number {
  const p = PLANS[plan].prices[cadence];
  if (p === undefined) throw new Error(`no ${cadence} price for ${plan}`);
  return p[currency];
}

/** The plan's cadence when it has one, else the nearest one it has. */
function cadenceFor(plan: PlanId, wanted: Cadence): Cadence {
  const prices = PLANS[plan].prices;
  if (prices[wanted] !== undefined) return wanted;
  return CADENCES[wanted].months >= 6 && prices.annual !== undefined ? 'annual' : 'monthly';
}

function seatsFor(segment: Segment, rng: Rng): number {
  if (segment === 'smb') return rng.int(2, 8);
  if (segment === 'mid_market') return rng.int(5, 25);
  return rng.int(15, 60);
}

function initialOffer(
  rng: Rng,
  segment: Segment,
  industry: string,
  firstPaid: Day,
  trial: boolean,
  winBack: boolean,
): Offer {
  const plan = rng.weighted<PlanId>(
    segment === 'smb'
      ? [
          { value: 'starter', weight: 50 },
          { value: 'team', weight: 18 },
          { value: 'pro', weight: 30 },
          { value: 'business', weight: 2 },
        ]
      : segment === 'mid_market'
        ? [
            { value: 'team', weight: 30 },
            { value: 'pro', weight: 35 },
            { value: 'business', weight: 35 },
          ]
        : [
            { value: 'team', weight: 40 },
            { value: 'business', weight: 60 },
          ],
  );
  const wanted: Cadence = trial
    ? rng.chance(0.88)
      ? 'monthly'
      : 'annual'
    : rng.weighted<Cadence>([
        { value: 'monthly', weight: 58 },
        { value: 'annual', weight: 28 },
        { value: 'quarterly', weight: 9 },
        { value: 'semiannual', weight: segment === 'smb' ? 0 : 5 },
      ]);
  const cadence = cadenceFor(plan, wanted);
  let quantity = 1;
  if (PLANS[plan].perSeat) quantity = seatsFor(segment, rng);
  else if (plan === 'business' && segment === 'enterprise') quantity = rng.int(1, 4);
  let discount = 0;
  let discountUntil: Day | null = null;
  if (industry === 'nonprofit' && rng.chance(0.7)) {
    discount = 30; // permanent non-profit discount
  } else if (winBack ? rng.chance(0.35) : rng.chance(0.13)) {
    discount = winBack
      ? 20
      : rng.weighted([
          { value: 10, weight: 25 },
          { value: 15, weight: 15 },
          { value: 20, weight: 35 },
          { value: 25, weight: 15 },
          { value: 50, weight: 10 },
        ]);
    const months = CADENCES[cadence].months;
    const length = months >= 12 ? 12 : Math.max(months, rng.pick([3, 3, 6, 6, 12]));
    discountUntil = addMonths(firstPaid, length - (length % months));
  }
  return { plan, cadence, quantity, discount, discountUntil };
}

/** A move to a more (direction 1) or less (-1) expensive offer; null when there is none. */
function movedOffer(
  offer: Offer,
  direction: 1 | -1,
  currency: DemoCurrency,
  rng: Rng,
): Offer | null {
  const current = offerMonthlyValue(offer, currency);
  const plan = PLANS[offer.plan];
  // Seat plans mostly change seats; other plans move along the ladder.
  if (plan.perSeat && rng.chance(0.75)) {
    const step =
      direction === 1 ? rng.int(1, Math.max(2, Math.round(offer.quantity * 0.3))) : -rng.int(1, 3);
    const quantity = offer.quantity + step;
    if (quantity >= 1 && quantity !== offer.quantity) return { ...offer, quantity };
  }
  const i = PLAN_LADDER.indexOf(offer.plan);
  for (let j = i + direction; j >= 0 && j < PLAN_LADDER.length; j += direction) {
    const target = PLAN_LADDER[j];
    if (target === undefined) break;
    const cadence = cadenceFor(target, offer.cadence);
    const quantity = PLANS[target].perSeat
      ? Math.max(2, direction === 1 ? rng.int(3, 10) : Math.min(offer.quantity, rng.int(2, 6)))
      : 1;
    const next: Offer = { ...offer, plan: target, cadence, quantity };
    const value = offerMonthlyValue(next, currency);
    if (direction === 1 ? value > current : value < current) return next;
  }
  if (offer.plan === 'business') {
    const quantity = offer.quantity + direction;
    if (quantity >= 1) return { ...offer, quantity };
  }
  return null;
}

export interface LifecycleInput {
  readonly seed: number;
  readonly customers: number;
  readonly window: DemoWindow;
}

/** Sign-up days for every customer, rising over time (last month about 5x the first). */
function signupDays(input: LifecycleInput): Day[] {
  const { window } = input;
  const rng = Rng.derive(input.seed, 'signups');
  const months: { start: Day; days: number; weight: number }[] = [];
  const growth = Math.log(5) / Math.max(1, window.months - 1);
  for (let m = 0; m < window.months; m++) {
    const start = addMonths(window.start, m);
    const p = partsFromDay(start);
    const full = daysInMonth(p.year, p.month);
    const days = Math.min(full, window.end - start + 1);
    if (days <= 0) break;
    const weight = Math.exp(growth * m) * rng.float(0.85, 1.15) * (days / full);
    months.push({ start, days, weight });
  }
  const total = months.reduce((s, m) => s + m.weight, 0);
  const exact = months.map((m) => (input.customers * m.weight) / total);
  const counts = exact.map(Math.floor);
  let missing = input.customers - counts.reduce((s, c) => s + c, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const days: Day[] = [];
  months.forEach((m, i) => {
    for (let c = 0; c < (counts[i] ?? 0); c++) days.push(m.start + rng.int(0, m.days - 1));
  });
  return days.sort((a, b) => a - b);
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function idWidth(count: number): number {
  return Math.max(4, String(count).length);
}

/** Every customer with its subscription rows, in sign-up order. */
export function simulateCustomers(input: LifecycleInput): DemoCustomer[] {
  const width = idWidth(input.customers);
  const usedNames = new Set<string>();
  const people = signupDays(input).map((signup, i) =>
    simulateCustomer(input, i + 1, signup, width, usedNames),
  );
  ensureChurnEveryMonth(input, people, width, usedNames);
  return people;
}

/** The last complete months of the window in which the demo company always loses a customer. */
const MONTHS_WITH_CHURN = 12;

/**
 * A small demo company can go a month without losing anyone, and then every metric divided
 * by the churn rate (ltv, ltv_to_cac) is undefined that month. Real companies of this size
 * do have such months, but the demo is there to exercise every metric: in the last twelve
 * complete months, a month without a paid churn gets one: a healthy monthly subscriber
 * paying through it cancels at its renewal in that month. The customer is simulated again
 * with that decision forced; everything before it stays the same.
 */
function ensureChurnEveryMonth(
  input: LifecycleInput,
  people: DemoCustomer[],
  width: number,
  usedNames: Set<string>,
): void {
  const { window } = input;
  // Metered usage keeps counting a month after the subscription ends: such a churn may land later.
  const churnsIn = (c: DemoCustomer, from: Day, to: Day) =>
    !c.meteredUsage && c.churnDays.some((day) => day >= from && day <= to);
  const complete =
    addMonths(window.start, window.months) - 1 > window.end ? window.months - 1 : window.months;
  for (let m = Math.max(0, complete - MONTHS_WITH_CHURN); m < complete; m++) {
    const from = addMonths(window.start, m);
    const to = addMonths(window.start, m + 1) - 1;
    if (people.some((c) => churnsIn(c, from, to))) continue;
    const candidates = people
      .filter((c) =>
        c.subscriptions.some(
          (s) =>
            s.planId !== 'analytics' &&
            s.cadence === 'monthly' &&
            s.row.amount > 0 &&
            (s.row.trial_end ?? s.row.start_date) < from &&
            (s.row.end_date === null || s.row.end_date > to),
        ),
      )
      // The healthiest first: they would not have churned later anyway.
      .sort((a, b) => b.health - a.health || a.index - b.index);
    for (const c of candidates.slice(0, 5)) {
      const i = c.index - 1;
      const name = c.row.name ?? '';
      usedNames.delete(name);
      const forced = simulateCustomer(input, c.index, c.row.created_at!, width, usedNames, {
        from,
        to,
      });
      if (churnsIn(forced, from, to)) {
        people[i] = forced;
        break;
      }
      usedNames.delete(forced.row.name ?? '');
      usedNames.add(name);
    }
  }
}

function simulateCustomer(
  input: LifecycleInput,
  index: number,
  signup: Day,
  width: number,
  usedNames: Set<string>,
  forceChurn?: ForcedChurn,
): DemoCustomer {
  const { window } = input;
  const rng = Rng.derive(input.seed, 'customer', index);
  const id = `cus_${pad(index, width)}`;
  const country = rng.weighted(COUNTRIES);
  const segment = rng.weighted(SEGMENTS);
  const channel = rng.weighted(CHANNELS);
  const industry = rng.pick(INDUSTRIES);
  let name = companyName(rng.next);
  for (let n = 2; usedNames.has(name); n++)
    name = `${companyName(rng.next)}${n > 4 ? ` ${n}` : ''}`;
  usedNames.add(name);
  const slug = name
    .toLowerCase()
    .replace(/\s+(inc|ltd|gmbh|sas|labs|group|co|llc)$/, '')
    .replace(/[^a-z0-9]+/g, '');
  const email = `${rng.pick(EMAIL_ROLES)}@${slug}.${country.tld}`;
  const health = Math.pow(rng.next(), 0.8);
  const salesLed = SALES_LED_CHANNELS.has(channel) || segment === 'enterprise';

  const drafts: Draft[] = [];
  const churnDays: Day[] = [];
  const ctx: ChainContext = {
    rng,
    window,
    currency: country.currency,
    segment,
    health,
    drafts,
    forceChurn,
  };

  // The first subscription, then possible comebacks after churn.
  const trial = rng.chance(segment === 'enterprise' ? 0.1 : 0.34);
  const trialEnd = trial ? signup + TRIAL_DAYS : null;
  const firstOffer = initialOffer(rng, segment, industry, trialEnd ?? signup, trial, false);
  let result = mainChain(ctx, signup, firstOffer, trialEnd);
  const firstChainEnd = drafts.length;
  for (let comeback = 0; result.end !== null; comeback++) {
    if (result.paid) churnDays.push(result.end);
    if (comeback >= 3 || !rng.chance(result.paid ? 0.3 : 0.08)) break;
    const back = result.end + rng.int(30, 300);
    if (back > window.end) break;
    const offer = initialOffer(rng, segment, industry, back, false, result.paid);
    result = mainChain(ctx, back, offer, null);
  }

  // An add-on next to the first paid chain: a second, concurrent subscription.
  const first = drafts.slice(0, firstChainEnd);
  const firstPaidChain = first.find(
    (d) => d.end === null || d.trialEnd === null || d.end > d.trialEnd,
  );
  const lastOfFirst = first[first.length - 1];
  if (
    firstPaidChain !== undefined &&
    lastOfFirst !== undefined &&
    first.some((d) => d.offer.plan !== 'starter') &&
    rng.chance(segment === 'smb' ? 0.1 : 0.22)
  ) {
    const paidFrom = firstPaidChain.trialEnd ?? firstPaidChain.start;
    const stop = Math.min(
      lastOfFirst.canceledAt ?? lastOfFirst.end ?? window.end + 1,
      lastOfFirst.end ?? window.end + 1,
      window.end + 1,
    );
    if (stop - paidFrom > 60) {
      const start = rng.int(paidFrom + 20, stop - 20);
      addOnChain(ctx, start, lastOfFirst.end, lastOfFirst.canceledAt);
    }
  }

  const subscriptions = toSubscriptions(id, country.currency, drafts);
  const activeSpans = mergeSpans(
    subscriptions.map((s) => ({
      start: s.row.start_date,
      end: Math.min(s.row.end_date ?? window.end + 1, window.end + 1),
    })),
  );
  let firstPaidDay: Day | null = null;
  for (const s of subscriptions) {
    const paidStart = s.row.trial_end ?? s.row.start_date;
    const paidEnd = s.row.end_date ?? Infinity;
    if (paidStart < paidEnd && paidStart <= window.end) {
      firstPaidDay = firstPaidDay === null ? paidStart : Math.min(firstPaidDay, paidStart);
    }
  }

  const netTerms =
    segment === 'enterprise'
      ? rng.chance(0.8)
      : segment === 'mid_market'
        ? rng.chance(0.35)
        : false;
  const meteredUsage = segment !== 'smb' && rng.chance(0.12);
  const setupFee = rng.chance(
    segment === 'enterprise' ? 0.6 : segment === 'mid_market' ? 0.3 : 0.03,
  )
    ? segment === 'enterprise'
      ? rng.int(1, 2)
      : rng.int(0, 1)
    : null;

  return {
    index,
    row: {
      customer_id: id,
      name,
      email,
      created_at: signup,
      country: country.code,
      segment,
      channel,
      attributes: { industry },
    },
    currency: country.currency,
    taxRate: country.taxRate,
    segment,
    channel,
    salesLed,
    health,
    netTerms,
    meteredUsage,
    setupFee,
    subscriptions,
    activeSpans,
    firstPaidDay,
    churnDays,
  };
}

interface ChainContext {
  readonly rng: Rng;
  readonly window: DemoWindow;
  readonly currency: DemoCurrency;
  readonly segment: Segment;
  readonly health: number;
  readonly drafts: Draft[];
  /** A monthly renewal falling in this span is a cancellation, whatever the dice say. */
  readonly forceChurn?: ForcedChurn | undefined;
}

interface ForcedChurn {
  readonly from: Day;
  readonly to: Day;
}

/**
 * One main subscription from its start until churn (or the window end). Decisions are
 * only recorded when they were taken on or before the window end: a cancellation asked
 * after it simply leaves the row ongoing.
 */
function mainChain(ctx: ChainContext, start: Day, initial: Offer, trialEnd: Day | null): ChainEnd {
  const { rng, window, drafts } = ctx;
  const hazard = MONTHLY_CHURN[ctx.segment] * (1.7 - 1.3 * ctx.health);
  let offer = initial;
  let rowStart = start;
  let anchor = trialEnd ?? start;
  let trial = trialEnd;
  let paid = false;
  const close = (end: Day | null, reason: EndReason | null, canceledAt: Day | null): void => {
    drafts.push({ start: rowStart, end, offer, anchor, trialEnd: trial, canceledAt, reason });
  };
  const next = (day: Day, nextOffer: Offer): void => {
    close(day, 'change', null);
    offer = nextOffer;
    rowStart = day;
    anchor = day;
    trial = null;
  };

  if (trial !== null && !rng.chance(0.45 + 0.3 * ctx.health)) {
    // A trial that never converts: cancelled during the trial, or simply expired.
    const r = rng.next();
    const canceledAt = r < 0.7 ? rng.int(start + 1, trial - 1) : null;
    const end = r < 0.4 && canceledAt !== null ? canceledAt : trial;
    if ((canceledAt ?? end) > window.end) {
      close(null, null, null);
      return { end: null, canceledAt: null, paid: false };
    }
    close(end, 'trial', canceledAt);
    return { end, canceledAt, paid: false };
  }

  for (let k = 0; ; k++) {
    const months = CADENCES[offer.cadence].months;
    const p = addMonths(anchor, k * months);
    const q = addMonths(anchor, (k + 1) * months);
    if (p > window.end) {
      close(null, null, null);
      return { end: null, canceledAt: null, paid };
    }
    paid = true;

    // Churn at the end of this period (annual plans churn at renewal).
    const periodChurn =
      months === 1 ? hazard : 1 - Math.pow(1 - hazard * (months >= 12 ? 0.6 : 0.8), months);
    const forced =
      months === 1 &&
      ctx.forceChurn !== undefined &&
      q >= ctx.forceChurn.from &&
      q <= ctx.forceChurn.to;
    if (forced || rng.chance(periodChurn)) {
      if (forced || months > 1 || rng.chance(0.8)) {
        const canceledAt = rng.int(Math.max(p, q - 45), q - 1);
        if (canceledAt > window.end) {
          close(null, null, null);
          return { end: null, canceledAt: null, paid };
        }
        // Some monthly customers accept a retention offer instead of leaving.
        if (
          !forced &&
          months === 1 &&
          offer.discount === 0 &&
          q <= window.end &&
          rng.chance(0.15)
        ) {
          next(q, { ...offer, discount: 25, discountUntil: addMonths(q, 3) });
          k = -1;
          continue;
        }
        close(q, 'cancel', canceledAt);
        return { end: q, canceledAt, paid };
      }
      // Involuntary churn: the renewal payment fails and dunning gives up 1-3 weeks later.
      const end = q + rng.int(7, 21);
      if (end > window.end) {
        close(null, null, null);
        return { end: null, canceledAt: null, paid };
      }
      close(end, 'delinquent', null);
      return { end, canceledAt: null, paid };
    }

    // A change during the period: upgrade (plan or seats) or seats removed.
    const upgrade = 1 - Math.pow(1 - (0.012 + 0.03 * ctx.health), months);
    const seatsDown = PLANS[offer.plan].perSeat ? 1 - Math.pow(1 - 0.02, months) : 0;
    const r = rng.next();
    if (r < upgrade + seatsDown && q - p > 2) {
      const day = rng.int(p + 1, q - 1);
      const moved = movedOffer(offer, r < upgrade ? 1 : -1, ctx.currency, rng);
      if (day > window.end) {
        close(null, null, null);
        return { end: null, canceledAt: null, paid };
      }
      if (moved !== null) {
        next(day, moved);
        k = -1;
        continue;
      }
    }

    // Changes at renewal: a discount ending, a downgrade, monthly -> annual.
    if (q <= window.end) {
      let changed: Offer | null = null;
      if (offer.discount > 0 && offer.discountUntil !== null && q >= offer.discountUntil) {
        changed = { ...offer, discount: 0, discountUntil: null };
      } else if (rng.chance(1 - Math.pow(1 - 0.006, months))) {
        changed = movedOffer(offer, -1, ctx.currency, rng);
      } else if (offer.cadence === 'monthly' && rng.chance(0.012)) {
        changed = { ...offer, cadence: cadenceFor(offer.plan, 'annual') };
      }
      if (changed !== null) {
        next(q, changed);
        k = -1;
        continue;
      }
    }
  }
}

/** A concurrent add-on subscription; it ends at the latest when the main one ends. */
function addOnChain(
  ctx: ChainContext,
  start: Day,
  limit: Day | null,
  limitCanceledAt: Day | null,
): void {
  const { rng, window, drafts } = ctx;
  const cadence: Cadence = rng.chance(0.8) ? 'monthly' : 'annual';
  const offer: Offer = {
    plan: 'analytics',
    cadence,
    quantity: 1,
    discount: 0,
    discountUntil: null,
  };
  const months = CADENCES[cadence].months;
  const close = (end: Day | null, reason: EndReason | null, canceledAt: Day | null): void => {
    drafts.push({ start, end, offer, anchor: start, trialEnd: null, canceledAt, reason });
  };
  for (let k = 0; ; k++) {
    const p = addMonths(start, k * months);
    const q = addMonths(start, (k + 1) * months);
    if (p > window.end) {
      close(limit, limit === null ? null : 'account', limitCanceledAt);
      return;
    }
    if (rng.chance(months === 1 ? 0.045 : 0.35)) {
      const canceledAt = rng.int(Math.max(p, q - 30), q - 1);
      if (canceledAt <= window.end && canceledAt < (limitCanceledAt ?? limit ?? Infinity)) {
        if (limit !== null && q >= limit) close(limit, 'account', canceledAt);
        else close(q, 'cancel', canceledAt);
        return;
      }
    }
    if (limit !== null && q >= limit) {
      close(limit, 'account', limitCanceledAt);
      return;
    }
  }
}

function toSubscriptions(
  customerId: string,
  currency: DemoCurrency,
  drafts: readonly Draft[],
): DemoSubscription[] {
  const ordered = drafts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.start - b.d.start || a.i - b.i)
    .map((x) => x.d);
  return ordered.map((d, i) => {
    const cadence = CADENCES[d.offer.cadence];
    return {
      planId: d.offer.plan,
      cadence: d.offer.cadence,
      anchor: d.anchor,
      endReason: d.reason,
      row: {
        subscription_id: `sub_${customerId.slice(4)}_${pad(i + 1, 2)}`,
        customer_id: customerId,
        amount: unitPrice(d.offer.plan, d.offer.cadence, currency),
        currency,
        interval: cadence.interval,
        interval_count: cadence.intervalCount,
        start_date: d.start,
        plan: PLANS[d.offer.plan].name,
        quantity: d.offer.quantity,
        discount_percent: d.offer.discount,
        end_date: d.end,
        trial_end: d.trialEnd,
        canceled_at: d.canceledAt,
        discount_duration: 'forever',
      },
    };
  });
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}
