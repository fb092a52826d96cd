import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromParts, formatDay } from '../model/day.ts';
import {
  civilDay,
  ISO_IMPOSSIBLE,
  ISO_OK,
  ISO_SYNTAX,
  ZoneClock,
  isoParts,
  scanIso,
  scanPlainDay,
  wallMs,
  zoneClock,
} from './time.ts';

const scan = (text: string): number => scanIso(text, 0, text.length);

describe('scanPlainDay', () => {
  it('reads YYYY-MM-DD, flags impossible dates with NaN, ignores anything else', () => {
    expect(scanPlainDay('2024-02-29', 0, 10)).toBe(dayFromParts(2024, 2, 29));
    expect(scanPlainDay('x,1970-01-01,y', 2, 12)).toBe(0);
    expect(scanPlainDay('2023-02-29', 0, 10)).toBeNaN();
    expect(scanPlainDay('2024-00-10', 0, 10)).toBeNaN();
    expect(scanPlainDay('2024-1-10', 0, 9)).toBeNull();
    expect(scanPlainDay('2024/01/10', 0, 10)).toBeNull();
    expect(scanPlainDay('2024-01-1x', 0, 10)).toBeNull();
  });

  it('civilDay agrees with dayFromParts inside and outside its table', () => {
    for (const [y, m, d] of [
      [1900, 1, 1],
      [2199, 12, 31],
      [1899, 12, 31],
      [2200, 1, 1],
      [1, 1, 1],
      [2024, 2, 29],
    ] as const) {
      expect(civilDay(y, m, d)).toBe(dayFromParts(y, m, d));
    }
    expect(civilDay(2200, 2, 29)).toBeNaN();
    expect(civilDay(2000, 2, 30)).toBeNaN();
    expect(civilDay(2000, 0, 1)).toBeNaN();
  });

  it('agrees with formatDay on every day of four centuries (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayFromParts(1800, 1, 1), max: dayFromParts(2200, 12, 31) }),
        (day) => {
          const text = formatDay(day);
          expect(scanPlainDay(text, 0, text.length)).toBe(day);
        },
      ),
    );
  });
});

describe('scanIso', () => {
  it('accepts the ISO 8601 / RFC 3339 forms exports use', () => {
    expect(scan('2024-01-05')).toBe(ISO_OK);
    expect(isoParts).toMatchObject({
      year: 2024,
      month: 1,
      day: 5,
      hasTime: false,
      hasOffset: false,
    });
    expect(scan('2024-01-05T10:20')).toBe(ISO_OK);
    expect(isoParts).toMatchObject({
      hour: 10,
      minute: 20,
      second: 0,
      hasTime: true,
      hasOffset: false,
    });
    expect(scan('2024-01-05 10:20:30.1234Z')).toBe(ISO_OK);
    expect(isoParts).toMatchObject({
      second: 30,
      millisecond: 123,
      hasOffset: true,
      offsetMinutes: 0,
    });
    expect(scan('2024-01-05T10:20:30+05:30')).toBe(ISO_OK);
    expect(isoParts.offsetMinutes).toBe(330);
    expect(scan('2024-01-05T10:20:30-0800')).toBe(ISO_OK);
    expect(isoParts.offsetMinutes).toBe(-480);
    expect(scan('2024-01-05 10:20:30+00')).toBe(ISO_OK); // PostgreSQL
    expect(scan('2024-01-05t10:20:30,5z')).toBe(ISO_OK);
    expect(isoParts.millisecond).toBe(500);
  });

  it('separates syntax errors from impossible values', () => {
    for (const bad of [
      '05/01/2024',
      '2024-01-05T',
      '2024-01-05T10',
      '2024-01-05T10:2',
      '2024-01-05X10:00',
      '2024-01-05T10:00:00+1',
      '2024-01-05T10:00:00.',
      '2024-01-05T10:00 Z',
      'yesterday',
      '',
    ]) {
      expect(scan(bad), bad).toBe(ISO_SYNTAX);
    }
    for (const impossible of [
      '2024-02-30',
      '2024-13-01',
      '2024-01-05T24:00',
      '2024-01-05T10:60',
      '2024-01-05T10:00:61',
      '2024-01-05T10:00+25:00',
    ]) {
      expect(scan(impossible), impossible).toBe(ISO_IMPOSSIBLE);
    }
  });

  it('never reads outside [a, b)', () => {
    const text = '2024-01-05T10:00:00Z,more';
    expect(scanIso(text, 0, 10)).toBe(ISO_OK);
    expect(isoParts.hasTime).toBe(false);
    expect(scanIso(text, 0, 13)).toBe(ISO_SYNTAX); // "2024-01-05T10" is cut short
  });

  it('wallMs is the wall clock as if it were UTC', () => {
    scan('2024-07-05T10:20:30.250');
    expect(wallMs(isoParts)).toBe(Date.UTC(2024, 6, 5, 10, 20, 30, 250));
    scan('0099-01-01');
    expect(wallMs(isoParts)).toBe(new Date('0099-01-01T00:00:00Z').getTime());
  });
});

describe('ZoneClock', () => {
  const newYork = new ZoneClock('America/New_York');

  it('knows offsets, including across DST', () => {
    expect(newYork.offsetAt(Date.UTC(2024, 0, 15))).toBe(-5 * 3_600_000);
    expect(newYork.offsetAt(Date.UTC(2024, 6, 15))).toBe(-4 * 3_600_000);
    // 2024-03-10 07:00Z is the instant clocks jump from 02:00 EST to 03:00 EDT.
    expect(newYork.offsetAt(Date.UTC(2024, 2, 10, 6, 59, 59))).toBe(-5 * 3_600_000);
    expect(newYork.offsetAt(Date.UTC(2024, 2, 10, 7))).toBe(-4 * 3_600_000);
    expect(new ZoneClock('Asia/Kathmandu').offsetAt(Date.UTC(2024, 0, 1))).toBe(345 * 60_000);
  });

  it('handles transitions inside an hour (Lord Howe moves by 30 minutes)', () => {
    const lordHowe = new ZoneClock('Australia/Lord_Howe');
    // DST starts 2024-10-06 02:00 local (+10:30) = 2024-10-05 15:30Z.
    expect(lordHowe.offsetAt(Date.UTC(2024, 9, 5, 15, 0))).toBe(630 * 60_000);
    expect(lordHowe.offsetAt(Date.UTC(2024, 9, 5, 15, 45))).toBe(660 * 60_000);
    expect(lordHowe.offsetAt(Date.UTC(2024, 9, 5, 15, 10))).toBe(630 * 60_000); // cached hour, exact answer
  });

  it('dayOf is the local calendar day', () => {
    const instant = Date.UTC(2024, 1, 1, 4, 30); // 2024-01-31T23:30-05:00
    expect(newYork.dayOf(instant)).toBe(dayFromParts(2024, 1, 31));
    expect(zoneClock('UTC').dayOf(instant)).toBe(dayFromParts(2024, 2, 1));
    expect(zoneClock('Asia/Tokyo').dayOf(Date.UTC(2024, 0, 31, 15))).toBe(dayFromParts(2024, 2, 1));
  });

  it('instantOf: ordinary times, the repeated hour (earlier) and the skipped hour (shifted forward)', () => {
    expect(newYork.instantOf(Date.UTC(2024, 0, 5, 10))).toBe(Date.UTC(2024, 0, 5, 15));
    expect(newYork.instantOf(Date.UTC(2024, 6, 5, 10))).toBe(Date.UTC(2024, 6, 5, 14));
    // 2024-11-03 01:30 happens twice: EDT (05:30Z) first.
    expect(newYork.instantOf(Date.UTC(2024, 10, 3, 1, 30))).toBe(Date.UTC(2024, 10, 3, 5, 30));
    // 2024-03-10 02:30 does not exist: 03:30 EDT (07:30Z).
    expect(newYork.instantOf(Date.UTC(2024, 2, 10, 2, 30))).toBe(Date.UTC(2024, 2, 10, 7, 30));
    // Next to (not in) the transitions.
    expect(newYork.instantOf(Date.UTC(2024, 2, 10, 12))).toBe(Date.UTC(2024, 2, 10, 16));
    expect(newYork.instantOf(Date.UTC(2024, 2, 10, 1, 59))).toBe(Date.UTC(2024, 2, 10, 6, 59));
  });

  it('instantOf inverts the wall clock wherever it is unambiguous (property)', () => {
    const zones = [
      'America/New_York',
      'Europe/Paris',
      'Australia/Sydney',
      'Asia/Kolkata',
      'America/Sao_Paulo',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, instant) => {
          const clock = zoneClock(zone);
          const wall = instant + clock.offsetAt(instant);
          const back = clock.instantOf(wall);
          // Equal, or the earlier of two instants showing the same wall time.
          expect(back + clock.offsetAt(back)).toBe(wall);
          expect(back).toBeLessThanOrEqual(instant);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('throws a RangeError for an unknown zone and shares clocks per zone', () => {
    expect(() => new ZoneClock('Nowhere/Atlantis')).toThrow(RangeError);
    expect(zoneClock('Europe/Paris')).toBe(zoneClock('Europe/Paris'));
    expect(zoneClock('Etc/UTC').offsetAt(1e12)).toBe(0);
  });
});
