import { describe, expect, it } from 'vitest';
import { finiteOrFail } from '../../compiler/driver/instantiate.js';
import { isRicciError } from '../../src/index.js';

/** finiteOrFail scans four elements at a time, then element by element: every position, every kind of non-finite value. */
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
  it('reports the first non-finite element at every position of arrays of length 1–9', () => {
    for (let n = 1; n <= 9; n++) for (let at = 0; at < n; at++) for (const bad of [NaN, Infinity, -Infinity]) {
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

  it('lets a non-finite result through when an input is non-finite (it came from the input)', () => {
    expect(failure(Float64Array.from([1, NaN]), [dense(Float64Array.from([Infinity]))])).toBe('ok');
  });
});
