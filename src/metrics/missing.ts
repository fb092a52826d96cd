import type { ImportKind } from '../model/kinds.ts';
import type { MetricDefinition, RequiredInput } from './definition.ts';

/**
 * Why a metric has no value: an import it needs is absent from the workspace, or the
 * segment asked for cannot carry it. A metric whose input is missing is null, never 0, and
 * every surface says why: "needs costs.csv (sales, marketing)".
 */

/** Row counts of the workspace's imports (`Store.counts`); a kind left out counts as 0. */
export type KindCounts = Partial<Readonly<Record<ImportKind, number>>>;

/** Kinds that describe the company as a whole: no segment has any of them. */
const COMPANY_WIDE: readonly ImportKind[] = ['cash', 'headcount'];

/** A requirement in words: "costs.csv (sales, marketing)", "funnel.csv or customers.csv (signups)". */
export const requirementText = (r: RequiredInput) =>
  `${r.kinds.map((k) => `${k}.csv`).join(' or ')}${r.detail ? ` (${r.detail})` : ''}`;

/**
 * The reason the metric cannot be computed here, or null when its required inputs are
 * present. `segment` lists the attributes of the segment asked for (none: the workspace).
 */
export function missingReason(
  metric: MetricDefinition,
  counts: KindCounts,
  segment: readonly { readonly attribute: string }[] = [],
): string | null {
  const required = metric.requires ?? [];
  const absent = required.filter((r) => r.kinds.every((k) => (counts[k] ?? 0) === 0));
  if (absent.length > 0) return `needs ${absent.map(requirementText).join(' and ')}`;
  if (segment.length === 0) return null;
  const kinds = new Set(required.flatMap((r) => (r.kinds.length === 1 ? r.kinds : [])));
  const wide = COMPANY_WIDE.filter((k) => kinds.has(k));
  if (wide.length > 0)
    return `${wide.map((k) => `${k}.csv`).join(' and ')} describe${wide.length === 1 ? 's' : ''} the whole company: not defined for a segment`;
  if (kinds.has('costs') && segment.some((s) => s.attribute !== 'channel'))
    return 'costs.csv carries only a channel: defined for the workspace or a channel segment (--segment channel=… or --by channel)';
  return null;
}

/** The reasons of every metric that cannot be computed, by metric id. */
export function missingReasons(
  metrics: readonly MetricDefinition[],
  counts: KindCounts,
  segment: readonly { readonly attribute: string }[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of metrics) {
    const reason = missingReason(m, counts, segment);
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
