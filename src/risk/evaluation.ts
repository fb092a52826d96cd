/** ROC-AUC as the probability that a random positive scores above a random negative (ties count half). */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number | null {
  const idx = scores.map((s, i) => ({ s, y: labels[i]! })).sort((a, b) => a.s - b.s);
  let rankSumPos = 0;
  let positives = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1]!.s === idx[i]!.s) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (idx[k]!.y === 1) {
        rankSumPos += midRank;
        positives++;
      }
    i = j + 1;
  }
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSumPos - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface CalibrationBin {
  readonly count: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

/** Equal-count bins by predicted probability: a calibrated model has meanPredicted ≈ observedRate. */
export function calibration(
  scores: readonly number[],
  labels: readonly (0 | 1)[],
  bins = 5,
): CalibrationBin[] {
  const sorted = scores.map((s, i) => ({ s, y: labels[i]! })).sort((a, b) => a.s - b.s);
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const part = sorted.slice(
      Math.floor((b * sorted.length) / bins),
      Math.floor(((b + 1) * sorted.length) / bins),
    );
    if (part.length === 0) continue;
    out.push({
      count: part.length,
      meanPredicted: part.reduce((a, p) => a + p.s, 0) / part.length,
      observedRate: part.reduce((a, p) => a + p.y, 0) / part.length,
    });
  }
  return out;
}

export function brierScore(scores: readonly number[], labels: readonly (0 | 1)[]): number | null {
  if (scores.length === 0) return null;
  return scores.reduce((a, s, i) => a + (s - labels[i]!) ** 2, 0) / scores.length;
}
