import { describe, expect, it } from 'vitest';
import type { CustomerRisk, RiskReport } from '../risk/model.ts';
import { packRiskReport, riskCustomerAt, unpackRiskReport } from './risk-packing.ts';

const customer = (id: string, probability: number, reasons: number): CustomerRisk => ({
  customerId: id,
  probability,
  mrr: Math.round(probability * 10_000),
  reasons: Array.from({ length: reasons }, (_, r) => ({
    feature: r % 2 === 0 ? 'nps' : 'mrr',
    value: r * 1.5,
    contribution: -r / 3,
    text: r === 1 ? 'MRR $1,234.56 \u001f odd' : `reason ${r}`,
  })),
});

describe('the packed at-risk report', () => {
  it('gives back every customer with its reasons, in the report’s order', () => {
    const customers = [customer('c3', 0.9, 3), customer('c1', 0.5, 0), customer('c2', 0.1, 2)];
    const report = {
      asOf: '2026-12-07',
      horizonDays: 90,
      training: { snapshots: 3, rows: 40, churnRate: 0.1, sampleShare: 1 },
      holdout: { from: '2026-09-01', rows: 10, auc: 0.7, brier: 0.1, calibration: [] },
      coefficients: {} as RiskReport['coefficients'],
      customers,
      mrrAtRisk: 1234,
      currency: 'USD',
    } satisfies RiskReport & { currency: string };
    const columns = unpackRiskReport(structuredClone(packRiskReport(report)));
    expect(customers.map((_, i) => riskCustomerAt(columns, i))).toEqual(customers);
    expect({ ...columns, customers: null }).toEqual({ ...report, customers: null });
  });
});
