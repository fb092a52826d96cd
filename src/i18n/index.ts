/**
 * The server's texts in the reader's language: insight sentences, metric names and formulas,
 * missing-input reasons, benchmark wording, digests and alerts. English, French, Polish and
 * German; any other language reads English. Messages are whole sentences with `{name}`
 * slots (never glued together), and money is formatted in the reader's locale, so a French
 * sentence says "3 268,26 $US" as the French dashboard does.
 *
 * A locale is a BCP 47 tag ("fr-FR", "de"): its language picks the catalogue, the whole tag
 * the number format. The API takes it from `?locale=` or the Accept-Language header; the
 * notifications from the workspace's `locale` setting.
 */
import { de } from './messages/de.ts';
import { en, type ServerMessageKey, type ServerMessages } from './messages/en.ts';
import { fr } from './messages/fr.ts';
import { pl } from './messages/pl.ts';
import { de as deMetrics } from './metrics/de.ts';
import { fr as frMetrics } from './metrics/fr.ts';
import { pl as plMetrics } from './metrics/pl.ts';
import type { MetricTexts } from './metrics/texts.ts';
import { de as deBenchmarks } from './benchmarks/de.ts';
import { fr as frBenchmarks } from './benchmarks/fr.ts';
import { pl as plBenchmarks } from './benchmarks/pl.ts';

export type { ServerMessageKey };

/** The languages with a catalogue. */
export const LANGUAGES = ['en', 'fr', 'pl', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LOCALE = 'en-US';

const CATALOGUES: Readonly<Record<Language, ServerMessages>> = { en, fr, pl, de };
/** English names and formulas are the registry's own. */
const METRIC_TEXTS: Readonly<Record<Exclude<Language, 'en'>, MetricTexts>> = {
  fr: frMetrics,
  pl: plMetrics,
  de: deMetrics,
};

/** Benchmark groups and measures by their English text (the registry of src/metrics/benchmarks.ts). */
const BENCHMARK_TEXTS: Readonly<Record<Exclude<Language, 'en'>, Readonly<Record<string, string>>>> =
  { fr: frBenchmarks, pl: plBenchmarks, de: deBenchmarks };

export type Params = Readonly<Record<string, string | number>>;

/** The catalogue language of a locale ("fr-CA" → fr); English when there is none. */
export function languageOf(locale: string): Language {
  const language = locale.split(/[-_]/)[0]!.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : 'en';
}

/** Tags already made canonical: every request asks, nearly always with the same few. */
const CANONICAL = new Map<string, string | null>();
const CANONICAL_KEPT = 256;

/** A well-formed BCP 47 tag Intl accepts, or null. */
function canonical(tag: string): string | null {
  const known = CANONICAL.get(tag);
  if (known !== undefined) return known;
  let value: string | null;
  try {
    value = Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    value = null;
  }
  // Bounded: headers a client makes up (random tags) must not grow it without end.
  if (CANONICAL.size >= CANONICAL_KEPT) CANONICAL.clear();
  CANONICAL.set(tag, value);
  return value;
}

/**
 * The locale a request asks for: `?locale=` first, else the first language of
 * Accept-Language ("fr-FR,fr;q=0.9,en;q=0.8") that has a catalogue, else English.
 */
export function requestLocale(
  param: string | undefined,
  acceptLanguage: string | undefined,
): string {
  const asked = param === undefined ? null : canonical(param);
  if (asked) return asked;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.split(';');
      const q = rest.map((r) => /^\s*q=([\d.]+)\s*$/.exec(r)?.[1]).find(Boolean);
      return { tag: canonical(tag), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x): x is { tag: string; q: number; i: number } => x.tag !== null && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const supported = ranked.find((x) => languageOf(x.tag) !== 'en' || /^en\b/i.test(x.tag));
  return supported?.tag ?? DEFAULT_LOCALE;
}

function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (slot, name: string) =>
    params[name] === undefined ? slot : String(params[name]),
  );
}

/** A message in the locale's language with its slots filled in. */
export function translate(locale: string, key: ServerMessageKey, params: Params = {}): string {
  return fill(CATALOGUES[languageOf(locale)][key], params);
}

/** A message whose key is built from data (a component, a dimension): the fallback without one. */
export function translateOr(locale: string, key: string, fallback: string): string {
  const messages = CATALOGUES[languageOf(locale)] as Readonly<Record<string, string>>;
  return messages[key] ?? fallback;
}

/** `{key}.one` or `{key}.other` by the language's plural rules. */
export function plural(
  locale: string,
  key: 'missing.companyWide' | 'alert.atRisk',
  count: number,
  params: Params = {},
): string {
  const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
  return translate(locale, `${key}.${form}`, { count, ...params });
}

/** A metric's name and formula in the language, or null for English (the registry's own). */
export function metricTexts(
  locale: string,
  metricId: string,
): { label: string; formula: string } | null {
  const language = languageOf(locale);
  if (language === 'en') return null;
  const texts = METRIC_TEXTS[language][metricId];
  return texts ? { label: texts[0], formula: texts[1] } : null;
}

/** A fraction as the locale writes a percentage: "12.5%", "12,5 %". */
export function formatPercentIn(locale: string, fraction: number, digits = 1): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fraction);
}

/** A plain number as the locale writes it. */
export function formatNumberIn(locale: string, value: number, maxDigits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: maxDigits }).format(value);
}

/**
 * A benchmark's group, measure or publisher in the locale's language. They are quoted from English
 * sources, so the English text is the key; one without a translation stays English.
 */
export function benchmarkText(locale: string, english: string): string {
  const language = languageOf(locale);
  if (language === 'en') return english;
  const texts = BENCHMARK_TEXTS[language];
  const band = /^(B2B SaaS companies with ARR ≥ \$1M, ACV )(?:(under|over) )?(\S+)$/.exec(english);
  if (band) {
    const [, group, side, amount] = band as unknown as [string, string, string | undefined, string];
    const range = side ? fill(texts[`${side} {amount}`] ?? `${side} {amount}`, { amount }) : amount;
    return fill(texts[`${group}{band}`] ?? english, { band: range });
  }
  return texts[english] ?? english;
}
