import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_COMMA,
  EVIDENCE_DOT,
  EVIDENCE_NONE,
  canonicalNumber,
  decideDecimal,
  decimalEvidence,
  plainMinorUnits,
  plainNumber,
  plainNumberText,
} from './numbers.ts';

const DOT = 46;
const COMMA = 44;
const all = (f: (s: string, a: number, b: number) => unknown) => (s: string) => f(s, 0, s.length);

describe('plainNumber (fast path)', () => {
  const dot = all((s, a, b) => plainNumber(s, a, b, DOT));
  it('reads plain decimals exactly like Number()', () => {
    expect(dot('49.90')).toBe(49.9);
    expect(dot('-3')).toBe(-3);
    expect(dot('+0.5')).toBe(0.5);
    expect(dot('.5')).toBe(0.5);
    expect(dot('7.')).toBe(7);
    expect(plainNumber('1,5', 0, 3, COMMA)).toBe(1.5);
  });

  it('gives NaN for anything else (left to the general parser)', () => {
    for (const text of [
      '',
      '-',
      '1,5',
      '1 000',
      '1e5',
      '0x1F',
      '1.2.3',
      '1234567890123456',
      'Infinity',
    ]) {
      expect(dot(text), text).toBeNaN();
    }
  });

  it('matches Number() on random plain decimals (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{1,9}(\.\d{1,6})?$/), (text) => {
        expect(dot(text)).toBe(Number(text));
      }),
    );
  });
});

describe('plainMinorUnits (fast path)', () => {
  it('converts to minor units when the decimals fit', () => {
    expect(plainMinorUnits('49.90', 0, 5, DOT, 2)).toBe(4990);
    expect(plainMinorUnits('49.9', 0, 4, DOT, 2)).toBe(4990);
    expect(plainMinorUnits('-5', 0, 2, DOT, 2)).toBe(-500);
    expect(plainMinorUnits('1.234', 0, 5, DOT, 3)).toBe(1234);
    expect(plainMinorUnits('4900', 0, 4, DOT, 0)).toBe(4900);
  });

  it('defers the rest', () => {
    expect(plainMinorUnits('49.5', 0, 4, DOT, 0)).toBeNaN();
    expect(plainMinorUnits('49.900', 0, 6, DOT, 2)).toBeNaN(); // trailing zero: general path accepts it
    expect(plainMinorUnits('99999999999999.99', 0, 17, DOT, 2)).toBeNaN();
  });
});

describe('canonicalNumber (strict grouping)', () => {
  const dot = all((s, a, b) => canonicalNumber(s, a, b, DOT));
  const comma = all((s, a, b) => canonicalNumber(s, a, b, COMMA));

  it('accepts thousands separated by the other mark, spaces, NBSP, narrow NBSP, apostrophes', () => {
    expect(dot('1,234.50')).toBe('1234.50');
    expect(dot('1,234,567')).toBe('1234567');
    expect(dot("1'234.5")).toBe('1234.5');
    expect(comma('1 234,50')).toBe('1234.50');
    expect(comma('1\u00a0234,50')).toBe('1234.50');
    expect(comma('1\u202f234\u202f567,5')).toBe('1234567.5');
    expect(comma('1.234,50')).toBe('1234.50');
    expect(comma('\u22125')).toBe('-5');
    expect(dot('-.5')).toBe('-0.5');
  });

  it('rejects a separator that is not a thousands separator, so nothing is misread', () => {
    expect(dot('49,90')).toBeNull();
    expect(comma('49.90')).toBeNull();
    expect(dot('1,23,456')).toBeNull();
    expect(dot('1234,567')).toBeNull();
    expect(dot('1,234.5.6')).toBeNull();
    expect(dot(',5')).toBeNull();
    expect(dot('')).toBeNull();
    expect(dot('-')).toBeNull();
    expect(dot('1 2')).toBeNull();
    expect(dot('12abc')).toBeNull();
  });

  it('round-trips grouped renderings of random amounts (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 99 }),
        (units, cents) => {
          const fraction = String(cents).padStart(2, '0');
          const en = `${units.toLocaleString('en-US')}.${fraction}`;
          const fr = `${units.toLocaleString('fr-FR')},${fraction}`;
          const de = `${units.toLocaleString('de-DE')},${fraction}`;
          expect(dot(en)).toBe(`${units}.${fraction}`);
          expect(comma(fr)).toBe(`${units}.${fraction}`);
          expect(comma(de)).toBe(`${units}.${fraction}`);
        },
      ),
    );
  });
});

describe('decimal separator evidence', () => {
  const evidence = all(decimalEvidence);
  it('classifies cells', () => {
    for (const text of ['49,90', '1 234,50', '1.234,50', '0,5', '1.234.567']) {
      expect(evidence(text), text).toBe(EVIDENCE_COMMA);
    }
    for (const text of ['49.90', '1,234.50', '0.5', '1,234,567']) {
      expect(evidence(text), text).toBe(EVIDENCE_DOT);
    }
    for (const text of ['1.234', '1,234', '100', '', 'abc,12', '-']) {
      expect(evidence(text), text).toBe(EVIDENCE_NONE);
    }
  });

  it('decides comma only when some cell needs it and none uses a decimal point', () => {
    expect(decideDecimal({ comma: 3, dot: 0 })).toBe(',');
    expect(decideDecimal({ comma: 3, dot: 1 })).toBe('.');
    expect(decideDecimal({ comma: 0, dot: 0 })).toBe('.');
  });
});

describe('plainNumberText', () => {
  it('writes numbers without exponents and without binary noise', () => {
    expect(plainNumberText(0.1 + 0.2)).toBe('0.3');
    expect(plainNumberText(1e-7)).toBe('0.0000001');
    expect(plainNumberText(-1.5e-7)).toBe('-0.00000015');
    expect(plainNumberText(1e21)).toBe('1000000000000000000000');
    expect(plainNumberText(1.2345e22)).toBe('12345000000000000000000');
    expect(plainNumberText(49.9, ',')).toBe('49,9');
    expect(plainNumberText(42)).toBe('42');
  });

  it('reads back as the same number (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = plainNumberText(n);
        expect(text).not.toMatch(/e/i);
        expect(Number(text)).toBe(Number(n.toPrecision(15)));
      }),
    );
  });
});
