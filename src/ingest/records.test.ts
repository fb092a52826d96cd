import { describe, expect, it } from 'vitest';
import { ArrayRecords, fieldText } from './records.ts';

describe('ArrayRecords', () => {
  it('walks records, skipping blank ones unless they carry a problem', () => {
    const source = new ArrayRecords([
      { row: 1, cells: ['a', 'b'], problems: [] },
      { row: 2, cells: [' ', ''], problems: [] },
      { row: 3, cells: [''], problems: [{ field: 0, reason: 'error cell' }] },
      { row: 7, cells: ['x'], problems: [] },
    ]);
    const seen: [number, string[]][] = [];
    while (source.next()) {
      const cells: string[] = [];
      for (let i = 0; i < source.count; i++) cells.push(fieldText(source, i));
      seen.push([source.row, cells]);
    }
    expect(seen).toEqual([
      [1, ['a', 'b']],
      [3, ['']],
      [7, ['x']],
    ]);
    expect(fieldText(source, 5)).toBe('');
    expect(source.progress()).toBe(1);
  });
});
