import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS } from './registry.ts';
import { withMetricsTable } from './definitions-markdown.ts';

describe('README metric definitions', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('lists every metric of the registry with its formula (run npm run docs:metrics)', () => {
    expect(readme).toBe(withMetricsTable(readme));
    for (const metric of METRICS) expect(readme).toContain(`| \`${metric.id}\` |`);
  });

  it('has unique ids, a label, a unit, a direction and a formula for every metric', () => {
    expect(new Set(METRICS.map((m) => m.id)).size).toBe(METRICS.length);
    for (const m of METRICS) {
      expect(m.id).toMatch(/^[a-z0-9_]+$/);
      expect(m.label.length).toBeGreaterThan(2);
      expect(m.formula.length).toBeGreaterThan(20);
    }
  });
});
