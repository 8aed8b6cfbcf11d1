import { describe, expect, it } from 'vitest';
import type { DenseArray } from '../../runtime/strided-array.js';
import { grad, hessian } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { toMatrixNotation, toKronecker } from '../../src/index.js';
import { asMatrix, maxDifference } from '../acceptance/views-support.js';
import { evaluateMatrix } from '../views/matrix-evaluate.js';

/**
 * A `symmetric` S is differentiated by its independent entries s_kl = s_lk (Matrix Cookbook §2.8):
 * ∂f/∂S = G + Gᵀ − diag(G) for G the derivative that treats every entry as free. The oracle here
 * is written independently: f as a function of the vector of independent entries (k ≤ l), with
 * central differences that move s_kl and s_lk together.
 */
const S3 = [[2, 0.5, -1], [0.5, 1.5, 0.25], [-1, 0.25, 3]];
const x = [1, -2, 0.5];
const y = [0.3, 0.7, -1.1];

type F = (s: number[][]) => number;
const sym = (s: number[][], k: number, l: number, h: number): number[][] =>
  s.map((row, r) => row.map((v, c) => v + ((r === k && c === l) || (r === l && c === k) ? h : 0)));
/** ∂f/∂s_kl by central differences, exact for polynomials of degree ≤ 2. */
const partial = (f: F, s: number[][], k: number, l: number): number => (f(sym(s, k, l, 1e-3)) - f(sym(s, k, l, -1e-3))) / 2e-3;
const flat = (d: { data: ArrayLike<number> }): number[] => Array.from(d.data);

describe('derivatives with respect to a symmetric variable (independent entries, Cookbook)', () => {
  const source = 'S: [3, 3] symmetric\nx: [3]\ny: [3]\nL = x[i] S[i,j] y[j]';
  const inputs = { S: S3, x, y };

  it('∂(xᵀ S y)/∂S = x yᵀ + y xᵀ − diag(x ⊙ y): symmetric, and the partials by s_kl', () => {
    const d = grad(source, 'L', 'S');
    expect(d.toString()).toBe('dL/dS[i,j] = x[i] y[j] + x[j] y[i] - x[i] y[i] δ[i,j]');
    const view = toMatrixNotation(d);
    expect(view.text.split('\n')[0]).toBe('∂L/∂S = x yᵀ + y xᵀ − diag(x ⊙ y)');
    const value = d.evaluate(inputs);
    const f: F = (s) => s.reduce((acc, row, i) => acc + row.reduce((a, v, j) => a + x[i]! * v * y[j]!, 0), 0);
    for (let k = 0; k < 3; k++)
      for (let l = 0; l < 3; l++) {
        expect(value.get(k, l)).toBeCloseTo(value.get(l, k), 12);
        expect(value.get(k, l)).toBeCloseTo(partial(f, S3, k, l), 8);
      }
    const env = { S: fromRows(S3), x: fromRows(x.map((v) => [v])), y: fromRows(y.map((v) => [v])) };
    expect(maxDifference(evaluateMatrix(view.matrix, env), asMatrix(dense(value), view.transposed))).toBeLessThan(1e-12);
    expect(d.check(inputs).ok).toBe(true);
  });

  it('the gradient of tr(S S) is 4 S − 2 diag(S) and its Hessian the second partials by the s_kl', () => {
    const src = 'S: [2, 2] symmetric\nL = S[i,j] S[j,i]';
    const g = grad(src, 'L', 'S');
    expect(toMatrixNotation(g).text.split('\n')[0]).toBe('∂L/∂S = 4 S − 2 diag(diagvec(S))');
    const S = [[1, 2], [2, 3]];
    // L = s00² + 2 s01² + s11²
    expect(flat(g.evaluate({ S }))).toEqual([2, 8, 8, 6]);
    const h = hessian(src, 'L', 'S');
    // no δ[k,k] left by aligning the deltas: it is 1 on a free index
    expect(h.toString()).toBe('d²L/dS[k,l]dS[m,n] = 4 δ[k,m] δ[l,n] + 4 δ[k,n] δ[l,m] - 6 δ[k,l] δ[k,m] δ[k,n]');
    expect(toKronecker(h).text).toContain('L_2 J L_2ᵀ = D_2ᵀ (∂²L/∂ vec S ∂ vec Sᵀ) D_2');
    const value = h.evaluate({ S });
    const f: F = (s) => s[0]![0]! ** 2 + 2 * s[0]![1]! ** 2 + s[1]![1]! ** 2;
    for (const [k, l, m, n] of indices4(2)) {
      const second = (partial((t) => partial(f, t, m, n), S, k, l));
      expect(value.get(k, l, m, n), `[${k},${l},${m},${n}]`).toBeCloseTo(second, 5);
    }
    expect(h.check({ S }).ok).toBe(true);
  });

  it('the mixed derivative of xᵀ S y by x then S agrees with the independent entries', () => {
    const h = hessian(source, 'L', ['x', 'S']);
    const value = h.evaluate(inputs);
    for (let a = 0; a < 3; a++)
      for (const [k, l] of [[0, 0], [0, 1], [1, 0], [2, 1]] as const) {
        // ∂²L/∂x_a ∂s_kl = ∂/∂s_kl (S y)_a
        const f: F = (s) => s[a]!.reduce((acc, v, j) => acc + v * y[j]!, 0);
        expect(value.get(a, k, l)).toBeCloseTo(partial(f, S3, k, l), 8);
      }
    expect(h.check(inputs).ok).toBe(true);
  });

  it('log det S: 2 S⁻¹ − diag(S⁻¹), the Cookbook\'s (137) form', () => {
    const d = grad('S: [3, 3] symmetric\nL = log(det(S))', 'L', 'S');
    expect(toMatrixNotation(d).text.split('\n')[0]).toBe('∂L/∂S = 2 S⁻¹ − diag(diagvec(S⁻¹))');
    expect(d.check({ S: S3 }).ok).toBe(true);
    const env: Record<string, DenseArray> = { S: fromRows(S3), ...Object.fromEntries(Object.entries(evaluate('S: [3, 3] symmetric\nL = log(det(S))', { S: S3 })).map(([k, v]) => [k, dense(v)])) };
    const view = toMatrixNotation(d);
    expect(maxDifference(evaluateMatrix(view.matrix, env), asMatrix(dense(d.evaluate({ S: S3 })), view.transposed))).toBeLessThan(1e-9);
  });
});

describe('the Kronecker view of a symmetric variable (Magnus–Neudecker: duplication and elimination)', () => {
  it('d vec L = J L_nᵀ d vech S, and J L_nᵀ = (∂ vec L/∂ vec S) D_n', () => {
    const source = 'S: [3, 3] symmetric\nx: [3]\ny: [3]\nL = x[i] S[i,j] y[j]';
    const d = grad(source, 'L', 'S');
    const view = toKronecker(d);
    expect(view.text).toContain('d vec L = J L_3ᵀ d vech S');
    expect(view.text).toContain('S is symmetric: J is by its independent entries');
    const n = 3;
    const inputs = { S: S3, x, y };
    const G = d.evaluate(inputs);
    const free = grad(source.replace(' symmetric', ''), 'L', 'S').evaluate(inputs);
    // column-major vec; vech stacks the lower triangle column by column
    const pairs: [number, number][] = [];
    for (let c = 0; c < n; c++) for (let r = c; r < n; r++) pairs.push([r, c]);
    const J = (r: number, c: number): number => G.get(r, c);
    pairs.forEach(([r, c]) => {
      const jl = J(r, c); // (J L_nᵀ)[q] picks J's column vec-index (r, c)
      const jd = free.get(r, c) + (r === c ? 0 : free.get(c, r)); // (J_free D_n)[q]: columns (r,c) and (c,r)
      expect(jl).toBeCloseTo(jd, 12);
    });
    // dL along a symmetric direction dS equals J L_nᵀ vech(dS)
    const dS = [[0.3, -0.2, 0.1], [-0.2, 0.5, 0.4], [0.1, 0.4, -0.6]];
    const f = (s: number[][]) => s.reduce((acc, row, i) => acc + row.reduce((a, v, j) => a + x[i]! * v * y[j]!, 0), 0);
    const exact = f(S3.map((row, r) => row.map((v, c) => v + dS[r]![c]!))) - f(S3);
    expect(pairs.reduce((acc, [r, c]) => acc + J(r, c) * dS[r]![c]!, 0)).toBeCloseTo(exact, 12);
  });
});

function fromRows(rows: readonly (readonly number[])[]): DenseArray {
  const cols = rows[0]!.length;
  return { data: Float64Array.from(rows.flat()), shape: [rows.length, cols], stride: [cols, 1], offset: 0 };
}

function dense(v: { data: ArrayLike<number>; shape: readonly number[]; stride: readonly number[]; offset: number }): DenseArray {
  return { data: Float64Array.from(v.data), shape: [...v.shape], stride: [...v.stride], offset: v.offset };
}

function indices4(n: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) for (let c = 0; c < n; c++) for (let d = 0; d < n; d++) out.push([a, b, c, d]);
  return out;
}
