import { describe, expect, it } from 'vitest';
import { formatMoney } from '../model/money.ts';
import { decompose } from './decompose.ts';
import { insightSentences } from './sentences.ts';

describe('insightSentences', () => {
  const d = decompose({
    metric: 'mrr',
    startValue: 1_234_500,
    endValue: 1_190_025,
    movements: [
      { customerId: 'Acme', date: '2024-03-02', type: 'churn', amount: 80_000 },
      { customerId: 'Globex', date: '2024-03-05', type: 'new', amount: 30_000 },
      { customerId: 'Initech', date: '2024-03-09', type: 'contraction', amount: 4_975 },
      { customerId: 'Globex', date: '2024-03-20', type: 'expansion', amount: 10_000 },
    ],
    // Initech has neither attribute: its contraction is in the "(none)" rows.
    segments: [
      {
        dimension: 'plan',
        totals: new Map([
          ['Enterprise', -80_000],
          ['Growth', 40_000],
          ['(none)', -4_975],
        ]),
      },
      {
        dimension: 'country',
        totals: new Map([
          ['US', -80_000],
          ['FR', 40_000],
          ['(none)', -4_975],
        ]),
      },
    ],
  });
  const sentences = insightSentences(d, {
    metricLabel: 'MRR',
    fromPeriod: '2024-02',
    toPeriod: '2024-03',
    format: (v) => formatMoney(v, 'USD'),
  });

  it('says what happened in a few sentences', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(4);
    expect(sentences[0]!.text).toBe(
      'MRR fell by $444.75 (3.6%) from 2024-02 to 2024-03, to $11,900.25.',
    );
    expect(sentences.map((s) => s.text).join(' ')).toContain('churn (−$800.00)');
  });

  it('quotes only computed figures: every number in a sentence is a listed figure', () => {
    const computed = new Set<number>([
      Math.abs(d.change),
      d.endValue,
      d.startValue,
      Math.abs(d.changeRate ?? 0),
      d.gained,
      Math.abs(d.lost),
      ...d.byType.map((t) => Math.abs(t.amount)),
      ...d.bySegment.flatMap((s) => s.rows.map((r) => Math.abs(r.amount))),
      ...d.topCustomers.map((c) => Math.abs(c.amount)),
    ]);
    for (const s of sentences) {
      let text = s.text.replace(/2024-0[23]/g, '');
      for (const f of s.figures) {
        expect(computed.has(f.value), `${f.value} in "${s.text}"`).toBe(true);
        text = text.split(f.text).join('');
      }
      expect(text, s.text).not.toMatch(/\d/);
    }
  });
});
