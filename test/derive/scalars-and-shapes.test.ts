import { describe, expect, it } from 'vitest';
import { grad, hessian } from '../../src/derive.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createRandom } from '../support/random.js';
import { toMatrixNotation } from '../../src/index.js';

/** Issue 12 item 4: a 1×…×1 result is a scalar for grad; det/logdet/inv infer a square matrix. */
type Matrix = number[][];
const random = createRandom(1201);
const matrix = (m: number, n: number): Matrix => Array.from({ length: m }, () => Array.from({ length: n }, () => 2 * random() - 1));
/** Diagonally dominant, so det > 0 and the inverse is well conditioned. */
const wellConditioned = (n: number): Matrix => matrix(n, n).map((row, i) => row.map((x, j) => (i === j ? x + n + 1 : x)));

function inverse(a: Matrix): Matrix {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const p = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= p;
    for (let r = 0; r < n; r++) if (r !== c) { const f = m[r]![c]!; for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!; }
  }
  return m.map((row) => row.slice(n));
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...expected.map((e, k) => Math.abs(actual[k]! - e) / Math.max(1, Math.abs(e))));
  expect(worst).toBeLessThan(1e-10);
}

describe('seed 001 written naturally: L[a,c] = f[a,j] y[j,c] with a 1×1 result', () => {
  const source = 'X: [1, m]\nW: [m, 10]\nb: [1, 10]\ny: [10, 1]\nf[a,j] = X[a,i] W[i,j] + b[a,j]\nL[a,c] = f[a,j] y[j,c]';
  const X = matrix(1, 4), W = matrix(4, 10), b = matrix(1, 10), y = matrix(10, 1);

  it('grad is x yᵀ with the shape of W (the answer of seed 001), and finite differences agree', () => {
    const d = grad(source, 'L', 'W');
    const value = d.evaluate({ X, W, b, y });
    expect(value.shape).toEqual([4, 10]);
    expectClose(value.data, X[0]!.flatMap((xi) => y.map((yj) => xi * yj[0]!)));
    expect(d.check({ X, W, b, y }).ok).toBe(true);
  });

  it('a 1×1 result is a scalar for hessian too, and a genuine matrix result is still refused', () => {
    expect(hessian(source, 'L', 'b').evaluate({ X, W, b, y }).data.every((v: number) => v === 0)).toBe(true);
    let code: string | undefined;
    try { grad('y: [10, 2]\nf[a,j] = X[a,i] W[i,j]\nL[a,c] = f[a,j] y[j,c]', 'L', 'W'); } catch (e) { code = isRicciError(e) ? e.code : 'not a RicciError'; }
    expect(code).toBe('grad_of_not_scalar');
  });
});

describe('det, logdet and inv of an undeclared name infer a square matrix', () => {
  const X = wellConditioned(3);
  const inverseTransposed = (a: Matrix): number[] => { const v = inverse(a); return a.flatMap((_, i) => a.map((__, j) => v[j]![i]!)); };

  it('f = logdet(X) gives X⁻ᵀ, with X n×n', () => {
    const d = grad('f = logdet(X)', 'f', 'X');
    expect(toMatrixNotation(d, { layout: 'denominator' }).text).toContain('X⁻ᵀ');
    expectClose(d.evaluate({ X }).data, inverseTransposed(X));
    expect(d.check({ X }).ok).toBe(true);
  });

  it('f = det(X) gives det(X) X⁻ᵀ', () => {
    const d = grad('f = det(X)', 'f', 'X');
    expect(d.check({ X }).ok).toBe(true);
    const det = 1 / grad('f = logdet(X)', 'f', 'X').evaluate({ X }).data[0]! * d.evaluate({ X }).data[0]!;
    expectClose(d.evaluate({ X }).data, inverseTransposed(X).map((v) => det * v));
  });

  it('an inferred square matrix refuses a non-square value', () => {
    let code: string | undefined;
    try { grad('f = det(X)', 'f', 'X').evaluate({ X: matrix(2, 3) }); } catch (e) { code = isRicciError(e) ? e.code : 'not a RicciError'; }
    expect(code).toBeDefined();
    expect(code).not.toBe('not a RicciError');
  });
});
