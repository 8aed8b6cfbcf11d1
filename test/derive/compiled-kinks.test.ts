import { describe, expect, it } from 'vitest';
import { assertCompiledDifferentiable, derivativeRoots, derive } from '../../compiler/driver/index.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { grad, hessian, isRicciError } from '../../src/index.js';

/**
 * The kinks of a compiled derivative (relu, |u|, √u at 0) are checked from values its own plan
 * computes beside the result (compiler/driver/derive.ts `derivativeRoots`,
 * `assertCompiledDifferentiable`), not by a reference-evaluator forward pass on every run (which
 * made grad(…, 'W1').compile(shapes).run of a 256×784→128 relu network 469 ms against 11.7).
 */
const program = 'x: [3]\nW: [3, 2]\nv: [2]\nL = sum[j](relu(x[i] W[i,j])) + sum[i,j](abs(W[i,j] - v[j]))';
const errorOf = (f: () => unknown): { code: unknown; message: string; span: unknown } => {
  try { f(); } catch (e) { return { code: isRicciError(e) && e.code, message: (e as Error).message, span: isRicciError(e) ? e.span : undefined }; }
  return { code: 'no error', message: '', span: undefined };
};
const dense = (data: number[], shape: number[]): DenseArray => ({ data: Float64Array.from(data), shape, stride: shape.map((_, d) => shape.slice(d + 1).reduce((p, n) => p * n, 1)), offset: 0 });

describe('kinks of a compiled derivative, checked from its own plan', () => {
  const parts = derive(program, 'grad', 'L', ['W']);

  it('the plan computes each kinked function\'s argument once, after the result and the domain functions', () => {
    const roots = derivativeRoots(parts, {});
    const args = [...new Set(parts.kinked.map((n) => n.arg))];
    expect(args.length).toBe(2); // relu's x·W and abs's W − v
    expect(roots).toHaveLength(1 + parts.domain.length + args.length);
    expect(roots.slice(-args.length)).toEqual(args);
  });

  it('at a kink a compiled run is refused as evaluate refuses it, caret and index alike; elsewhere it equals evaluate', () => {
    const d = grad(program, 'L', 'W');
    const compiled = d.compile({ x: [3], W: [3, 2], v: [2] });
    // x·W = [1·1 + 2·(−0.5), …]: column 0 is exactly 0
    const kink = { x: [1, 2, 3], W: [[1, 2], [-0.5, 1], [0, 1]], v: [5, 5] };
    const fromPlan = errorOf(() => compiled.run(kink));
    expect(fromPlan.code).toBe('non_differentiable_point');
    expect(fromPlan).toEqual(errorOf(() => d.evaluate(kink)));
    expect(fromPlan.message.split('\n')[0]).toBe('non_differentiable_point: relu is not differentiable at 0, which its argument takes at index [0]');
    expect(program.slice((fromPlan.span as { start: number }).start, (fromPlan.span as { end: number }).end)).toBe('relu(x[i] W[i,j])');
    // |W[1,1] − v[1]| at 0: the second kinked function
    const second = errorOf(() => compiled.run({ x: [1, 2, 3], W: [[1, 2], [1, 1], [1, 1]], v: [3, 1] }));
    expect(second.message.split('\n')[0]).toBe('non_differentiable_point: abs is not differentiable at 0, which its argument takes at index [1, 1]');
    const fine = { x: [1, 2, 3], W: [[1, -2], [0.5, 1], [0.25, -1]], v: [2, -3] };
    expect(Array.from(compiled.run(fine).data)).toEqual(Array.from(d.evaluate(fine).data));
    expect(Array.from(compiled.runUnchecked(kink).data)).toHaveLength(6); // the fast path checks no kink
  });

  it('a kinked function the variable does not reach is a constant of the differentiation: no refusal at its 0', () => {
    // ∂(relu(x[i]) y[i])/∂y = relu(x): relu′ is never taken, so x = 0 is an ordinary point (it was refused)
    const d = grad('x: [3]\ny: [3]\nL = relu(x[i]) y[i]', 'L', 'y');
    const at = { x: [0, -1, 2], y: [3, 4, 5] };
    expect(Array.from(d.evaluate(at).data)).toEqual([0, 0, 2]);
    expect(Array.from(d.compile({ x: [3], y: [3] }).run(at).data)).toEqual([0, 0, 2]);
    expect(derive('x: [3]\ny: [3]\nL = relu(x[i]) y[i]', 'grad', 'L', ['y']).kinked).toEqual([]);
    // with respect to x, or in a Hessian whose second variable is x, the kink is differentiated: refused
    expect(errorOf(() => grad('x: [3]\ny: [3]\nL = relu(x[i]) y[i]', 'L', 'x').evaluate(at)).code).toBe('non_differentiable_point');
    expect(errorOf(() => hessian('x: [3]\ny: [3]\nL = abs(x[i]) y[i]', 'L', ['y', 'x']).evaluate(at)).code).toBe('non_differentiable_point');
  });

  it('given no values of the arguments (a plan of an empty result), the reference evaluator checks the kinks', () => {
    const empty = derive('x: [0]\ny: [2]\nL = sum[i](relu(y[i] + sum[k](x[k])))', 'grad', 'L', ['x']);
    expect(derivativeRoots(empty, {})).toHaveLength(1);
    const values = { x: dense([], [0]), y: dense([0, 1], [2]) };
    expect(errorOf(() => assertCompiledDifferentiable(empty, values, [dense([], [0])], new Map())).code).toBe('non_differentiable_point');
    expect(errorOf(() => assertCompiledDifferentiable(empty, { ...values, y: dense([2, 1], [2]) }, [dense([], [0])], new Map())).code).toBe('no error');
  });
});
