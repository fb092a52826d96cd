/**
 * The dashboard's message catalogue: English, French, Polish and German, chosen by the
 * locale's language (the locale also sets the number and currency formats). Messages are
 * whole sentences with `{name}` slots, never strings glued together.
 */
import type { ReactNode } from 'react';
import { useApp } from '../context.ts';
import { de } from './de.ts';
import { en, type MessageKey, type Messages } from './en.ts';
import { fr } from './fr.ts';
import { pl } from './pl.ts';

export type { MessageKey };

const CATALOGUES: Readonly<Record<string, Messages>> = { en, fr, pl, de };

export type Params = Readonly<Record<string, string | number>>;

/** The catalogue of a locale's language; English for the others. */
export function catalogue(locale: string): Messages {
  return CATALOGUES[locale.split('-')[0]!.toLowerCase()] ?? en;
}

function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (slot, name: string) =>
    params[name] === undefined ? slot : String(params[name]),
  );
}

export function translate(locale: string, key: MessageKey, params: Params = {}): string {
  return fill(catalogue(locale)[key], params);
}

/** A message whose key may not exist (a metric without a translation): the fallback then. */
export function translateOr(locale: string, key: string, fallback: string): string {
  const messages = catalogue(locale) as Readonly<Record<string, string>>;
  return messages[key] ?? fallback;
}

/**
 * `{key}.one`, `{key}.few` or `{key}.other` by the language's plural rules (Polish has
 * three forms), with `count` filled in; a form the catalogue lacks falls back to `other`.
 */
export function plural(
  locale: string,
  key: 'kpi.responses' | 'customers.count',
  count: number,
  params: Params = {},
): string {
  const rule = new Intl.PluralRules(locale).select(count);
  const text = translateOr(locale, `${key}.${rule}`, translate(locale, `${key}.other`));
  return fill(text, { count, ...params });
}

export type Translate = (key: MessageKey, params?: Params) => string;

/** `t(key, params)` in the signed-in user's language. */
export function useT(): Translate {
  const { formats } = useApp();
  return (key, params) => translate(formats.locale, key, params);
}

/** A metric's label in the user's language (the registry's English label without one). */
export function metricLabel(locale: string, metric: { id: string; label: string }): string {
  return translateOr(locale, `metric.${metric.id}`, metric.label);
}

/**
 * A message whose slots hold elements (a `<code>` command, a link): the text around them
 * stays one translated sentence, split at the slots.
 */
export function rich(text: string, parts: Readonly<Record<string, ReactNode>>): ReactNode[] {
  return text
    .split(/(\{\w+\})/)
    .map((piece) => {
      const slot = /^\{(\w+)\}$/.exec(piece);
      return slot && parts[slot[1]!] !== undefined ? parts[slot[1]!] : piece;
    })
    .filter((piece) => piece !== '');
}
