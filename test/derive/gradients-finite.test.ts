import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { createCheckedCopy } from '../../compiler/driver/checked-copy.js';
import { compileSharedNetwork, deriveGradients } from '../../compiler/driver/index.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import type { FloatData } from '../../runtime/strided-array.js';
import { grad, gradients, isRicciError } from '../../src/index.js';
import { mlpStep as mlp, mlpShapes } from '../support/mlp-step.js';

/**
 * The finiteness check of a network's results fused into WebAssembly steps' copy out of the arena
 * (compiler/driver/checked-copy.ts): a non-finite gradient from finite inputs is still the coded
 * error, at the same position as the check after the run reports.
 */
const [B, D, H, K] = [256, 784, 128, 10];
const shapes = mlpShapes(B, D, H, K);
const wrt = ['W1', 'b1', 'W2', 'b2'];
const valued = (x: (k: number) => number): Record<string, ndarray.NdArray<Float64Array>> => Object.fromEntries(Object.entries(shapes).map(([name, shape], s) => {
  const n = shape.reduce((p, q) => p * q, 1);
  const at = (k: number): number => (name === 'X' ? x(k) : name === 'W1' ? 0 : Math.sin(1.3 * k + s) * 0.5);
  return [name, ndarray(Float64Array.from({ length: n }, (_, k) => at(k)), shape)];
}));
const errorOf = (f: () => unknown): { code: unknown; message: string } => {
  try { f(); } catch (e) { return { code: isRicciError(e) && e.code, message: (e as Error).message }; }
  return { code: 'no error', message: '' };
};
const stepOf = (plan: ExecutionPlan, result: number) => plan.steps.filter((s) => s.output.kind === 'result' && s.output.index === result);

describe('finiteness of results checked as WebAssembly steps copy them out', () => {
  const { value, parts } = deriveGradients(mlp, 'L', wrt);
  const plan = compileSharedNetwork([value, ...parts.map((p) => p.evaluable)], shapes).plans[0]!;

  it('the training step\'s ∂L/∂W1 is written by one WebAssembly step, so its check is the fused one', () => {
    const writers = stepOf(plan, 0);
    expect(writers).toHaveLength(1);
    expect(plan.kernels[writers[0]!.kernel]!.wasm).toBeDefined();
  });

  it('an overflow in ∂L/∂W1 = Xᵀ δ1 (X near the largest double, W1 = 0 so the forward pass is finite) is non_finite_result at the first overflowing element', () => {
    // X[a,j] = 1e307 for a < 40 and j = 5 (Xᵀδ1 sums 40 terms of ~1e307·δ1 → ±Infinity in row j = 5)
    const inputs = valued((k) => (Math.floor(k / D) < 40 && k % D === 5 ? 1e307 : 0.01));
    const step = gradients(mlp, 'L', wrt).compile(shapes);
    const got = errorOf(() => step.run(inputs));
    expect(got.code).toBe('non_finite_result');
    const position = Number(/at flat position (\d+)/.exec(got.message)?.[1]);
    // the same step in JavaScript kernels only (checked after the run): the same error, word for word (row j = 5 of 784×128)
    const js = errorOf(() => gradients(mlp, 'L', wrt).compile(shapes, { backend: 'js' }).run(inputs));
    expect(js).toEqual(got);
    expect(Math.floor(position / H)).toBe(5);
    // the same inputs without the overflow run, and the step stays usable after the error
    const fine = valued((k) => (Math.floor(k / D) < 40 && k % D === 5 ? 1e300 : 0.01));
    expect(Number.isFinite(step.run(fine).gradients['W1']!.data[5 * H])).toBe(true);
    expect(errorOf(() => step.run(inputs)).code).toBe('non_finite_result');
  });

  it('a non-finite input is not reported (only finite inputs promise finite results)', () => {
    const inputs = valued((k) => (k === 7 ? Infinity : 0.01));
    const out = gradients(mlp, 'L', wrt).compile(shapes).run(inputs);
    expect(Array.from(out.gradients['W1']!.data).some((v) => !Number.isFinite(v))).toBe(true);
  });

  it('the copy notes a target only when it copied all of it and found it finite, only for a value one step writes, and once', () => {
    const single = { results: [[4]], outputShape: [], steps: [
      { kernel: 0, output: { kind: 'output' }, inputs: [], usesScratch: false, release: [] },
      { kernel: 0, output: { kind: 'result', index: 0 }, inputs: [], usesScratch: false, release: [] },
    ] } as unknown as ExecutionPlan;
    const twice = { ...single, steps: [...single.steps, single.steps[1]!] } as ExecutionPlan;
    const dense = (data: Float64Array) => ({ data, shape: [data.length], stride: [1], offset: 0 });
    for (const bad of [NaN, Infinity, -Infinity, 0]) for (const at of [0, 3]) {
      const checked = createCheckedCopy();
      const from = new Float64Array([9, 1, 2, 3, 4, 5, 6]);
      from[1 + at] = bad;
      const [out, result] = [new Float64Array(1), new Float64Array(4)];
      checked.copy(from, 0, out, 0, 1);
      checked.copy(from, 1, result, 0, 4);
      expect(Array.from(result)).toEqual(Array.from(from.subarray(1, 5)));
      expect(checked.finite(single, [dense(out), dense(result)])).toEqual([true, bad === 0]);
      // a note is used once
      expect(checked.finite(single, [dense(out), dense(result)])).toEqual([false, false]);
    }
    const checked = createCheckedCopy();
    const [part, whole] = [new Float64Array(4), new Float64Array(4)];
    checked.copy(new Float64Array([1, 2]), 0, part, 2, 2);
    checked.copy(new Float64Array([1, 2, 3, 4]), 0, whole, 0, 4);
    expect(checked.finite(single, [dense(new Float64Array(1)), dense(part)])).toEqual([false, false]);
    expect(checked.finite(twice, [dense(new Float64Array(1)), dense(whole)])).toEqual([false, false]);
  });

  it('given no target, the copy makes a fresh array of the values (not a view of the arena) and notes it when finite', () => {
    for (const bad of [NaN, Infinity, 0]) {
      const checked = createCheckedCopy();
      const from = new Float64Array([9, 1, 2, 3, 4, 5, 6]);
      from[2] = bad;
      const made = checked.copy(from, 1, undefined, 0, 4);
      expect(made).toBeInstanceOf(Float64Array);
      expect(made.buffer).not.toBe(from.buffer);
      expect(Array.from(made)).toEqual(Array.from(from.subarray(1, 5)));
      // the plan's output (written by one step, not copied here) and its result 0 (written by one step: this copy)
      const single = { results: [[4]], outputShape: [], steps: [0, 1].map((k) => ({ kernel: 0, output: k === 0 ? { kind: 'output' } : { kind: 'result', index: 0 }, inputs: [], usesScratch: false, release: [] })) } as unknown as ExecutionPlan;
      expect(checked.finite(single, [dense4(new Float64Array(1)), dense4(made)])).toEqual([false, bad === 0]);
    }
  });

  it('results made by their WebAssembly writer stay the caller\'s: a second run with other inputs leaves the first run\'s gradients as they were', () => {
    const step = gradients(mlp, 'L', wrt).compile(shapes);
    const first = step.run(valued((k) => Math.cos(k) * 0.01));
    const kept = Object.fromEntries(wrt.map((w) => [w, Float64Array.from(first.gradients[w]!.data)]));
    const second = step.run(valued((k) => Math.sin(k) * 0.02));
    for (const w of wrt) {
      expect(first.gradients[w]!.data).toEqual(kept[w]);
      expect(second.gradients[w]!.data).not.toBe(first.gradients[w]!.data);
      expect(second.gradients[w]!.data.buffer).not.toBe(first.gradients[w]!.data.buffer);
    }
    expect(Array.from(second.gradients['W1']!.data.slice(0, 8))).not.toEqual(Array.from(kept['W1']!.slice(0, 8)));
  });
});

const dense4 = (data: FloatData) => ({ data, shape: [data.length], stride: [1], offset: 0 });

describe('gradients at the edges of their functions', () => {
  it('a function outside its domain is named, as grad names it: log(-1), not only a flat position', () => {
    const g = gradients('x: [2]\nf = sum[i](log(x[i])) + sum[i](x[i]^2)', 'f', ['x']);
    for (const run of [() => g.evaluate({ x: [-1, 2] }), () => g.compile({ x: [2] }).run({ x: [-1, 2] }), () => g.compile({ x: [2] }, { backend: 'js' }).run({ x: [-1, 2] })]) {
      const e = errorOf(run);
      expect(e.code).toBe('non_finite_result');
      expect(e.message).toContain('log(-1) is not finite');
    }
    expect(g.evaluate({ x: [1, 2] }).gradients['x']!.data).toEqual(Float64Array.from([3, 4.5]));
  });

  it('at a kink, gradients take the subgradient ML frameworks take (relu′(0) = 0, |u|′(0) = 0, max at a tie: 0 and 1), where grad refuses', () => {
    const program = 'x: [3]\ny: [3]\nf = sum[i](relu(x[i])) + sum[i](abs(x[i])) + sum[i](max(x[i], y[i]))';
    const at = { x: [0, 2, -1], y: [0, 1, 3] };
    const { gradients: d } = gradients(program, 'f', ['x', 'y']).evaluate(at);
    // relu′ + sign + step(x − y): x = 0 → 0 + 0 + 0; x = 2 → 1 + 1 + 1; x = −1 → 0 − 1 + 0
    expect(Array.from(d['x']!.data)).toEqual([0, 3, -1]);
    expect(Array.from(d['y']!.data)).toEqual([1, 0, 1]);
    expect(errorOf(() => grad(program, 'f', 'x').evaluate(at)).code).toBe('non_differentiable_point');
  });
});
