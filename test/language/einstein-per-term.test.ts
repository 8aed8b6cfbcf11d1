import { describe, expect, it } from 'vitest';
import { grad } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { toMatrixNotation } from '../../src/index.js';

/**
 * Einstein's convention per term (DESIGN.md §3): an index free in one term of a sum and absent
 * from the left-hand side is summed within that term; terms broadcast only along indices that
 * stay free. Expected values are computed by hand in the comments (numpy agrees: the
 * "per term" cases of test/fixtures/language.py).
 */
const scalar = (source: string, name: string, inputs: Parameters<typeof evaluate>[1]): number =>
  evaluate(source, inputs)[name]!.data[0]!;

const X = [[1, 2], [3, 4], [5, 6]];
const w = [0.5, -1];
const y = [1, 2, 3];

describe('Einstein per term', () => {
  it('least squares with a ridge penalty: Σₙ rₙ² + lam Σⱼ wⱼ² (was 137.875: each term times the other index\'s size)', () => {
    // r = Xw − y = [-2.5, -4.5, -6.5]; Σr² = 6.25 + 20.25 + 42.25 = 68.75; lam Σw² = 0.1 · 1.25 = 0.125
    expect(scalar('r[n] = X[n,j] w[j] - y[n]; L = r[n]^2 + lam * w[j]^2', 'L', { X, w, y, lam: 0.1 })).toBeCloseTo(68.875, 12);
  });

  it('its gradient is 2 (Xᵀ r + lam w), with no tr(I) factors', () => {
    const d = grad('r[n] = X[n,j] w[j] - y[n]; L = r[n]^2 + lam * w[j]^2', 'L', 'w');
    expect(toMatrixNotation(d).toString()).toMatch(/^∂L\/∂w = 2 \(Xᵀ r \+ lam w\)/);
    // Xᵀ r = [-48.5, -62]; 2 (Xᵀ r + 0.1 w) = [-96.9, -124.2]
    const g = d.evaluate({ X, w, y, lam: 0.1 });
    expect(Array.from(g.data)).toEqual([expect.closeTo(-96.9, 12), expect.closeTo(-124.2, 12)]);
  });

  it('a dot product plus a sum: x·y + Σx (was 3·(x·y) + Σx)', () => {
    // x·y = 4 + 10 + 18 = 32; Σx = 6
    expect(scalar('L = x[i] y[i] + x[i]', 'L', { x: [1, 2, 3], y: [4, 5, 6] })).toBe(38);
  });

  it('logistic loss without sum[…]: Σ softplus(zᵢ) − y·z, y·z counted once', () => {
    const z = [1, 2, 3];
    const t = [1, 0, 1];
    const softplus = (v: number): number => Math.log1p(Math.exp(v));
    const expected = z.reduce((s, v) => s + softplus(v), 0) - (1 * 1 + 0 * 2 + 1 * 3);
    expect(scalar('f = softplus(z[i]) - y[i] z[i]', 'f', { z, y: t })).toBeCloseTo(expected, 12);
    // ∂f/∂z = sigmoid(z) − y
    const g = grad('f = softplus(z[i]) - y[i] z[i]', 'f', 'z').evaluate({ z, y: t });
    const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
    expect(Array.from(g.data).map((v, k) => v - (sigmoid(z[k]!) - t[k]!))).toEqual([expect.closeTo(0, 12), expect.closeTo(0, 12), expect.closeTo(0, 12)]);
  });

  it('terms broadcast along left-hand-side indices: f[a,j] = X[a,i] W[i,j] + b[j] is unchanged', () => {
    const f = evaluate('f[a,j] = X[a,i] W[i,j] + b[j]', { X: [[1, 2], [3, 4]], W: [[1, 0], [0, 1]], b: [10, 20] })['f']!;
    expect(Array.from(f.data)).toEqual([11, 22, 13, 24]);
  });

  it('an index in some terms only, with a left-hand side: r[i] = x[i] + Σⱼ y[j]', () => {
    const r = evaluate('r[i] = x[i] + y[j]', { x: [1, 2], y: [10, 20, 30] })['r']!;
    expect(Array.from(r.data)).toEqual([61, 62]);
  });

  it('the sum goes through a scalar factor, negation and nested parentheses', () => {
    // 0.5 · (Σx − (Σy + 1)) = 0.5 · (3 − 61)
    expect(scalar('L = 0.5 * (x[i] - (y[j] + 1))', 'L', { x: [1, 2], y: [10, 20, 30] })).toBe(-29);
  });

  it('an index another factor carries is contracted by that product, not summed inside the factor', () => {
    // Σᵢ (aᵢ + b) cᵢ = (1 + 10)·2 + (2 + 10)·3 = 58; with z[j] instead, (Σa + b) Σz = 13 · 5
    expect(scalar('L = (a[i] + b) c[i]', 'L', { a: [1, 2], b: 10, c: [2, 3] })).toBe(58);
    expect(scalar('L = (a[i] + b) z[j]', 'L', { a: [1, 2], b: 10, z: [2, 3] })).toBe(65);
  });

  it('under a function or a power the terms broadcast and the sum stays outside', () => {
    // Σ (xᵢ − m)² = 0 + 1 + 4;  Σ exp(xᵢ + m)
    expect(scalar('L = (x[i] - m)^2', 'L', { x: [1, 2, 3], m: 1 })).toBe(5);
    expect(scalar('E = exp(x[i] - m)', 'E', { x: [1, 2], m: 1 })).toBeCloseTo(1 + Math.E, 12);
  });

  it('an explicit sum[…] keeps its index: the terms broadcast along it', () => {
    // Σₖ (c + yₖ) = 3c + Σy
    expect(scalar('L = sum[k](c + y[k])', 'L', { c: 1, y: [10, 20, 30] })).toBe(63);
  });
});
