/** A metric's name and formula in one language, by metric id: `[label, formula]`. */
export type MetricTexts = Readonly<Record<string, readonly [label: string, formula: string]>>;
