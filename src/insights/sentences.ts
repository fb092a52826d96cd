import type { Component, Decomposition } from './decompose.ts';

/** A generated sentence and the computed figures it quotes (every number in `text` is one of them). */
export interface Sentence {
  readonly text: string;
  readonly figures: readonly { readonly value: number; readonly text: string }[];
}

export interface SentenceContext {
  readonly metricLabel: string;
  readonly fromPeriod: string;
  readonly toPeriod: string;
  /** Formats an amount of the metric (minor units for money, counts otherwise). */
  readonly format: (value: number) => string;
  /** Display name of a customer id (its name when known). */
  readonly customerName?: (customerId: string) => string;
}

const COMPONENT_LABEL: Readonly<Record<Component, string>> = {
  new: 'new customers',
  expansion: 'expansion',
  reactivation: 'reactivations',
  contraction: 'contraction',
  churn: 'churn',
  fx: 'exchange-rate moves',
  other: 'other changes',
};

const DIMENSION_LABEL: Readonly<Record<string, string>> = {
  plan: 'plan',
  country: 'country',
  channel: 'channel',
  segment: 'segment',
};

function percent(rate: number): string {
  return `${(Math.abs(rate) * 100).toFixed(1)}%`;
}

/**
 * Short sentences built only from the decomposition's figures: no number is typed here,
 * each comes from a computed value through the formatter, and is listed beside the text.
 */
export function insightSentences(d: Decomposition, ctx: SentenceContext): Sentence[] {
  const out: Sentence[] = [];
  const fig = (value: number, text = ctx.format(value)) => ({ value, text });
  const name = ctx.customerName ?? ((id: string) => id);

  const changeAbs = fig(Math.abs(d.change));
  if (d.change === 0) {
    const end = fig(d.endValue);
    out.push({
      text: `${ctx.metricLabel} was unchanged from ${ctx.fromPeriod} to ${ctx.toPeriod} at ${end.text}.`,
      figures: [end],
    });
  } else {
    const end = fig(d.endValue);
    const figures = [changeAbs, end];
    let rate = '';
    if (d.changeRate !== null) {
      const r = fig(Math.abs(d.changeRate), percent(d.changeRate));
      figures.push(r);
      rate = ` (${r.text})`;
    }
    out.push({
      text: `${ctx.metricLabel} ${d.change > 0 ? 'grew' : 'fell'} by ${changeAbs.text}${rate} from ${ctx.fromPeriod} to ${ctx.toPeriod}, to ${end.text}.`,
      figures,
    });
  }

  if (d.gained !== 0 || d.lost !== 0) {
    const gained = fig(d.gained);
    const lost = fig(Math.abs(d.lost));
    out.push({
      text: `Movements added ${gained.text} and removed ${lost.text}.`,
      figures: [gained, lost],
    });
  }

  const main = [...d.byType]
    .filter((t) => t.amount !== 0)
    .sort((a, b) => Math.abs(b.amount) - Math.abs(a.amount))[0];
  if (main) {
    const amount = fig(Math.abs(main.amount));
    out.push({
      text: `The largest single driver was ${COMPONENT_LABEL[main.type]} (${main.amount > 0 ? '+' : '−'}${amount.text}).`,
      figures: [amount],
    });
  }

  let best: { dimension: string; value: string; amount: number } | null = null;
  for (const s of d.bySegment)
    for (const row of s.rows)
      if (row.value !== '(none)' && row.value !== '(not by customer)')
        if (!best || Math.abs(row.amount) > Math.abs(best.amount))
          best = { dimension: s.dimension, value: row.value, amount: row.amount };
  if (best && best.amount !== 0) {
    const amount = fig(Math.abs(best.amount));
    const label = DIMENSION_LABEL[best.dimension] ?? best.dimension;
    out.push({
      text: `By ${label}, ${best.value} moved it most (${best.amount > 0 ? '+' : '−'}${amount.text}).`,
      figures: [amount],
    });
  }

  const top = d.topCustomers[0];
  if (top) {
    const amount = fig(Math.abs(top.amount));
    out.push({
      text: `The biggest customer contribution came from ${name(top.customerId)} (${top.amount > 0 ? '+' : '−'}${amount.text}, ${top.types.map((t) => COMPONENT_LABEL[t]).join(' and ')}).`,
      figures: [amount],
    });
  }
  return out;
}
