import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { freshCopy } from '../../compiler/driver/checked-copy.js';
import { compileNetwork, compileSharedNetwork, deriveGradients } from '../../compiler/driver/index.js';
import { createBufferPool } from '../../runtime/buffer-pool.js';
import { executePlan } from '../../runtime/execute-plan.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { createKernelCache, type KernelFunction } from '../../runtime/instantiate-kernel.js';
import { instantiatePlan } from '../../runtime/instantiate-plan.js';
import { copyOut } from '../../runtime/staging-copy.js';
import type { DenseArray, FloatData, StridedArray } from '../../runtime/strided-array.js';
import { mlpStep as mlp, mlpShapes } from '../support/mlp-step.js';

/**
 * A plan's further result whose one writer is a WebAssembly kernel writing it whole is not
 * allocated zero-filled before the run: the kernel is given no output array and copies its output
 * out of the arena into a fresh one, made by the copy the plan was given (runtime/execute-plan.ts,
 * instantiate-plan.ts; a network plan's: compiler/driver/checked-copy.ts). Oracles: the
 * per-root plans of compileNetwork (each root the plan's output, allocated as before) bit for bit,
 * in every arena mode; the kernel's arguments.
 */
const [B, D, H, K] = [13, 9, 7, 5];
const shapes = mlpShapes(B, D, H, K);
const named = (s: number): Record<string, StridedArray> => Object.fromEntries(Object.entries(shapes).map(([name, shape], k) =>
  [name, ndarray(Float64Array.from({ length: shape.reduce((p, n) => p * n, 1) }, (_, i) => Math.sin(s + k + 0.7 * i) * 0.5), shape)]));
const { value, parts } = deriveGradients(mlp, 'L', ['W1', 'b1', 'W2', 'b2']);
const roots = [value, ...parts.map((p) => p.result.node)];

describe('results made by their WebAssembly writer', () => {
  it('executePlan passes such a result\'s writer no array and keeps the one it returns, as a dense row-major result', () => {
    const plan = { dtype: 'float64', inputs: [], buffers: [], scratchLength: 0, outputShape: [], results: [[2, 3], [2]], kernels: [],
      steps: [0, 1, 2].map((k) => ({ kernel: k, output: k === 0 ? { kind: 'output' } : { kind: 'result', index: k - 1 }, inputs: [], usesScratch: false, release: [] })) } as unknown as ExecutionPlan;
    const seen: unknown[] = [];
    const fresh = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const kernels: KernelFunction[] = [
      (out) => { seen.push(out); },
      (out) => { seen.push(out); return out === undefined ? fresh : undefined; },
      (out) => { seen.push(out); (out as FloatData).fill(7); },
    ];
    const results: DenseArray[] = [];
    executePlan(plan, kernels, [], createBufferPool('float64'), undefined, results, [true, false]);
    expect(seen[1]).toBeUndefined();
    expect(seen[2]).toBeInstanceOf(Float64Array);
    expect(results[0]).toEqual({ data: fresh, shape: [2, 3], stride: [3, 1], offset: 0 });
    expect(results[0]!.data).toBe(fresh);
    expect(Array.from(results[1]!.data)).toEqual([7, 7]);
    // without `made` every result is allocated before the run and handed to its writer
    const again: DenseArray[] = [];
    seen.length = 0;
    executePlan(plan, kernels, [], createBufferPool('float64'), undefined, again);
    expect(seen[1]).toBeInstanceOf(Float64Array);
    expect(Array.from(again[0]!.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('∂L/∂W1 of a training step is made by its writer, equal bit for bit to the per-root plans, in every arena mode, and stays valid after the next run', () => {
    const together = compileSharedNetwork(roots, shapes, { backend: 'wasm' });
    const plan = together.plans[0]!;
    // the plan's operands, in its order
    const inputs = (s: number): StridedArray[] => together.inputs.map((name) => named(s)[name]!);
    const apart = compileNetwork(roots, shapes, { backend: 'wasm' });
    const writer = plan.steps.find((s) => s.output.kind === 'result' && s.output.index === 0)!;
    expect(plan.kernels[writer.kernel]!.wasm).toBeDefined();
    for (const runtime of [{ retainedArenaBytes: 2 ** 24 }, { retainedArenaBytes: 0 }, { retainedArenaBytes: 0, keptArenaBytes: 0 }]) {
      const fresh: FloatData[] = [];
      const copy: typeof copyOut = (from, at, to, start, length) => {
        const made = to === undefined ? freshCopy(from, at, length) : copyOut(from, at, to, start, length);
        if (to === undefined) fresh.push(made);
        return made;
      };
      const ready = instantiatePlan(plan, createKernelCache(), { keptArenaBytes: 2 ** 27, ...runtime }, undefined, copy);
      const runs = [1, 2].map((s) => {
        const results: DenseArray[] = [];
        fresh.length = 0;
        const output = ready.run(inputs(s), createBufferPool('float64'), results);
        return { values: [output, ...results], copies: [output, ...results].map((r) => Float64Array.from(r.data)), made: [...fresh] };
      });
      for (const [s, run] of runs.entries()) {
        // ∂L/∂W1 (result 0, after the value) is one of the arrays its writer made; the value (a JavaScript step's) is not
        expect(run.made).toContain(run.values[1]!.data);
        expect(run.made).not.toContain(run.values[0]!.data);
        const expected = apart.run(named(s + 1));
        // the first run's values are unchanged by the second
        run.values.forEach((v, k) => {
          expect(Array.from(v.data), `root ${k}`).toEqual(Array.from(expected[k]!.data));
          expect(Array.from(v.data)).toEqual(Array.from(run.copies[k]!));
        });
      }
    }
    // without a copy that makes arrays (the runtime's own), every result is allocated before the run as before
    const plain = instantiatePlan(plan, createKernelCache(), { retainedArenaBytes: 2 ** 24 });
    const results: DenseArray[] = [];
    const output = plain.run(inputs(1), createBufferPool('float64'), results);
    apart.run(named(1)).forEach((r, k) => expect(Array.from([output, ...results][k]!.data), `root ${k}`).toEqual(Array.from(r.data)));
  });
});
