import { describe, expect, it } from 'vitest';
import { canonicalLabelling, createWorkBudget, type LabellingRules } from '../../compiler/2-network/canonical-search.js';
import type { Atom } from '../../compiler/2-network/canonical-terms.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { grad, hessian } from '../../src/derive.js';

/** Long products, powers of one factor and deep compositions: polynomial work, right answers. */
const graph = createGraph();
const x = graph.input('x', [3]);
const A = graph.input('A', [3, 3]);
const rules = (budget = createWorkBudget()): LabellingRules => ({ key: (a) => (a.node.kind === 'input' ? a.node.name : '?'), symmetric: () => false, budget });
const atom = (node: typeof x | typeof A, ...indices: string[]): Atom => ({ node, indices });

const product = (n: number, factor: (k: number) => string): string =>
  `x: [3]\nL = ${Array.from({ length: n }, (_, k) => factor(k)).join(' ')}`;

function composition(depth: number): string {
  let e = 'x[i]';
  for (let k = 0; k < depth; k++) e = k % 2 === 0 ? `tanh(${e})` : `sin(${e})`;
  return `x: [3]\nL = sum[i](${e})`;
}

describe('canonical search work', () => {
  it('is linear in a product of factors on indices of their own, and quadratic at most in powers of one factor', () => {
    for (const n of [50, 200]) {
      const isolated = createWorkBudget();
      const labelled = canonicalLabelling(Array.from({ length: n }, (_, k) => atom(x, `s${k}`)), new Set(), rules(isolated));
      expect(labelled.key.split(' ')).toHaveLength(n);
      expect(labelled.key.split(' ')[n - 1]).toBe(`x[#${n - 1}]`);
      expect(isolated.spent).toBeLessThan(10 * n);
      const power = createWorkBudget();
      const key = canonicalLabelling(Array.from({ length: n }, () => atom(x, 'i')), new Set(), rules(power)).key;
      expect(key).toBe(Array.from({ length: n }, () => 'x[#0]').join(' '));
      expect(power.spent).toBeLessThan(2 * n * n);
    }
  });

  it('treats isomorphic chains as one choice: k copies of A[i,s] A[s,t] x[t] cost polynomial work, same key in any order', () => {
    const chains = (k: number, order: (xs: Atom[]) => Atom[]): Atom[] => order(Array.from({ length: k }, (_, c) => [
      atom(A, `a${c}`, `b${c}`), atom(A, `b${c}`, `c${c}`), atom(x, `c${c}`)]).flat());
    const budget = createWorkBudget();
    const key = canonicalLabelling(chains(12, (xs) => xs), new Set(), rules(budget)).key;
    expect(budget.spent).toBeLessThan(100_000);
    expect(canonicalLabelling(chains(12, (xs) => [...xs].reverse()), new Set(), rules()).key).toBe(key);
    expect(key.split(' ')).toHaveLength(36);
  });

  it('stops with expression_too_large, naming the work, when the budget runs out', () => {
    const factors = Array.from({ length: 300 }, () => atom(x, 'i'));
    try {
      canonicalLabelling(factors, new Set(), rules(createWorkBudget(1000)));
      expect.unreachable();
    } catch (e) {
      expect(isRicciError(e) && e.code).toBe('expression_too_large');
      expect((e as Error).message).toContain('300 factors');
      expect((e as Error).message).toContain('1000');
    }
  });
});

describe('derivatives of large expressions', () => {
  const ones = { x: [0.9, 1.0, 1.05] };
  it('grad of a product of 100 copies of x[i] is 100 x[i]^99, and checks against finite differences', () => {
    const d = grad(product(100, () => 'x[i]'), 'L', 'x');
    expect(d.toString()).toBe('dL/dx[i] = 100 x[i]^99');
    expect(d.check(ones).ok).toBe(true);
  });

  it('grad of a product of 100 distinct sums x[i0] … x[i99] is 100 (Σx)^99 in canonical form', () => {
    const d = grad(product(100, (k) => `x[i${k}]`), 'L', 'x');
    expect(d.toString()).toMatch(/^dL\/dx\[i0\] = 100 sum\[/);
    const values = { x: [0.3, 0.3, 0.4] }; // Σx = 1: every entry is 100
    expect(Array.from(d.evaluate(values).data).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([100, 100, 100]);
  });

  it('the Hessian of a depth-30 composition is diag f″(x) by central differences of f, through the reference evaluator', () => {
    // L = Σ_i f(x_i) with f = … sin ∘ tanh: the Hessian is diagonal with f″ (compiling its 30-deep kernels is slow: lower/emit)
    const f = (v: number): number => { for (let k = 0; k < 30; k++) v = k % 2 === 0 ? Math.tanh(v) : Math.sin(v); return v; };
    const h = hessian(composition(30), 'L', 'x');
    const xs = [0.3, -0.2, 0.5];
    const got = Array.from(h.evaluateReference({ x: xs }).data);
    const e = 1e-4;
    xs.forEach((v, i) => xs.forEach((_, j) => {
      const expected = i === j ? (f(v + e) - 2 * f(v) + f(v - e)) / (e * e) : 0;
      expect(Math.abs(got[i * 3 + j]! - expected)).toBeLessThan(1e-5);
    }));
  });

  it('a long sum of scaled copies folds to one coefficient', () => {
    const n = 1000;
    const d = grad(`x: [3]\nL = ${Array.from({ length: n }, (_, k) => `${k + 1} x[i]`).join(' + ')}`, 'L', 'x');
    expect(d.toString()).toBe(`dL/dx[i] = ${(n * (n + 1)) / 2}`);
  });

  it('the Hessian of a 40-factor product of distinct sums is 40·39 (Σx)^38 everywhere', () => {
    const h = hessian(product(40, (k) => `x[i${k}]`), 'L', 'x');
    const v = { x: [0.5, 0.25, 0.25] };
    expect(Array.from(h.evaluate(v).data).map((y) => Math.round(y * 1e6) / 1e6)).toEqual(Array(9).fill(1560));
  });
});
