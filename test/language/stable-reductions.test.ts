import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import { evaluate, evaluateReference } from '../../src/evaluate.js';
import { grad, hessian, jacobian } from '../../src/derive.js';
import { gradients } from '../../src/gradients.js';
import { fromMatrixNotation } from '../../compiler/1-parse/matrix-input.js';
import { exportPython } from '../../compiler/6-emit-python/export-python.js';

/**
 * Issue 12 item 3: log-sum-exp, softmax and log_softmax computed with the max shift in every
 * backend, and max[j](…)/min[j](…). Oracle: numpy (test/fixtures/functions.json, the cases at
 * logits of ±1000), the shift invariance of softmax, and closed forms.
 */
interface FunctionCase {
  readonly name: string;
  readonly source: string;
  readonly of: string;
  readonly wrt: string;
  readonly inputs: Record<string, number[] | number[][]>;
  readonly value: number;
  readonly gradient: number[][];
}
const cases = JSON.parse(readFileSync(new URL('../fixtures/functions.json', import.meta.url), 'utf8')) as FunctionCase[];
const byName = (name: string): FunctionCase => cases.find((c) => c.name === name)!;
const shapeOf = (v: number[] | number[][]): number[] => (Array.isArray(v[0]) ? [v.length, (v[0] as number[]).length] : [v.length]);
const shapes = (c: FunctionCase): Record<string, number[]> => Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, shapeOf(v)]));
const worst = (actual: ArrayLike<number>, expected: readonly number[]): number =>
  Math.max(...expected.map((e, k) => Math.abs(actual[k]! - e) / Math.max(1, Math.abs(e))));

describe('softmax cross-entropy at logits beyond ±710 in every backend', () => {
  const c = byName('softmax cross-entropy of a product, logits beyond ±710');
  const d = grad(c.source, c.of, c.wrt);
  const expected = c.gradient.flat();

  it('the logits really are large: exp of them overflows, so only the shifted formula is finite', () => {
    const X = c.inputs.X as number[][], W = c.inputs.W as number[][];
    const logits = X.flatMap((row) => W[0]!.map((_, j) => row.reduce((s, x, i) => s + x * W[i]![j]!, 0)));
    expect(Math.max(...logits.map(Math.abs))).toBeGreaterThan(710);
    expect(logits.some((z) => !Number.isFinite(Math.exp(z)))).toBe(true);
  });

  it('generated JavaScript, the eval-free interpreter, WebAssembly GEMM steps and float32 agree with numpy', () => {
    const interpreted = createKernelCache(64, { execution: 'interpreted' });
    expect(worst(d.compile(shapes(c), { backend: 'js' }).run(c.inputs).data, expected)).toBeLessThan(1e-10);
    expect(worst(d.compile(shapes(c), { backend: 'js', cache: interpreted }).run(c.inputs).data, expected)).toBeLessThan(1e-10);
    expect(worst(d.compile(shapes(c), { backend: 'wasm' }).run(c.inputs).data, expected)).toBeLessThan(1e-10);
    expect(worst(d.compile(shapes(c), { dtype: 'float32' }).run(c.inputs).data, expected)).toBeLessThan(1e-3);
    expect(worst(d.evaluateReference(c.inputs).data, expected)).toBeLessThan(1e-10);
  });

  it('gradients() shares the log-sum-exp between the value and the gradient, and both are finite and right', () => {
    const result = gradients(c.source, c.of, [c.wrt, 'X']).compile(shapes(c)).run(c.inputs);
    expect(Math.abs(result.value - c.value) / Math.abs(c.value)).toBeLessThan(1e-12);
    expect(worst(result.gradients.W!.data, expected)).toBeLessThan(1e-10);
    expect([...result.gradients.X!.data].every(Number.isFinite)).toBe(true);
  });
});

describe('log-sum-exp and softmax are exact at large logits', () => {
  it('the gradient at logits of ±1000 equals the gradient at the logits shifted by their row max (softmax is shift-invariant)', () => {
    const c = byName('softmax cross-entropy at logits of ±1000');
    const Z = c.inputs.Z as number[][];
    const shifted = Z.map((row) => row.map((z) => z - Math.max(...row)));
    const d = grad(c.source, c.of, c.wrt);
    const atLarge = d.evaluate(c.inputs).data;
    const atShifted = d.evaluate({ ...c.inputs, Z: shifted });
    expect(worst(atLarge, [...atShifted.data])).toBeLessThan(1e-12);
    expect(d.check({ ...c.inputs, Z: shifted }).ok).toBe(true); // central differences where they are well conditioned
  });

  it('logsumexp of [1000, 1000] is 1000 + log 2, of [-1000, -1000] is -1000 + log 2, in the evaluator and compiled', () => {
    for (const z of [[1000, 1000], [-1000, -1000]]) {
      const expected = z[0]! + Math.LN2;
      expect(evaluateReference('L = logsumexp[j](z[j])', { z }).L!.data[0]).toBeCloseTo(expected, 12);
      expect(grad('L = logsumexp[j](z[j]) w', 'L', 'w').evaluate({ z, w: 1 }).data[0]).toBeCloseTo(expected, 12);
    }
  });
});

describe('higher derivatives go through the same rule (forward and reverse)', () => {
  const z = [1000, -1000, 999];
  const m = Math.max(...z);
  const p = z.map((v) => Math.exp(v - m) / z.reduce((s, w) => s + Math.exp(w - m), 0));
  const softmaxJacobian = p.flatMap((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj));

  it('the Jacobian of softmax is diag(p) − p pᵀ, printed that way, finite at logits of ±1000', () => {
    const J = jacobian('p[j] = softmax[j](z[j])', 'p', 'z');
    expect(J.toString()).toBe('dp[j]/dz[i] = p[j] δ[i,j] - p[i] p[j]');
    expect(worst(J.evaluate({ z }).data, softmaxJacobian)).toBeLessThan(1e-14);
  });

  it('the Hessian of logsumexp is the same matrix; the Hessian of max(z)² is 2 e_k e_kᵀ', () => {
    const H = hessian('L = logsumexp[j](z[j])', 'L', 'z');
    expect(worst(H.evaluate({ z }).data, softmaxJacobian)).toBeLessThan(1e-14);
    expect(worst(hessian('L = max[j](z[j])^2', 'L', 'z').evaluate({ z: [1, 3, 2] }).data, [0, 0, 0, 0, 2, 0, 0, 0, 0])).toBe(0);
  });
});

describe('max[j](…) and min[j](…)', () => {
  it('at a tie the subgradient is split equally among the tied entries (the documented convention)', () => {
    const d = grad('L = max[j](Z[i,j]) c[i]', 'L', 'Z');
    const Z = [[5, 5, 1], [2, 7, 7]];
    expect([...d.evaluate({ Z, c: [2, 3] }).data]).toEqual([1, 1, 0, 0, 1.5, 1.5]);
    expect([...d.evaluateReference({ Z, c: [2, 3] }).data]).toEqual([1, 1, 0, 0, 1.5, 1.5]);
    const min = grad('L = min[i,j](A[i,j])', 'L', 'A');
    expect([...min.evaluate({ A: [[0, 3], [0, 0]] }).data]).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
  });

  it('a reduction over several indices keeps the others in order', () => {
    const T = [[[1, 9], [4, 2]], [[-1, -5], [0, 3]]];
    expect([...evaluate('m[j] = max[i,k](T[i,j,k])', { T }).m!.data]).toEqual([9, 4]);
    expect([...evaluate('m[i] = min[j,k](T[i,j,k])', { T }).m!.data]).toEqual([1, -5]);
  });

  it('the NumPy export writes np.max/np.min along the axes and the shifted log-sum-exp', () => {
    const d = grad('p[i,j] = softmax[j](Z[i,j])\nL = p[i,j] T[i,j] + max[j](Z[i,j]) c[i] - min[j](Z[i,j]) c[i]', 'L', 'Z');
    const source = exportPython(d.result).source;
    expect(source).toMatch(/np\.max\(\w+, axis=\(1,\)\)/);
    expect(source).toMatch(/np\.min\(\w+, axis=\(1,\)\)/);
    expect(source).toMatch(/np\.max\(\w+, axis=\(1,\), keepdims=True\)/);
    expect(source).toMatch(/np\.where\(np\.isfinite\(\w+\), \w+, 0\.0\)/);
    expect(source).not.toMatch(/scipy/);
  });
});

describe('matrix-notation input: max(X), min(X), logsumexp(x), softmax(x) over every entry', () => {
  it('evaluates to the entrywise reductions, finite at logits of ±1000', () => {
    const x = [1000, -1000, 999];
    const X = [[1, -2], [3, 0.5]];
    const lse = 1000 + Math.log(1 + Math.exp(-2000) + Math.exp(-1));
    const program = fromMatrixNotation("logsumexp(x) + max(X) - min(X) + y'*softmax(x)", { x: ['n'], y: ['n'], X: [2, 2] });
    const y = [1, 2, 3];
    const softmax = x.map((z) => Math.exp(z - lse));
    const expected = lse + 3 - -2 + softmax.reduce((s, p, k) => s + p * y[k]!, 0);
    expect(evaluate(program.source, { x, y, X }).f!.data[0]).toBeCloseTo(expected, 9);
    const d = grad(program.source, 'f', 'x');
    const g = d.evaluate({ x, y, X }).data;
    const py = softmax.reduce((s, p, k) => s + p * y[k]!, 0);
    expect(worst(g, softmax.map((p, k) => p + p * (y[k]! - py)))).toBeLessThan(1e-12);
  });
});
