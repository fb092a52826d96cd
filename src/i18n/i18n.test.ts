import { describe, expect, it } from 'vitest';
import { METRICS } from '../metrics/registry.ts';
import { formatMoney } from '../model/money.ts';
import { en } from './messages/en.ts';
import { de } from './messages/de.ts';
import { fr } from './messages/fr.ts';
import { pl } from './messages/pl.ts';
import { fr as frMetrics } from './metrics/fr.ts';
import { pl as plMetrics } from './metrics/pl.ts';
import { de as deMetrics } from './metrics/de.ts';
import { languageOf, metricTexts, requestLocale, translate } from './index.ts';

const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Codes a formula quotes (metric ids, settings, columns, options): kept in every language. */
const codes = (text: string) =>
  [...text.matchAll(/[a-z]+(?:_[a-z0-9]+)+|--[a-z]+|\b[a-z]+[A-Z]\w*/g)].map((m) => m[0]).sort();

describe('the server catalogue', () => {
  for (const [language, messages] of Object.entries({ fr, pl, de }))
    it(`${language} has every English message, with the same slots`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en))
        expect(slots(messages[key as keyof typeof en]), key).toEqual(slots(text));
    });

  for (const [language, texts] of Object.entries({ fr: frMetrics, pl: plMetrics, de: deMetrics }))
    it(`${language} names every metric of the registry and quotes the same codes in its formula`, () => {
      for (const metric of METRICS) {
        const translated = texts[metric.id];
        expect(translated, metric.id).toBeDefined();
        expect(codes(translated![1]), metric.id).toEqual(codes(metric.formula));
      }
    });

  it('fills slots and formats money the way the locale writes it', () => {
    const amount = formatMoney(326_826, 'USD', 'fr-FR');
    expect(amount).toMatch(/^3\u202f268,26\u00a0\$US$/);
    expect(translate('fr-FR', 'insight.movements', { gained: amount, lost: amount })).toBe(
      `Les mouvements ont ajouté ${amount} et retiré ${amount}.`,
    );
    expect(metricTexts('fr', 'mrr')?.label).toBe('MRR');
    expect(metricTexts('en', 'mrr')).toBeNull();
  });
});

describe('requestLocale', () => {
  it('prefers ?locale=, then the first supported Accept-Language, then English', () => {
    expect(requestLocale('pl-PL', 'fr-FR')).toBe('pl-PL');
    expect(requestLocale(undefined, 'fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr-FR');
    expect(requestLocale(undefined, 'ja;q=1, de;q=0.5')).toBe('de');
    expect(requestLocale(undefined, 'en-GB;q=0.2, fr;q=0.8')).toBe('fr');
    expect(requestLocale(undefined, undefined)).toBe('en-US');
    expect(requestLocale('not a locale!', 'nonsense')).toBe('en-US');
    expect(languageOf('fr-CA')).toBe('fr');
    expect(languageOf('ja-JP')).toBe('en');
  });
});

describe('benchmarkText', () => {
  it('translates every benchmark group and measure, the ACV bands included', async () => {
    const { BENCHMARKS } = await import('../metrics/benchmarks.ts');
    const { benchmarkText } = await import('./index.ts');
    for (const locale of ['fr', 'pl', 'de'])
      for (const b of BENCHMARKS) {
        expect(benchmarkText(locale, b.group), `${locale}: ${b.group}`).not.toBe(b.group);
        expect(benchmarkText(locale, b.measure), `${locale}: ${b.measure}`).not.toBe(b.measure);
      }
    expect(benchmarkText('fr', 'B2B SaaS companies with ARR ≥ $1M, ACV under $25k')).toBe(
      'Entreprises SaaS B2B avec un ARR ≥ 1 M$, ACV moins de $25k',
    );
    expect(benchmarkText('en', 'SaaS companies')).toBe('SaaS companies');
  });
});
