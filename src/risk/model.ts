import { addMonths, dayFromParts, formatDay, parseIsoDay, partsFromDay } from '../model/day.ts';
import { brierScore, calibration, rocAuc, type CalibrationBin } from './evaluation.ts';
import {
  FEATURES,
  churnsBetween,
  featuresAt,
  indexRiskData,
  reasonText,
  type FeatureId,
  type RiskData,
} from './features.ts';
import { contributions, fitLogistic, predict, type LogisticModel } from './logistic.ts';

export interface RiskOptions {
  /** A customer counts as churned when MRR goes to 0 within this many days of a snapshot. */
  readonly horizonDays?: number;
  /** Share of the most recent snapshot months held out for evaluation. */
  readonly holdoutShare?: number;
  readonly formatMoney?: (minor: number) => string;
  readonly reasons?: number;
}

export interface RiskReason {
  readonly feature: FeatureId;
  readonly value: number;
  /** Push on the log-odds (coefficient × z-score). */
  readonly contribution: number;
  readonly text: string;
}

export interface CustomerRisk {
  readonly customerId: string;
  readonly probability: number;
  /** Minor units. */
  readonly mrr: number;
  readonly reasons: readonly RiskReason[];
}

export interface RiskReport {
  readonly asOf: string;
  readonly horizonDays: number;
  readonly training: {
    readonly snapshots: number;
    readonly rows: number;
    readonly churnRate: number;
    /** Share of the customers whose history the model learns from (1: every one; see sampleShare). */
    readonly sampleShare: number;
  };
  readonly holdout: {
    readonly from: string;
    readonly rows: number;
    readonly auc: number | null;
    readonly brier: number | null;
    readonly calibration: readonly CalibrationBin[];
  };
  readonly coefficients: Readonly<Record<FeatureId, number>>;
  readonly customers: readonly CustomerRisk[];
  /** Σ probability × MRR, minor units: the MRR expected to churn within the horizon. */
  readonly mrrAtRisk: number;
}

export class RiskError extends Error {}

const MIN_ROWS = 30;

/**
 * Customer-months the model learns from at most. A logistic fit of eight features is as
 * good on a hundred thousand rows as on tens of millions; a million customers over
 * three years is ~25M customer-months, which no heap holds as feature vectors.
 */
export const MAX_TRAINING_ROWS = 100_000;

/**
 * The share of customers to learn from so that `snapshots` monthly snapshots of
 * `customers` customers stay within MAX_TRAINING_ROWS (an upper bound: not every customer
 * pays at every snapshot).
 */
export function sampleShare(customers: number, snapshots: number): number {
  return Math.min(1, MAX_TRAINING_ROWS / Math.max(1, customers * snapshots));
}

/**
 * Whether a customer is in a sample of `share` of the customers: by a hash of its id, so
 * the same customers are learnt from at every snapshot and on every run.
 */
export function inSample(customerId: string, share: number): boolean {
  if (share >= 1) return true;
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < customerId.length; i++) {
    hash ^= customerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32 < share;
}

/**
 * Trains on monthly snapshots of the workspace's own history (features on the 1st of each
 * month, label = churned within the horizon), holds out the latest months to measure
 * ROC-AUC and calibration on customers the model never saw in time, then refits on every
 * labelled snapshot and scores today's paying customers.
 */
export function trainAndScore(
  data: RiskData,
  today: number,
  options: RiskOptions = {},
): RiskReport {
  const horizon = options.horizonDays ?? 90;
  const holdoutShare = options.holdoutShare ?? 0.25;
  const money = options.formatMoney ?? ((m: number) => String(m / 100));
  const index = indexRiskData(data);
  const firstDate = data.movements.reduce((a, m) => (m.date < a ? m.date : a), '9999-12-31');
  if (firstDate === '9999-12-31') throw new RiskError('no MRR history to learn from');
  const first = partsFromDay(parseIsoDay(firstDate)!);
  const snapshots: number[] = [];
  for (
    let d = addMonths(dayFromParts(first.year, first.month, 1), 3);
    d + horizon <= today;
    d = addMonths(d, 1)
  )
    snapshots.push(d);
  const holdoutCount = Math.max(1, Math.round(snapshots.length * holdoutShare));
  const trainDays = snapshots.slice(0, snapshots.length - holdoutCount);
  const holdoutDays = snapshots.slice(snapshots.length - holdoutCount);
  const share = sampleShare(index.movements.size, snapshots.length);
  const sampled = (customerId: string) => inSample(customerId, share);
  const labelled = (days: number[]) =>
    days.flatMap((d) =>
      featuresAt(index, d, sampled).map((f) => ({
        x: f.vector,
        y: (churnsBetween(index.movements.get(f.customerId), formatDay(d), formatDay(d + horizon))
          ? 1
          : 0) as 0 | 1,
      })),
    );
  const train = labelled(trainDays);
  const holdout = labelled(holdoutDays);
  const positives = train.filter((r) => r.y === 1).length;
  if (train.length < MIN_ROWS || positives === 0 || positives === train.length)
    throw new RiskError(
      `not enough history to learn churn: ${train.length} customer-months and ${positives} churns before the holdout (need ${MIN_ROWS} rows and both outcomes)`,
    );
  const trial = fitLogistic(
    train.map((r) => r.x),
    train.map((r) => r.y),
  );
  const holdoutScores = holdout.map((r) => predict(trial, r.x));
  const holdoutLabels = holdout.map((r) => r.y);
  const all = [...train, ...holdout];
  const model = fitLogistic(
    all.map((r) => r.x),
    all.map((r) => r.y),
  );
  const asOf = formatDay(today);
  const customers = featuresAt(index, today)
    .map((f) => score(model, f, options.reasons ?? 3, money))
    .sort((a, b) => b.probability - a.probability || b.mrr - a.mrr);
  return {
    asOf,
    horizonDays: horizon,
    training: {
      snapshots: trainDays.length,
      rows: train.length,
      churnRate: positives / train.length,
      sampleShare: share,
    },
    holdout: {
      from: holdoutDays[0] === undefined ? asOf : formatDay(holdoutDays[0]),
      rows: holdout.length,
      auc: rocAuc(holdoutScores, holdoutLabels),
      brier: brierScore(holdoutScores, holdoutLabels),
      calibration: calibration(holdoutScores, holdoutLabels),
    },
    coefficients: Object.fromEntries(FEATURES.map((f, j) => [f, model.weights[j]!])) as Record<
      FeatureId,
      number
    >,
    customers,
    mrrAtRisk: Math.round(customers.reduce((a, c) => a + c.probability * c.mrr, 0)),
  };
}

function score(
  model: LogisticModel,
  f: ReturnType<typeof featuresAt>[number],
  reasons: number,
  money: (minor: number) => string,
): CustomerRisk {
  const pushes = contributions(model, f.vector);
  return {
    customerId: f.customerId,
    probability: predict(model, f.vector),
    mrr: f.mrr,
    reasons: FEATURES.map((feature, j) => ({
      feature,
      value: f.raw[feature],
      contribution: pushes[j]!,
      text: reasonText(feature, f.raw[feature], money),
    }))
      .filter((r) => r.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution)
      .slice(0, reasons),
  };
}
