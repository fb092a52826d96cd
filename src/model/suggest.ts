/**
 * "Did you mean …?" for near-miss names (kinds, columns, metric ids): the closest
 * candidate by optimal-string-alignment distance (Levenshtein plus swapped neighbours),
 * when it is close enough to be a typo rather than another word.
 */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[rows - 1]![cols - 1]!;
}

/** Separators and case do not count as typos: `Customer-ID` is `customer_id`. */
const loose = (name: string): string => name.toLowerCase().replace(/[\s\-._]+/g, '');

/**
 * The candidate closest to `name`, or null when none is within about a third of its
 * length (so `subscription` finds `subscriptions`, `revenue` does not find `mrr`).
 */
export function closestName(name: string, candidates: readonly string[]): string | null {
  const wanted = loose(name);
  if (wanted === '') return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(wanted, loose(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(wanted.length / 3));
  return bestDistance <= allowed ? best : null;
}

/** ` (did you mean subscriptions?)` or '' — to append to an "unknown …" message. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const near = closestName(name, candidates);
  return near === null ? '' : ` (did you mean ${near}?)`;
}
