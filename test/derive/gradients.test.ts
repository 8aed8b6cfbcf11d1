import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileNetwork, compileSharedNetwork, deriveGradients } from '../../compiler/driver/index.js';
import { grad, gradients, isRicciError } from '../../src/index.js';
import { mlpStep as mlp, mlpShapes } from '../support/mlp-step.js';

/** `gradients`: one derivation, one compiled plan set, the value and every gradient from one run. */
const rnd = (n: number, s: number): Float64Array => Float64Array.from({ length: n }, (_, k) => Math.sin(s + 1.3 * k) * 0.5);
const [B, D, H, K] = [5, 4, 3, 2];
const shapes = mlpShapes(B, D, H, K);
const inputs = Object.fromEntries(Object.entries(shapes).map(([name, shape], k) =>
  [name, ndarray(rnd(shape.reduce((p, n) => p * n, 1), k + 1), shape)]));
const wrt = ['W1', 'b1', 'W2', 'b2'];

describe('gradients of an MLP with respect to every parameter', () => {
  const g = gradients(mlp, 'L', wrt);
  const step = g.compile(shapes);
  const out = step.run(inputs);

  it('each gradient equals the single grad and central differences', () => {
    for (const name of wrt) {
      const single = grad(mlp, 'L', name).evaluateReference(inputs);
      const got = out.gradients[name]!;
      expect(got.shape).toEqual(single.shape);
      Array.from(single.data).forEach((v, k) => expect(got.data[k]).toBeCloseTo(v, 12));
      expect(g.derivatives[name]!.check(inputs).ok).toBe(true);
    }
  });

  it('the value is the loss, computed by hand', () => {
    let loss = 0;
    const x = inputs.X!, w1 = inputs.W1!, b1 = inputs.b1!, w2 = inputs.W2!, b2 = inputs.b2!, y = inputs.Y!;
    for (let a = 0; a < B; a++) {
      const h = Array.from({ length: H }, (_, i) => Math.tanh(b1.get(i) + Array.from({ length: D }, (_, j) => x.get(a, j) * w1.get(j, i)).reduce((p, q) => p + q)));
      for (let k = 0; k < K; k++) loss += 0.5 * (b2.get(k) + h.reduce((p, hi, i) => p + hi * w2.get(i, k), 0) - y.get(a, k)) ** 2;
    }
    expect(out.value).toBeCloseTo(loss, 12);
    expect(g.evaluate(inputs).value).toBeCloseTo(loss, 12);
  });

  it('shares the forward pass: exactly one plan reads both X and W1 (X W1 is computed once)', () => {
    const { value, parts } = deriveGradients(mlp, 'L', wrt);
    const roots = [value, ...parts.map((p) => p.result.node)];
    const readsBoth = (network: ReturnType<typeof compileNetwork>): number => {
      const [x, w1] = [network.inputs.indexOf('X'), network.inputs.indexOf('W1')];
      return network.plans.filter((plan) => {
        const read = new Set(plan.steps.flatMap((s) => s.inputs.flatMap((r) => (r.kind === 'input' ? [r.index] : []))));
        return read.has(x) && read.has(w1);
      }).length;
    };
    expect(readsBoth(compileSharedNetwork(roots, shapes))).toBe(1);
    // compiled root by root, the value and all four gradients (each reads z2 or h) recompute it
    expect(readsBoth(compileNetwork(roots, shapes))).toBe(5);
  });

  it('an empty list of variables is a coded error', () => {
    let e: unknown;
    try { gradients(mlp, 'L', []); } catch (x) { e = x; }
    expect(isRicciError(e) && e.code).toBe('gradients_without_variables');
  });

  it('a value that is a matrix function is read, not lowered: log det X and its gradient X⁻ᵀ (closed form)', () => {
    const out = gradients('X: [2, 2]\nL = logdet(X)', 'L', ['X']).evaluate({ X: [[2, 1], [1, 3]] });
    expect(out.value).toBeCloseTo(Math.log(5), 14);
    // X⁻ᵀ of [[2, 1], [1, 3]] is [[3, −1], [−1, 2]] / 5
    [0.6, -0.2, -0.2, 0.4].forEach((v, k) => expect(out.gradients.X!.data[k]).toBeCloseTo(v, 14));
  });

  it('inputs whose shapes change between runs are bound again: a conflict or a shape other than the compiled one is its coded error, evaluate follows the new shapes', () => {
    const sized = (b: number, d: number, d1 = d): Record<string, ndarray.NdArray<Float64Array>> =>
      Object.fromEntries(Object.entries({ X: [b, d], W1: [d1, H], b1: [H], W2: [H, K], b2: [K], Y: [b, K] }).map(([name, shape], k) =>
        [name, ndarray(rnd(shape.reduce((p, n) => p * n, 1), k + 7), shape)]));
    const codeOf = (f: () => unknown): unknown => { try { f(); } catch (e) { return isRicciError(e) && e.code; } return 'no error'; };
    const fresh = gradients(mlp, 'L', wrt);
    const compiled = fresh.compile(shapes);
    expect(compiled.run(inputs).value).toBe(out.value);
    expect(codeOf(() => compiled.run(sized(B, D, D + 2)))).toBe('input_size_conflict');
    expect(codeOf(() => compiled.run(sized(B + 1, D)))).toBe('input_shape_disagrees');
    expect(compiled.run(inputs).value).toBe(out.value);
    for (const [b, d] of [[B, D], [B + 2, D + 1], [B, D]] as const) {
      const given = sized(b, d);
      const got = fresh.evaluate(given);
      for (const name of wrt) {
        const single = grad(mlp, 'L', name).evaluateReference(given);
        expect(got.gradients[name]!.shape).toEqual(single.shape);
        Array.from(single.data).forEach((v, k) => expect(got.gradients[name]!.data[k]).toBeCloseTo(v, 12));
      }
    }
    expect(codeOf(() => fresh.evaluate(sized(B, D, D + 2)))).toBe('input_size_conflict');
  });

  it('checks resource limits before lowering, like every compiled network', () => {
    let e: unknown;
    try { g.compile(shapes, { limits: { maxElements: 4 } }); } catch (x) { e = x; }
    expect(isRicciError(e) && e.code).toBe('result_too_large');
  });
});
