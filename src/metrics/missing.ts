import type { ImportKind } from '../model/kinds.ts';
import type { MetricDefinition, RequiredInput } from './definition.ts';
import { plural, translate } from '../i18n/index.ts';

/**
 * Why a metric has no value: an import it needs is absent from the workspace, or the
 * segment asked for cannot carry it. A metric whose input is missing is null, never 0, and
 * every surface says why: "needs costs.csv (sales, marketing)".
 */

/** Row counts of the workspace's imports (`Store.counts`); a kind left out counts as 0. */
export type KindCounts = Partial<Readonly<Record<ImportKind, number>>>;

/** Kinds that describe the company as a whole: no segment has any of them. */
const COMPANY_WIDE: readonly ImportKind[] = ['cash', 'headcount'];

/**
 * A requirement's detail in the locale's language. Details are column and category names
 * (codes, the same in every language) or one of these few English phrases.
 */
function detailText(detail: string, locale: string): string {
  if (detail === 'paid invoices') return translate(locale, 'detail.paidInvoices');
  if (detail === 'the activation event') return translate(locale, 'detail.activationEvent');
  if (detail === 'lead or opportunity, and customer stages')
    return translate(locale, 'detail.leadStages');
  const events = /^"(.+)" events$/.exec(detail);
  if (events) return translate(locale, 'detail.events', { event: events[1]! });
  const stages = /^(\S+) and (\S+) stages$/.exec(detail);
  if (stages) return translate(locale, 'detail.stages', { from: stages[1]!, to: stages[2]! });
  return detail;
}

/** A requirement in words: "costs.csv (sales, marketing)", "funnel.csv or customers.csv (signups)". */
export const requirementText = (r: RequiredInput, locale = 'en') =>
  translate(locale, r.detail ? 'missing.fileDetail' : 'missing.file', {
    file: r.kinds.map((k) => `${k}.csv`).join(translate(locale, 'missing.or')),
    detail: r.detail ? detailText(r.detail, locale) : '',
  });

/**
 * The reason the metric cannot be computed here, or null when its required inputs are
 * present. `segment` lists the attributes of the segment asked for (none: the workspace);
 * the reason is worded in the locale's language.
 */
export function missingReason(
  metric: MetricDefinition,
  counts: KindCounts,
  segment: readonly { readonly attribute: string }[] = [],
  locale = 'en',
): string | null {
  const required = metric.requires ?? [];
  const absent = required.filter((r) => r.kinds.every((k) => (counts[k] ?? 0) === 0));
  const and = translate(locale, 'missing.and');
  if (absent.length > 0)
    return translate(locale, 'missing.needs', {
      files: absent.map((r) => requirementText(r, locale)).join(and),
    });
  if (segment.length === 0) return null;
  const kinds = new Set(required.flatMap((r) => (r.kinds.length === 1 ? r.kinds : [])));
  const wide = COMPANY_WIDE.filter((k) => kinds.has(k));
  if (wide.length > 0)
    return plural(locale, 'missing.companyWide', wide.length, {
      files: wide.map((k) => `${k}.csv`).join(and),
    });
  if (kinds.has('costs') && segment.some((s) => s.attribute !== 'channel'))
    return translate(locale, 'missing.costsByChannel');
  return null;
}

/** The reasons of every metric that cannot be computed, by metric id. */
export function missingReasons(
  metrics: readonly MetricDefinition[],
  counts: KindCounts,
  segment: readonly { readonly attribute: string }[] = [],
  locale = 'en',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of metrics) {
    const reason = missingReason(m, counts, segment, locale);
    if (reason !== null) out[m.id] = reason;
  }
  return out;
}

/** The kinds a metric reads, MRR's own first: what `northstar explain` reports counts of. */
export function kindsRead(metric: MetricDefinition): ImportKind[] {
  const mrr: ImportKind[] = ['subscriptions', 'invoices', 'fx_rates'];
  return [
    ...new Set<ImportKind>([
      ...mrr,
      ...(metric.inputs ?? []),
      ...(metric.requires ?? []).flatMap((r) => r.kinds),
    ]),
  ];
}
