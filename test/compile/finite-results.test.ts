import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finiteOrFail, firstNonFinite } from '../../compiler/driver/instantiate.js';
import { isRicciError } from '../../src/index.js';
import '../support/fast-check-seed.js';

/** finiteOrFail scans sixteen elements at a time (their sum), then element by element: every position, every kind of non-finite value. */
const dense = (data: Float64Array) => ({ data, shape: [data.length], stride: [1], offset: 0 });
const failure = (data: Float64Array, inputs = [dense(new Float64Array([1]))]): string => {
  try {
    finiteOrFail(dense(data), inputs);
    return 'ok';
  } catch (e) {
    return isRicciError(e) ? `${e.code}: ${e.message}` : String(e);
  }
};

describe('finite results', () => {
  it('reports the first non-finite element at every position of arrays of length 1–40', () => {
    for (let n = 1; n <= 40; n++) for (let at = 0; at < n; at++) for (const bad of [NaN, Infinity, -Infinity]) {
      const data = Float64Array.from({ length: n }, (_, k) => k - 2.5);
      data[at] = bad;
      if (at + 2 < n) data[at + 2] = NaN; // a later one is not the one reported
      const got = failure(data);
      expect(got).toMatch(/^non_finite_result: /);
      expect(got).toContain(`got ${bad} at flat position ${at}`);
    }
  });

  it('passes finite values, −0, and values whose sum would overflow (1e308, −1e308)', () => {
    expect(failure(Float64Array.from([1e308, 1e308, -1e308, -0, 5e-324, 0, 1e308, 1e308, 7]))).toBe('ok');
    expect(failure(new Float64Array(0))).toBe('ok');
  });

  it('finds a non-finite value after blocks whose sum overflows (a false alarm is searched and passed)', () => {
    const data = Float64Array.from({ length: 70 }, (_, k) => (k < 32 ? 1e308 : 1));
    expect(firstNonFinite(data)).toBe(-1);
    data[40] = -Infinity;
    expect(firstNonFinite(data)).toBe(40);
    data[3] = NaN;
    expect(firstNonFinite(data)).toBe(3);
  });

  it('agrees with an element-by-element search over any range (property)', () => {
    const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, -0));
    fc.assert(fc.property(fc.array(fc.oneof({ weight: 12, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) }, { weight: 1, arbitrary: value }), { maxLength: 80 }),
      fc.nat(), fc.nat(), (values, a, b) => {
        const data = Float64Array.from(values);
        const from = data.length === 0 ? 0 : a % (data.length + 1);
        const to = from + (b % (data.length - from + 1));
        let expected = -1;
        for (let k = from; k < to; k++) if (!Number.isFinite(data[k]!)) { expected = k; break; }
        expect(firstNonFinite(data, from, to)).toBe(expected);
      }), { numRuns: 400 });
  });

  it('lets a non-finite result through when an input is non-finite (it came from the input)', () => {
    expect(failure(Float64Array.from([1, NaN]), [dense(Float64Array.from([Infinity]))])).toBe('ok');
  });
});
