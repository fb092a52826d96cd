import type { CustomerRisk, RiskReport } from '../risk/model.ts';
import type { TextColumn } from '../model/text-column.ts';
import { packTexts, textColumn, type PackedTexts } from './packed-texts.ts';

/**
 * The at-risk report as it crosses from a compute worker: its customers as columns (a
 * structured clone of 700,000 customers with their reasons as objects would hold up the
 * answering thread for seconds; see packed-texts.ts). In the report's order: the most
 * likely to churn first.
 */
export type PackedRiskReport = Omit<RiskReport, 'customers'> & {
  readonly currency: string;
  readonly customers: {
    readonly ids: PackedTexts;
    readonly probability: Float64Array;
    readonly mrr: Float64Array;
    /** Reasons of customer i: `reasonStart[i]` up to `reasonStart[i + 1]`. */
    readonly reasonStart: Int32Array;
    readonly features: PackedTexts;
    readonly values: Float64Array;
    readonly contributions: Float64Array;
    readonly texts: PackedTexts;
  };
};

/** The report with its customers as columns, texts read in place (see riskCustomerAt). */
export type RiskColumns = Omit<PackedRiskReport, 'customers'> & {
  readonly customers: {
    readonly ids: TextColumn;
    readonly probability: Float64Array;
    readonly mrr: Float64Array;
    readonly reasonStart: Int32Array;
    readonly features: TextColumn;
    readonly values: Float64Array;
    readonly contributions: Float64Array;
    readonly texts: TextColumn;
  };
};

export function packRiskReport(report: RiskReport & { currency: string }): PackedRiskReport {
  const { customers, ...rest } = report;
  const reasons = customers.flatMap((c) => c.reasons);
  const reasonStart = new Int32Array(customers.length + 1);
  customers.forEach((c, i) => (reasonStart[i + 1] = reasonStart[i]! + c.reasons.length));
  return {
    ...rest,
    customers: {
      ids: packTexts(customers.map((c) => c.customerId)),
      probability: Float64Array.from(customers, (c) => c.probability),
      mrr: Float64Array.from(customers, (c) => c.mrr),
      reasonStart,
      features: packTexts(reasons.map((r) => r.feature)),
      values: Float64Array.from(reasons, (r) => r.value),
      contributions: Float64Array.from(reasons, (r) => r.contribution),
      texts: packTexts(reasons.map((r) => r.text)),
    },
  };
}

export function unpackRiskReport(packed: PackedRiskReport): RiskColumns {
  const c = packed.customers;
  return {
    ...packed,
    customers: {
      ...c,
      ids: textColumn(c.ids),
      features: textColumn(c.features),
      texts: textColumn(c.texts),
    },
  };
}

/** Customer `i` of the report (in its order), as the report had it. */
export function riskCustomerAt(report: RiskColumns, i: number): CustomerRisk {
  const c = report.customers;
  const reasons: CustomerRisk['reasons'][number][] = [];
  for (let r = c.reasonStart[i]!; r < c.reasonStart[i + 1]!; r++)
    reasons.push({
      feature: c.features.at(r) as CustomerRisk['reasons'][number]['feature'],
      value: c.values[r]!,
      contribution: c.contributions[r]!,
      text: c.texts.at(r)!,
    });
  return { customerId: c.ids.at(i)!, probability: c.probability[i]!, mrr: c.mrr[i]!, reasons };
}
