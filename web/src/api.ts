/** The dashboard's HTTP client: bearer token from the sign-in, JSON errors as ApiError. */

const TOKEN_KEY = 'northstar.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ImportIssue[] = [],
    readonly totalIssues = 0,
  ) {
    super(message);
  }
}

export interface ImportIssue {
  file: string;
  row: number;
  column: string | null;
  reason: string;
}

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

interface ErrorBody {
  error?: { code?: string; message?: string; issues?: ImportIssue[]; total_issues?: number };
}

/**
 * The language the server words its texts in (metric names, formulas, reasons, sentences):
 * the dashboard's chosen locale, sent as Accept-Language with every request.
 */
export const language = { locale: 'en-US' };

export async function api<T>(
  path: string,
  init: RequestInit & { json?: unknown; token?: string } = {},
): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept-language', language.locale);
  const token = init.token ?? session.token;
  if (token) headers.set('authorization', `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`/api/v1${path}`, { ...init, headers, body });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as T & ErrorBody;
  if (!res.ok) {
    const e = data.error ?? {};
    if (res.status === 401 && path !== '/auth/sessions') session.clear();
    throw new ApiError(
      res.status,
      e.code ?? 'unknown',
      e.message ?? res.statusText,
      e.issues ?? [],
      e.total_issues ?? 0,
    );
  }
  return data;
}

/**
 * Downloads an API file (`/movements.csv?…`) with the session's token and saves it under
 * the name the server gives: a plain link could not send the token.
 */
export async function download(path: string): Promise<void> {
  const headers = new Headers();
  if (session.token) headers.set('authorization', `Bearer ${session.token}`);
  const res = await fetch(`/api/v1${path}`, { headers });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as ErrorBody;
    throw new ApiError(
      res.status,
      body.error?.code ?? 'unknown',
      body.error?.message ?? res.statusText,
    );
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ?? 'northstar-download';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A query string; a list repeats its key (`segment=a&segment=b`); empty values are left out. */
export function query(
  params: Record<string, string | number | undefined | readonly string[]>,
): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    for (const one of Array.isArray(v) ? v : [v])
      if (one !== undefined && one !== '') search.append(k, String(one));
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Response shapes (see /api/v1/openapi.json).
export interface MetricDefinition {
  id: string;
  label: string;
  unit: 'money' | 'count' | 'rate' | 'ratio' | 'index' | 'points' | 'months' | 'days' | 'hours';
  direction: 'up' | 'down' | 'neutral';
  formula: string;
}

export interface Comparison {
  value: number | null;
  previous: number | null;
  year_ago: number | null;
  change: number | null;
  change_pct: number | null;
  good: boolean | null;
  year_change: number | null;
  year_change_pct: number | null;
  year_good: boolean | null;
  /** A running period only: why the metric is not set beside the same days. */
  not_compared?: { code: 'trailing_average' | 'year_anchor'; reason: string };
}

export interface ReportPeriod {
  period: string;
  start: string;
  end: string;
  /** The period is still running: values through `through` only. */
  partial?: true;
  through?: string;
  /** A running period with comparisons: the previous period's days it is set beside. */
  comparison_period?: { period: string; from: string; through: string };
  metrics: Record<string, number | null>;
  comparisons?: Record<string, Comparison>;
}

export interface MetricsReport {
  currency: string;
  interval: string;
  mode: string;
  periods: ReportPeriod[];
  by?: string;
  series?: { value: string; periods: ReportPeriod[] }[];
  /** Metrics without their inputs, with the reason ("needs costs.csv (sales, marketing)"). */
  missing?: Record<string, string>;
  /** When the server's computation read the data (ISO 8601). */
  as_of?: string;
  /** The data changed since `as_of`: a fresh answer is being computed. */
  stale?: boolean;
}

export interface Preset {
  id: 'early' | 'growth' | 'mature';
  label: string;
  description: string;
  metrics: string[];
}

export interface SegmentAttribute {
  attribute: string;
  values: string[];
}

export interface Benchmark {
  metric: string;
  group: string;
  measure: string;
  applies: boolean;
  value: number | null;
  position: string | null;
  source: { publisher: string; title: string; year: number; url: string | null };
  stale: boolean;
}

export interface Insight {
  metric: string;
  label: string;
  currency: string;
  from_period: string;
  to_period: string;
  start_value: number | null;
  end_value: number | null;
  sentences: string[];
  /** The figures behind the sentences (null when the metric is not decomposed). */
  decomposition: {
    change: number;
    change_rate: number | null;
    gained: number;
    lost: number;
    by_type: { type: string; amount: number }[];
    by_segment: { dimension: string; rows: { value: string; amount: number }[] }[];
    top_customers: { customer_id: string; name: string | null; amount: number; types: string[] }[];
  } | null;
}

export interface ForecastRow {
  period: string;
  value: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
  expected_error: number | null;
}

export interface Forecast {
  metric: string;
  model: string;
  model_label: string;
  actuals: { period: string; value: number }[];
  forecast: ForecastRow[];
  backtest: {
    origins: number;
    models: { id: string; label: string; mase: number | null; smape: number | null }[];
  };
}

export type Pacing = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'missed';

/** A goal as stored (`GET /goals`); money in major units, rates as fractions. */
export interface Goal {
  id: string;
  name: string;
  kind: 'number' | 'money' | 'rate' | 'boolean' | 'tasks';
  metric?: string;
  start: string;
  due: string;
  baseline?: number;
  target?: number;
  done?: boolean;
  tasks?: { title: string; done: boolean }[];
  parentId?: string;
  weight?: number;
  segment?: { dimension: string; value: string };
}

export interface GoalStatus {
  id: string;
  name: string;
  kind: string;
  metric: string | null;
  /** The segment the metric is read for; null: the whole workspace. */
  segment: { dimension: string; value: string } | null;
  /** Metric goals: the last complete period's value (`period`, ending `asOf`). */
  current: number | null;
  period: string | null;
  asOf: string | null;
  baseline: number | null;
  baselineFrom: 'set' | 'history' | null;
  baselinePeriod: string | null;
  target: number | null;
  direction: 'up' | 'down' | null;
  progress: number;
  expected: number;
  expectedValue: number | null;
  lineStatus: Pacing;
  forecast: {
    period: string;
    value: number;
    lo80: number;
    hi80: number;
    probability: number;
    status: 'on_track' | 'at_risk' | 'off_track';
  } | null;
  forecastNote: string | null;
  status: Pacing;
  daysLeft: number;
  children: string[];
}

export interface Me {
  workspace: string;
  role: 'admin' | 'viewer';
  /** The API key signed in with; null for a password session. */
  key_id: string | null;
  settings: { currency: string; time_zone: string; demo: boolean };
  rows: Record<string, number>;
}

export interface CustomerSummary {
  customer_id: string;
  name: string | null;
  email: string | null;
  country: string | null;
  segment: string | null;
  channel: string | null;
  mrr: number;
  plan: string | null;
  status: string;
  first_paid: string | null;
  churned_on: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  currency: string;
}

export interface Movement {
  date: string;
  customer_id: string;
  type: string;
  amount: number;
  mrr_before: number;
  mrr_after: number;
}

export interface CustomerDetail extends CustomerSummary {
  currency: string;
  created_at: string | null;
  attributes: Record<string, string>;
  mrr_history: { date: string; mrr: number }[];
  /** Every line that makes up the MRR today; their `mrr` shares add up to it. */
  mrr_lines: MrrLine[];
  delinquent_invoice: string | null;
  movements: Movement[];
  subscriptions: {
    subscription_id: string;
    plan: string | null;
    amount: number;
    currency: string;
    interval: string;
    interval_count: number;
    quantity: number;
    start_date: string;
    end_date: string | null;
  }[];
}

export interface MrrLine {
  source: 'subscription' | 'invoice';
  id: string;
  line_id: string;
  kind: 'subscription' | 'usage';
  plan: string | null;
  currency: string;
  quantity: number;
  amount: number;
  interval: string | null;
  interval_count: number;
  discount_percent: number;
  discount: number;
  period_start: string | null;
  period_end: string | null;
  from: string;
  until: string | null;
  monthly: number;
  fx_rate: number;
  mrr: number;
}

export interface SourceRow {
  source: 'subscription' | 'invoice';
  id: string;
}

/** GET /metrics/{id}/contributors: the customers behind a metric's value in a period. */
export interface ContributorsReport {
  metric: string;
  period: string;
  start: string;
  end: string;
  currency: string;
  unit: 'money' | 'count';
  value: number;
  contributors: {
    customer_id: string;
    name: string | null;
    amount: number;
    movements: (Omit<Movement, 'customer_id'> & { sources: SourceRow[] })[];
    sources: SourceRow[];
  }[];
}

export interface Cohort {
  cohort: string;
  customers: number;
  starting_mrr: number;
  months: {
    month: number;
    customers: number;
    logo_retention: number | null;
    mrr: number;
    revenue_retention: number | null;
  }[];
}
