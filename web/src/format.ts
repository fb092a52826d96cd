/** Numbers as people read them, in the workspace currency and the chosen locale (Intl). */
import type { MetricDefinition } from './api.ts';
import { translate, type MessageKey } from './i18n/index.ts';

export interface Formats {
  locale: string;
  currency: string;
}

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

export function money(value: number, { locale, currency }: Formats, compact = false): string {
  return nf(locale, {
    style: 'currency',
    currency,
    ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
  }).format(value);
}

export function percent(value: number, locale: string, digits = 1): string {
  return nf(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function count(value: number, locale: string): string {
  return nf(locale, { maximumFractionDigits: 0 }).format(value);
}

export function decimal(value: number, locale: string, digits = 2): string {
  return nf(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A metric value by its unit; null ("not defined") as an em dash. */
export function metricValue(
  metric: Pick<MetricDefinition, 'unit'>,
  value: number | null | undefined,
  f: Formats,
  compact = false,
): string {
  if (value === null || value === undefined) return '—';
  switch (metric.unit) {
    case 'money':
      return money(value, f, compact);
    case 'rate':
      return percent(value, f.locale);
    case 'ratio':
      return decimal(value, f.locale);
    case 'index':
      return decimal(value, f.locale, 4);
    case 'points':
      return decimal(value, f.locale, 1);
    case 'months':
      return `${decimal(value, f.locale, 1)} ${translate(f.locale, 'unit.months')}`;
    case 'days':
      return `${decimal(value, f.locale, 1)} ${translate(f.locale, 'unit.days')}`;
    case 'hours':
      return `${decimal(value, f.locale, 1)} ${translate(f.locale, 'unit.hours')}`;
    default:
      return count(value, f.locale);
  }
}

/**
 * A chart's value-axis labels and tooltip values in the metric's unit. Charts plot rates
 * as percentages (×100), so both undo that before formatting.
 */
export function chartFormatters(metric: Pick<MetricDefinition, 'unit'>, f: Formats) {
  const unscale = (v: number) => (metric.unit === 'rate' ? v / 100 : v);
  return {
    axis: (v: number) => (metric.unit === 'rate' ? `${v}%` : metricValue(metric, v, f, true)),
    tooltip: (v: unknown) => metricValue(metric, typeof v === 'number' ? unscale(v) : null, f),
  };
}

/** A comparison from the API as text: points for rates and scores, relative otherwise. */
export function changeText(
  metric: Pick<MetricDefinition, 'unit'>,
  change: number | null,
  changePct: number | null,
  locale: string,
): string | null {
  if (change === null) return null;
  const sign = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '±');
  if (metric.unit === 'rate')
    return `${sign(change)}${decimal(Math.abs(change * 100), locale, 1)} ${translate(locale, 'unit.pp')}`;
  if (metric.unit === 'points')
    return `${sign(change)}${decimal(Math.abs(change), locale, 1)} ${translate(locale, 'unit.pts')}`;
  if (changePct === null)
    return change === 0 ? '±0' : translate(locale, 'change.fromZero', { sign: sign(change) });
  return `${sign(changePct)}${percent(Math.abs(changePct), locale)}`;
}

/** Change between two values: relative for amounts, percentage points for rates. */
export function change(
  metric: Pick<MetricDefinition, 'unit'>,
  now: number | null | undefined,
  before: number | null | undefined,
  locale: string,
): { text: string; delta: number } | null {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  if (metric.unit === 'rate') {
    const points = (now - before) * 100;
    const sign = points > 0 ? '+' : points < 0 ? '−' : '±';
    return {
      text: `${sign}${decimal(Math.abs(points), locale, 1)} ${translate(locale, 'unit.pp')}`,
      delta: points,
    };
  }
  if (before === 0) return null;
  const rel = (now - before) / Math.abs(before);
  const sign = rel > 0 ? '+' : rel < 0 ? '−' : '±';
  return { text: `${sign}${percent(Math.abs(rel), locale)}`, delta: rel };
}

/** Whether a change is good news given the metric's direction. */
export function tone(direction: string, delta: number): 'good' | 'bad' | 'neutral' {
  if (delta === 0 || direction === 'neutral') return 'neutral';
  return delta > 0 === (direction === 'up') ? 'good' : 'bad';
}

/** The customer segments SPEC names, as people write them. */
const KNOWN_VALUES: Record<string, string> = {
  smb: 'SMB',
  mid_market: 'Mid-market',
  enterprise: 'Enterprise',
};

/** An attribute value as people read it: `mid_market` → "Mid-market"; other text as it is. */
export function attributeValue(value: string): string {
  const known = KNOWN_VALUES[value];
  if (known) return known;
  if (!/^[a-z0-9]+(_[a-z0-9]+)+$/.test(value)) return value;
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An attribute name as a label: `plan` → "Plan", `mid_market` → "Mid market". */
export function attributeName(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const INTERVAL_NAMES = ['day', 'week', 'month', 'quarter', 'year'];
const intervalOf = (interval: string) => (INTERVAL_NAMES.includes(interval) ? interval : 'month');

/** "monthly periods", "daily periods"… */
export function periodsText(interval: string, locale = 'en'): string {
  return translate(locale, `periods.${intervalOf(interval)}` as MessageKey);
}

/** An interval's name ("month", "mois"…). */
export function intervalName(interval: string, locale = 'en'): string {
  return translate(locale, `interval.${intervalOf(interval)}` as MessageKey);
}

/** A period's name on charts and tables; a running one says so ("2026-12 month-to-date"). */
export function periodName(
  p: { period: string; partial?: true },
  interval: string,
  locale = 'en',
): string {
  if (!p.partial) return p.period;
  return translate(locale, `toDate.${intervalOf(interval)}` as MessageKey, { period: p.period });
}

/** The days a period covers: a running one ends on its last counted day. */
export function periodSpan(p: { start: string; end: string; through?: string }): string {
  return `${p.start} – ${p.through ?? p.end}`;
}

export const LOCALES = [
  ['en-US', 'English (US)'],
  ['en-GB', 'English (UK)'],
  ['fr-FR', 'Français'],
  ['pl-PL', 'Polski'],
  ['de-DE', 'Deutsch'],
] as const;

/** An instant (ISO 8601) as a date and time of the viewer's zone, e.g. "6 Dec 2026, 15:04:23". */
export function instant(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(
    new Date(iso),
  );
}
