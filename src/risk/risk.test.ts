import { describe, expect, it } from 'vitest';
import { addMonths, dayFromParts, formatDay } from '../model/day.ts';
import type { CustomerMovement } from '../metrics/query.ts';
import { calibration, rocAuc } from './evaluation.ts';
import type { RiskData } from './features.ts';
import { fitLogistic, predict } from './logistic.ts';
import { inSample, MAX_TRAINING_ROWS, sampleShare, trainAndScore } from './model.ts';

describe('evaluation (known answers)', () => {
  it('ROC-AUC counts ordered pairs, ties half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(rocAuc([0.2, 0.3], [1, 1])).toBeNull();
  });

  it('calibration bins compare mean predicted with observed', () => {
    expect(calibration([0.1, 0.1, 0.9, 0.9], [0, 0, 1, 0], 2)).toEqual([
      { count: 2, meanPredicted: 0.1, observedRate: 0 },
      { count: 2, meanPredicted: 0.9, observedRate: 0.5 },
    ]);
  });

  it('logistic regression learns the sign of a planted effect', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i % 10, (i * 7) % 3]);
    const labels = rows.map((r) => (r[0]! >= 6 ? 1 : 0) as 0 | 1);
    const model = fitLogistic(rows, labels);
    expect(model.weights[0]!).toBeGreaterThan(1);
    expect(predict(model, [9, 1])).toBeGreaterThan(0.8);
    expect(predict(model, [1, 1])).toBeLessThan(0.2);
  });
});

/**
 * A synthetic company: every month 20 customers join; a third of them see usage collapse
 * and fail payments, and churn two months later. The model must find that signal.
 */
function syntheticCompany(): { data: RiskData; today: number } {
  const start = dayFromParts(2022, 1, 1);
  const movements: CustomerMovement[] = [];
  const events: { customerId: string; userId: string; day: number }[] = [];
  const invoices: RiskData['invoices'][number][] = [];
  const subscriptions: RiskData['subscriptions'][number][] = [];
  for (let month = 0; month < 30; month++) {
    const joined = addMonths(start, month);
    for (let k = 0; k < 20; k++) {
      const id = `c${month}-${k}`;
      const doomed = k % 3 === 0;
      movements.push({
        customerId: id,
        date: formatDay(joined),
        type: 'new',
        amount: 5_000,
        after: 5_000,
      });
      subscriptions.push({ customerId: id, start: joined, end: null, quantity: 5, annual: false });
      const declineFrom = joined + 120;
      const churnDay = declineFrom + 60;
      if (doomed)
        movements.push({
          customerId: id,
          date: formatDay(churnDay),
          type: 'churn',
          amount: 5_000,
          after: 0,
        });
      const last = doomed ? churnDay : joined + 900;
      for (let d = joined; d < last; d += 2) {
        if (doomed && d > declineFrom && d % 10 !== 0) continue;
        events.push({ customerId: id, userId: `${id}-u${d % 4}`, day: d });
      }
      if (doomed)
        invoices.push({
          customerId: id,
          issued: declineFrom,
          failed: (asOf) => asOf - declineFrom > 30,
        });
    }
  }
  return {
    data: {
      movements,
      // The synthetic customers' MRR steps with their movements (one currency, no FX).
      mrrOn: (customerId, day) => {
        let mrr = 0;
        for (const m of movements)
          if (m.customerId === customerId && m.date <= formatDay(day)) mrr = m.after ?? 0;
        return mrr;
      },
      events,
      invoices,
      subscriptions,
      tickets: [],
      nps: [],
    },
    today: addMonths(start, 30),
  };
}

describe('trainAndScore', () => {
  const { data, today } = syntheticCompany();
  const report = trainAndScore(data, today, { horizonDays: 90 });

  it('holds out the latest months and measures a strong AUC there', () => {
    expect(report.holdout.from > formatDay(dayFromParts(2023, 6, 1))).toBe(true);
    expect(report.training.rows).toBeGreaterThan(100);
    expect(report.training.sampleShare).toBe(1);
    expect(report.holdout.auc!).toBeGreaterThan(0.85);
    expect(report.holdout.calibration.length).toBe(5);
  });

  it('ranks declining customers first and says why', () => {
    const top = report.customers[0]!;
    expect(top.probability).toBeGreaterThan(0.5);
    expect(top.reasons.map((r) => r.feature)).toEqual(expect.arrayContaining(['usage_trend']));
    expect(top.reasons[0]!.text).toMatch(/usage down|unpaid|seats active/);
    expect(report.mrrAtRisk).toBe(
      Math.round(report.customers.reduce((a, c) => a + c.probability * c.mrr, 0)),
    );
  });
});

describe('the training sample', () => {
  it('keeps every customer until the customer-months pass the bound', () => {
    expect(sampleShare(1_000, 36)).toBe(1);
    expect(sampleShare(1_000_000, 40)).toBeCloseTo(MAX_TRAINING_ROWS / 40_000_000, 12);
    expect(sampleShare(0, 0)).toBe(1);
  });

  it('picks the same customers on every call, about the share asked for', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `cus_${String(i).padStart(7, '0')}`);
    const picked = ids.filter((id) => inSample(id, 0.1));
    expect(picked.length).toBeGreaterThan(9_000);
    expect(picked.length).toBeLessThan(11_000);
    expect(ids.filter((id) => inSample(id, 0.1))).toEqual(picked);
    expect(ids.every((id) => inSample(id, 1))).toBe(true);
  });
});
