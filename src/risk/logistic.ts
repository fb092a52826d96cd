/** L2-regularized logistic regression on standardized features, fitted by gradient descent. */
export interface LogisticModel {
  readonly means: readonly number[];
  readonly scales: readonly number[];
  /** Coefficients on standardized features; risk rises with a positive coefficient × z. */
  readonly weights: readonly number[];
  readonly bias: number;
}

export interface FitOptions {
  readonly l2?: number;
  readonly iterations?: number;
  readonly learningRate?: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function standardize(rows: readonly (readonly number[])[]): {
  means: number[];
  scales: number[];
} {
  const width = rows[0]?.length ?? 0;
  const means = new Array<number>(width).fill(0);
  const scales = new Array<number>(width).fill(0);
  for (const r of rows) for (let j = 0; j < width; j++) means[j]! += r[j]! / rows.length;
  for (const r of rows)
    for (let j = 0; j < width; j++) scales[j]! += (r[j]! - means[j]!) ** 2 / rows.length;
  // A constant feature carries no signal; scale 1 keeps its z-score at 0 instead of NaN.
  return { means, scales: scales.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

export function zScores(
  model: Pick<LogisticModel, 'means' | 'scales'>,
  row: readonly number[],
): number[] {
  return row.map((v, j) => (v - model.means[j]!) / model.scales[j]!);
}

export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly (0 | 1)[],
  options: FitOptions = {},
): LogisticModel {
  const { means, scales } = standardize(rows);
  const z = rows.map((r) => zScores({ means, scales }, r));
  const width = means.length;
  const l2 = options.l2 ?? 0.01;
  const rate = options.learningRate ?? 0.5;
  const weights = new Array<number>(width).fill(0);
  const positives = labels.reduce<number>((a, b) => a + b, 0);
  // Start at the base rate so few iterations are spent learning the intercept.
  let bias = Math.log(Math.max(positives, 0.5) / Math.max(labels.length - positives, 0.5));
  const n = rows.length;
  for (let it = 0; it < (options.iterations ?? 800); it++) {
    const grad = new Array<number>(width).fill(0);
    let gradBias = 0;
    for (let i = 0; i < n; i++) {
      const row = z[i]!;
      let s = bias;
      for (let j = 0; j < width; j++) s += weights[j]! * row[j]!;
      const err = sigmoid(s) - labels[i]!;
      gradBias += err / n;
      for (let j = 0; j < width; j++) grad[j]! += (err * row[j]!) / n;
    }
    for (let j = 0; j < width; j++) weights[j]! -= rate * (grad[j]! + l2 * weights[j]!);
    bias -= rate * gradBias;
  }
  return { means, scales, weights, bias };
}

export function predict(model: LogisticModel, row: readonly number[]): number {
  const z = zScores(model, row);
  return sigmoid(z.reduce((s, v, j) => s + v * model.weights[j]!, model.bias));
}

/** Each feature's push on the log-odds for this row (coefficient × z-score). */
export function contributions(model: LogisticModel, row: readonly number[]): number[] {
  return zScores(model, row).map((v, j) => v * model.weights[j]!);
}
