import type { SubscriptionInterval } from '../model/kinds.ts';
import type { Weighted } from './random.ts';

/**
 * The demo company's price list and the vocabularies its customers are drawn from.
 * Prices are in minor units (cents) per unit and billing interval.
 */

export type DemoCurrency = 'USD' | 'EUR';
export type PlanId = 'starter' | 'pro' | 'business' | 'team' | 'analytics';
export type Cadence = 'monthly' | 'quarterly' | 'semiannual' | 'annual';
export type Segment = 'smb' | 'mid_market' | 'enterprise';
export type Channel = 'organic' | 'paid_search' | 'outbound' | 'referral' | 'partner';

export interface CadenceSpec {
  readonly interval: SubscriptionInterval;
  readonly intervalCount: number;
  /** Length of one billing period in months. */
  readonly months: number;
}

/** Quarterly uses the `quarter` interval; semi-annual is `month` x 6 (as Stripe exports it). */
export const CADENCES: Readonly<Record<Cadence, CadenceSpec>> = {
  monthly: { interval: 'month', intervalCount: 1, months: 1 },
  quarterly: { interval: 'quarter', intervalCount: 1, months: 3 },
  semiannual: { interval: 'month', intervalCount: 6, months: 6 },
  annual: { interval: 'year', intervalCount: 1, months: 12 },
};

export interface PlanSpec {
  readonly id: PlanId;
  /** The `plan` column. */
  readonly name: string;
  /** Rank for upgrades and downgrades (the add-on has none). */
  readonly tier: number;
  /** Priced per seat: quantity = seats. */
  readonly perSeat: boolean;
  readonly addOn: boolean;
  /** Price per unit and period, by cadence and currency (minor units). */
  readonly prices: Readonly<Partial<Record<Cadence, Readonly<Record<DemoCurrency, number>>>>>;
}

const price = (usd: number, eur: number): Readonly<Record<DemoCurrency, number>> => ({
  USD: usd,
  EUR: eur,
});

/** Annual plans cost 10x the monthly price (two months free); quarterly about 2.8x. */
export const PLANS: Readonly<Record<PlanId, PlanSpec>> = {
  starter: {
    id: 'starter',
    name: 'Starter',
    tier: 1,
    perSeat: false,
    addOn: false,
    prices: {
      monthly: price(2900, 2700),
      quarterly: price(7900, 7500),
      annual: price(29000, 27000),
    },
  },
  team: {
    id: 'team',
    name: 'Team',
    tier: 2,
    perSeat: true,
    addOn: false,
    prices: {
      monthly: price(1900, 1700),
      quarterly: price(5400, 4900),
      annual: price(19000, 17000),
    },
  },
  pro: {
    id: 'pro',
    name: 'Pro',
    tier: 3,
    perSeat: false,
    addOn: false,
    prices: {
      monthly: price(9900, 8900),
      quarterly: price(27900, 24900),
      annual: price(99000, 89000),
    },
  },
  business: {
    id: 'business',
    name: 'Business',
    tier: 4,
    perSeat: false,
    addOn: false,
    prices: {
      monthly: price(29900, 27900),
      quarterly: price(84900, 79900),
      semiannual: price(164900, 153900),
      annual: price(299000, 279000),
    },
  },
  analytics: {
    id: 'analytics',
    name: 'Analytics add-on',
    tier: 0,
    perSeat: false,
    addOn: true,
    prices: {
      monthly: price(4900, 4500),
      annual: price(49000, 45000),
    },
  },
};

/** Main plans from the cheapest to the most expensive per account. */
export const PLAN_LADDER: readonly PlanId[] = ['starter', 'team', 'pro', 'business'];

/** Metered API usage, billed monthly in arrears per thousand calls. */
export const USAGE_PLAN = { name: 'API usage', unitPrice: price(200, 180) } as const;
/** One-time onboarding packages (minor units). */
export const SETUP_FEES: readonly Readonly<Record<DemoCurrency, number>>[] = [
  price(50000, 45000),
  price(150000, 140000),
  price(300000, 280000),
];
export const SETUP_PLAN = 'Onboarding package';

export interface CountrySpec {
  readonly code: string;
  readonly currency: DemoCurrency;
  /** VAT charged on top of invoices (0 outside the EU). */
  readonly taxRate: number;
  readonly tld: string;
}

/** Roughly 80% of customers pay in USD and 20% (the euro-area and Polish ones) in EUR. */
export const COUNTRIES: readonly Weighted<CountrySpec>[] = [
  { value: { code: 'US', currency: 'USD', taxRate: 0, tld: 'com' }, weight: 55 },
  { value: { code: 'GB', currency: 'USD', taxRate: 0, tld: 'co.uk' }, weight: 10 },
  { value: { code: 'CA', currency: 'USD', taxRate: 0, tld: 'ca' }, weight: 6 },
  { value: { code: 'AU', currency: 'USD', taxRate: 0, tld: 'com.au' }, weight: 4 },
  { value: { code: 'IN', currency: 'USD', taxRate: 0, tld: 'in' }, weight: 5 },
  { value: { code: 'DE', currency: 'EUR', taxRate: 0.19, tld: 'de' }, weight: 6 },
  { value: { code: 'FR', currency: 'EUR', taxRate: 0.2, tld: 'fr' }, weight: 5 },
  { value: { code: 'NL', currency: 'EUR', taxRate: 0.21, tld: 'nl' }, weight: 3 },
  { value: { code: 'PL', currency: 'EUR', taxRate: 0.23, tld: 'pl' }, weight: 2 },
  { value: { code: 'ES', currency: 'EUR', taxRate: 0.21, tld: 'es' }, weight: 2 },
  { value: { code: 'IT', currency: 'EUR', taxRate: 0.22, tld: 'it' }, weight: 2 },
];

export const SEGMENTS: readonly Weighted<Segment>[] = [
  { value: 'smb', weight: 60 },
  { value: 'mid_market', weight: 30 },
  { value: 'enterprise', weight: 10 },
];

export const CHANNELS: readonly Weighted<Channel>[] = [
  { value: 'organic', weight: 35 },
  { value: 'paid_search', weight: 25 },
  { value: 'outbound', weight: 15 },
  { value: 'referral', weight: 15 },
  { value: 'partner', weight: 10 },
];

/** Channels whose deals go through sales (lead -> opportunity -> customer). */
export const SALES_LED_CHANNELS: ReadonlySet<Channel> = new Set(['outbound', 'partner']);

/** The custom attribute carried by every customer (an extra `industry` column). */
export const INDUSTRIES: readonly string[] = [
  'fintech',
  'healthcare',
  'ecommerce',
  'education',
  'manufacturing',
  'media',
  'logistics',
  'real_estate',
  'software',
  'nonprofit',
];

const NAME_FIRST = [
  'Acme',
  'Blue',
  'Bright',
  'Cedar',
  'Copper',
  'Crimson',
  'Delta',
  'Ember',
  'Falcon',
  'Granite',
  'Harbor',
  'Helix',
  'Indigo',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Maple',
  'Meridian',
  'Nimbus',
  'Northwind',
  'Oak',
  'Orbit',
  'Pine',
  'Polar',
  'Quartz',
  'Redwood',
  'Sage',
  'Silver',
  'Summit',
  'Tidal',
  'Umber',
  'Vertex',
  'Willow',
  'Zephyr',
];
const NAME_SECOND = [
  'Analytics',
  'Bakery',
  'Bio',
  'Cloud',
  'Commerce',
  'Data',
  'Dental',
  'Energy',
  'Foods',
  'Freight',
  'Health',
  'Home',
  'Insights',
  'Learning',
  'Legal',
  'Logistics',
  'Media',
  'Motors',
  'Pay',
  'Robotics',
  'Security',
  'Studio',
  'Systems',
  'Travel',
  'Works',
];
const NAME_SUFFIX = ['Inc', 'Ltd', 'GmbH', 'SAS', 'Labs', 'Group', 'Co', 'LLC'];

/** A company name; the caller makes it unique. */
export function companyName(next: () => number): string {
  const a = NAME_FIRST[Math.floor(next() * NAME_FIRST.length)] ?? 'Acme';
  const b = NAME_SECOND[Math.floor(next() * NAME_SECOND.length)] ?? 'Works';
  const c = NAME_SUFFIX[Math.floor(next() * NAME_SUFFIX.length)] ?? 'Inc';
  return `${a} ${b} ${c}`;
}

export const EMAIL_ROLES = ['billing', 'finance', 'ops', 'admin', 'accounts'] as const;

/** The event that marks a user as activated (first report). */
export const ACTIVATION_EVENT = 'activated';

export const TICKET_CHANNELS: readonly Weighted<string>[] = [
  { value: 'email', weight: 50 },
  { value: 'chat', weight: 30 },
  { value: 'phone', weight: 8 },
  { value: 'web', weight: 12 },
];

export const NPS_COMMENTS: Readonly<Record<'promoter' | 'passive' | 'detractor', string[]>> = {
  promoter: [
    'Love how fast the dashboards are.',
    'Our board deck takes minutes now, not days.',
    'Support is excellent, always quick to answer.',
    'Exactly the numbers our investors ask for.',
    'Great product, the cohort view is brilliant.',
    'Recommended it to two other founders already.',
  ],
  passive: [
    'Good overall, but the exports could be richer.',
    'Does the job. Would like more integrations.',
    'Solid, though the setup took a while.',
    'Fine for now; pricing feels a bit high for us.',
    'Useful, but some charts are hard to read.',
  ],
  detractor: [
    'Too expensive for what we use.',
    'Numbers did not match our billing system at first.',
    'Missing the integration we need, we are evaluating alternatives.',
    'Slow support responses lately.',
    'We hardly use it anymore, the team moved to spreadsheets.',
  ],
};

export const CSAT_COMMENTS: Readonly<Record<'good' | 'neutral' | 'bad', string[]>> = {
  good: [
    'Quick and helpful, thanks!',
    'Solved in one reply.',
    'Great explanation, thank you.',
    'Very friendly support.',
  ],
  neutral: ['Took a while but it is fixed.', 'OK, had to ask twice.', 'Resolved, eventually.'],
  bad: [
    'Still not fixed properly.',
    'Waited days for an answer.',
    'The answer did not help, had to find a workaround.',
  ],
};
