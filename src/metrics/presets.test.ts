import { describe, expect, it } from 'vitest';
import { metricById } from './registry.ts';
import { STAGE_PRESETS, presetById } from './presets.ts';

describe('stage presets', () => {
  it('name 5 to 7 metrics each, all in the registry', () => {
    for (const preset of STAGE_PRESETS) {
      expect(preset.metrics.length).toBeGreaterThanOrEqual(5);
      expect(preset.metrics.length).toBeLessThanOrEqual(7);
      for (const id of preset.metrics) expect(metricById(id), `${preset.id}: ${id}`).toBeDefined();
    }
  });

  it('are found by id', () => {
    expect(presetById('growth')?.label).toBe('Growth stage');
    expect(presetById('seed')).toBeUndefined();
  });
});
