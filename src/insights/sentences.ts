import type { Component, Decomposition } from './decompose.ts';
import { formatPercentIn, translate, translateOr } from '../i18n/index.ts';

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
  /** The sentences' language and number format (BCP 47; default English). */
  readonly locale?: string;
}

/**
 * Short sentences built only from the decomposition's figures: no number is typed here,
 * each comes from a computed value through the formatter, and is listed beside the text.
 */
export function insightSentences(d: Decomposition, ctx: SentenceContext): Sentence[] {
  const locale = ctx.locale ?? 'en';
  const out: Sentence[] = [];
  const fig = (value: number, text = ctx.format(value)) => ({ value, text });
  const name = ctx.customerName ?? ((id: string) => id);
  const component = (type: Component) => translate(locale, `component.${type}`);
  const signed = (amount: number, text: string) => `${amount > 0 ? '+' : '−'}${text}`;
  const span = { metric: ctx.metricLabel, from: ctx.fromPeriod, to: ctx.toPeriod };

  const changeAbs = fig(Math.abs(d.change));
  if (d.change === 0) {
    const end = fig(d.endValue);
    out.push({
      text: translate(locale, 'insight.unchanged', { ...span, end: end.text }),
      figures: [end],
    });
  } else {
    const end = fig(d.endValue);
    const figures = [changeAbs, end];
    const grew = d.change > 0;
    const words = { ...span, change: changeAbs.text, end: end.text };
    let text = translate(locale, grew ? 'insight.grew' : 'insight.fell', words);
    if (d.changeRate !== null) {
      const r = fig(Math.abs(d.changeRate), formatPercentIn(locale, Math.abs(d.changeRate)));
      figures.push(r);
      text = translate(locale, grew ? 'insight.grewRate' : 'insight.fellRate', {
        ...words,
        rate: r.text,
      });
    }
    out.push({ text, figures });
  }

  if (d.gained !== 0 || d.lost !== 0) {
    const gained = fig(d.gained);
    const lost = fig(Math.abs(d.lost));
    out.push({
      text: translate(locale, 'insight.movements', { gained: gained.text, lost: lost.text }),
      figures: [gained, lost],
    });
  }

  const main = [...d.byType]
    .filter((t) => t.amount !== 0)
    .sort((a, b) => Math.abs(b.amount) - Math.abs(a.amount))[0];
  if (main) {
    const amount = fig(Math.abs(main.amount));
    out.push({
      text: translate(locale, 'insight.driver', {
        type: component(main.type),
        amount: signed(main.amount, amount.text),
      }),
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
    out.push({
      text: translate(locale, 'insight.segment', {
        dimension: translateOr(locale, `dimension.${best.dimension}`, best.dimension),
        value: best.value,
        amount: signed(best.amount, amount.text),
      }),
      figures: [amount],
    });
  }

  const top = d.topCustomers[0];
  if (top) {
    const amount = fig(Math.abs(top.amount));
    out.push({
      text: translate(locale, 'insight.customer', {
        name: name(top.customerId),
        amount: signed(top.amount, amount.text),
        types: top.types.map(component).join(translate(locale, 'insight.and')),
      }),
      figures: [amount],
    });
  }
  return out;
}
