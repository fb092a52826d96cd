import { parseIsoDay } from '../model/day.ts';
import type { CustomerMovement } from '../metrics/query.ts';

/** Everything the risk model reads, per customer, with days as epoch-day numbers. */
export interface RiskData {
  readonly movements: readonly CustomerMovement[];
  /** The customer's MRR on a day (epoch day), minor units: the engine's value (FX included). */
  readonly mrrOn: (customerId: string, day: number) => number;
  readonly subscriptions: readonly {
    readonly customerId: string;
    readonly start: number;
    /** Exclusive; null while ongoing. */
    readonly end: number | null;
    readonly quantity: number;
    readonly annual: boolean;
  }[];
  readonly events: readonly {
    readonly customerId: string;
    readonly userId: string;
    readonly day: number;
  }[];
  readonly tickets: readonly { readonly customerId: string; readonly day: number }[];
  readonly nps: readonly {
    readonly customerId: string;
    readonly day: number;
    readonly score: number;
  }[];
  readonly invoices: readonly {
    readonly customerId: string;
    readonly issued: number;
    /** Unpaid, uncollectible or paid more than LATE_DAYS after issue. */
    readonly failed: (asOf: number) => boolean;
  }[];
}

export const FEATURES = [
  'usage_trend',
  'seat_utilization',
  'tickets_90d',
  'nps',
  'failed_payments_180d',
  'tenure_months',
  'mrr',
  'annual_plan',
] as const;
export type FeatureId = (typeof FEATURES)[number];

/** Raw values people can read, kept beside the transformed model inputs. */
export interface CustomerFeatures {
  readonly customerId: string;
  /** MRR at the snapshot, minor units. */
  readonly mrr: number;
  readonly raw: Readonly<Record<FeatureId, number>>;
  /** Model inputs in FEATURES order. */
  readonly vector: readonly number[];
}

/** Without any NPS answer, assume a passive (7): neither promoter nor detractor. */
const NEUTRAL_NPS = 7;
export const LATE_DAYS = 30;

function groupBy<T extends { customerId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.customerId);
    if (list) list.push(r);
    else map.set(r.customerId, [r]);
  }
  return map;
}

export interface FeatureIndex {
  readonly movements: Map<string, CustomerMovement[]>;
  readonly mrrOn: RiskData['mrrOn'];
  readonly subscriptions: Map<string, RiskData['subscriptions'][number][]>;
  readonly events: Map<string, RiskData['events'][number][]>;
  readonly tickets: Map<string, RiskData['tickets'][number][]>;
  readonly nps: Map<string, RiskData['nps'][number][]>;
  readonly invoices: Map<string, RiskData['invoices'][number][]>;
}

export function indexRiskData(data: RiskData): FeatureIndex {
  const movements = groupBy(data.movements);
  for (const list of movements.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  return {
    movements,
    mrrOn: data.mrrOn,
    subscriptions: groupBy(data.subscriptions),
    events: groupBy(data.events),
    tickets: groupBy(data.tickets),
    nps: groupBy(data.nps),
    invoices: groupBy(data.invoices),
  };
}

/** Features of every customer paying on `day` (epoch day), of those `keep` keeps. */
export function featuresAt(
  index: FeatureIndex,
  day: number,
  keep: (customerId: string) => boolean = () => true,
): CustomerFeatures[] {
  const out: CustomerFeatures[] = [];
  for (const [customerId, movements] of index.movements) {
    if (!keep(customerId)) continue;
    const mrr = index.mrrOn(customerId, day);
    if (mrr <= 0) continue;
    const firstPaid = movements.find((m) => m.type === 'new')?.date ?? movements[0]!.date;
    const events = index.events.get(customerId) ?? [];
    let recent = 0;
    let prior = 0;
    const users = new Set<string>();
    for (const e of events) {
      if (e.day > day) continue;
      if (e.day > day - 30) {
        recent++;
        users.add(e.userId);
      } else if (e.day > day - 60) prior++;
    }
    const active = (index.subscriptions.get(customerId) ?? []).filter(
      (s) => s.start <= day && (s.end === null || s.end > day),
    );
    const seats = active.reduce((a, s) => a + s.quantity, 0);
    const tickets = (index.tickets.get(customerId) ?? []).filter(
      (t) => t.day <= day && t.day > day - 90,
    ).length;
    const answers = (index.nps.get(customerId) ?? []).filter((a) => a.day <= day);
    const nps =
      answers.length === 0 ? NEUTRAL_NPS : answers.reduce((a, b) => (b.day >= a.day ? b : a)).score;
    const failed = (index.invoices.get(customerId) ?? []).filter(
      (i) => i.issued <= day && i.issued > day - 180 && i.failed(day),
    ).length;
    const tenure = Math.max(0, (day - (parseIsoDay(firstPaid) ?? day)) / 30.4375);
    const raw: Record<FeatureId, number> = {
      usage_trend: (recent + 1) / (prior + 1) - 1,
      seat_utilization: seats > 0 ? Math.min(users.size / seats, 2) : 1,
      tickets_90d: tickets,
      nps,
      failed_payments_180d: failed,
      tenure_months: tenure,
      mrr,
      annual_plan: active.some((s) => s.annual) ? 1 : 0,
    };
    out.push({
      customerId,
      mrr,
      raw,
      // Logs tame the long tails (MRR, ticket counts, tenure) so no single customer dominates the fit.
      vector: [
        Math.log((recent + 1) / (prior + 1)),
        raw.seat_utilization,
        Math.log1p(tickets),
        nps,
        failed,
        Math.log1p(tenure),
        Math.log1p(mrr),
        raw.annual_plan,
      ],
    });
  }
  return out;
}

/** Whether the customer churns (an MRR-to-zero movement) within (from, to], ISO dates. */
export function churnsBetween(
  movements: readonly CustomerMovement[] | undefined,
  from: string,
  to: string,
): boolean {
  return (movements ?? []).some((m) => m.type === 'churn' && m.date > from && m.date <= to);
}

export function reasonText(
  feature: FeatureId,
  value: number,
  formatMoney: (minor: number) => string,
): string {
  switch (feature) {
    case 'usage_trend':
      return value < 0
        ? `usage down ${Math.round(-value * 100)}% on the previous 30 days`
        : `usage up ${Math.round(value * 100)}% on the previous 30 days`;
    case 'seat_utilization':
      return `${Math.round(value * 100)}% of seats active`;
    case 'tickets_90d':
      return `${value} support tickets in 90 days`;
    case 'nps':
      return `latest NPS answer ${value}`;
    case 'failed_payments_180d':
      return `${value} unpaid or late invoices in 180 days`;
    case 'tenure_months':
      return `customer for ${Math.round(value)} months`;
    case 'mrr':
      return `MRR ${formatMoney(value)}`;
    case 'annual_plan':
      return value ? 'on an annual plan' : 'on a monthly plan';
  }
}
