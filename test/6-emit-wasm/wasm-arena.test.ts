import { describe, expect, it } from 'vitest';
import { defaultRuntimeOptions } from '../../runtime/runtime-options.js';
import { createBufferPool } from '../../runtime/buffer-pool.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import { instantiatePlan } from '../../runtime/instantiate-plan.js';
import { arenaBytes } from '../../runtime/wasm-arena.js';
import { randomOperands, referenceEinsum } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { emitPlan } from '../../compiler/6-emit-js/emit-plan.js';
import { withWasmKernels } from '../../compiler/6-emit-wasm/emit-wasm-plan.js';
import { rowMajorStrides, type DType } from '../../runtime/strided-array.js';
import { arenaModes, asFloat32, wasmKernelCount, wasmPlan } from './wasm-support.js';

const { retainedArenaBytes } = defaultRuntimeOptions;
const pool = createBufferPool('float64');

/** A chain of two products: the intermediate lives in the arena between the WebAssembly steps. */
const chain = { subscripts: 'ij,jk,kl->il', shapes: [[9, 13], [13, 11], [11, 7]], path: [[0, 1], [0, 1]] };

describe('WebAssembly arenas', () => {
  it('keeps a small arena across runs, with results equal to the reference evaluator', () => {
    const plan = wasmPlan(chain.subscripts, chain.shapes, chain.path);
    expect(wasmKernelCount(plan)).toBe(2);
    const ready = instantiatePlan(plan, createKernelCache(), defaultRuntimeOptions);
    const retained = ready.retainedBytes();
    expect(retained).toBe(arenaBytes(plan));
    for (let seed = 0; seed < 3; seed++) {
      const dense = randomOperands(chain.shapes, seed);
      expect(maxScaledDiff(ready.run(dense, pool), referenceEinsum(chain.subscripts, dense))).toBeLessThan(1e-12);
      expect(ready.retainedBytes()).toBe(retained);
    }
  });

  it('makes an arena larger than both limits for each run and keeps none, results unchanged', () => {
    const plan = wasmPlan(chain.subscripts, chain.shapes, chain.path);
    const ready = instantiatePlan(plan, createKernelCache(), { retainedArenaBytes: arenaBytes(plan) - 1, keptArenaBytes: 0 });
    for (let seed = 0; seed < 3; seed++) {
      const dense = randomOperands(chain.shapes, seed);
      expect(maxScaledDiff(ready.run(dense, pool), referenceEinsum(chain.subscripts, dense))).toBeLessThan(1e-12);
      expect(ready.retainedBytes()).toBe(0);
    }
  });

  it('drops an arena past both limits after each run (an 18 MB product output, nothing kept by the cache)', () => {
    const shapes = [[1500, 4], [4, 1500]];
    const plan = wasmPlan('ij,jk->ik', shapes, [[0, 1]]);
    expect(arenaBytes(plan)).toBeGreaterThan(retainedArenaBytes);
    const ready = instantiatePlan(plan, createKernelCache(), { retainedArenaBytes, keptArenaBytes: arenaBytes(plan) - 1 });
    const dense = randomOperands(shapes, 1);
    const expected = referenceEinsum('ij,jk->ik', dense);
    for (let run = 0; run < 2; run++) {
      expect(maxScaledDiff(ready.run(dense, pool), expected)).toBeLessThan(1e-12);
      expect(ready.retainedBytes()).toBe(0);
    }
  });

  it('keeps a large arena in the cache for the plans run last, within keptArenaBytes in all (least recently run dropped)', () => {
    const shapes = [[1500, 4], [4, 1500]];
    const [first, second] = [wasmPlan('ij,jk->ik', shapes, [[0, 1]]), wasmPlan('ij,jk->ki', shapes, [[0, 1]])];
    const bytes = arenaBytes(first);
    expect(bytes).toBeGreaterThan(retainedArenaBytes);
    expect(arenaBytes(second)).toBe(bytes);
    const cache = createKernelCache();
    const runtime = { retainedArenaBytes, keptArenaBytes: bytes + bytes / 2 };
    const [a, b] = [instantiatePlan(first, cache, runtime), instantiatePlan(second, cache, runtime)];
    const dense = [randomOperands(shapes, 1), randomOperands(shapes, 2)];
    const check = (ready: typeof a, subscripts: string, operands: typeof dense[0]): void => {
      const result = ready.run(operands, pool);
      // a kept arena's output is copied out: the result is its own array, not a view into the arena
      expect(result.data.buffer.byteLength).toBe(result.data.length * 8);
      expect(maxScaledDiff(result, referenceEinsum(subscripts, operands))).toBeLessThan(1e-12);
    };
    check(a, 'ij,jk->ik', dense[0]!);
    expect([a.retainedBytes(), b.retainedBytes(), cache.wasm.arenas.bytes]).toEqual([bytes, 0, bytes]);
    const kept = a.run(dense[1]!, pool);
    const snapshot = Float64Array.from(kept.data);
    check(a, 'ij,jk->ik', dense[0]!);
    expect(Float64Array.from(kept.data)).toEqual(snapshot);
    check(b, 'ij,jk->ki', dense[1]!);
    expect([a.retainedBytes(), b.retainedBytes(), cache.wasm.arenas.bytes]).toEqual([0, bytes, bytes]);
    check(a, 'ij,jk->ik', dense[1]!);
    expect([a.retainedBytes(), b.retainedBytes()]).toEqual([bytes, 0]);
  });

  it('writes the output of a one-run arena in place: each result owns its own memory, later runs leave it alone', () => {
    const plan = wasmPlan(chain.subscripts, chain.shapes, chain.path);
    const ready = instantiatePlan(plan, createKernelCache(), { retainedArenaBytes: 0, keptArenaBytes: 0 });
    const [first, second] = [randomOperands(chain.shapes, 1), randomOperands(chain.shapes, 2)];
    const a = ready.run(first, pool);
    const snapshot = Float64Array.from(a.data);
    const b = ready.run(second, pool);
    expect(a.data.buffer).not.toBe(b.data.buffer);
    // the result is a view at the end of the run's arena, not a separate JavaScript array
    expect(a.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(a.data.byteOffset + a.data.byteLength).toBeLessThanOrEqual(a.data.buffer.byteLength);
    expect(a.data.byteOffset).toBeGreaterThan(0);
    expect(Float64Array.from(a.data)).toEqual(snapshot);
    expect(maxScaledDiff(a, referenceEinsum(chain.subscripts, first))).toBeLessThan(1e-12);
    expect(maxScaledDiff(b, referenceEinsum(chain.subscripts, second))).toBeLessThan(1e-12);
  });

  it('stages none of the output of a one-run arena, which it writes in place: a result holds little more memory alive than itself and its staged inputs', () => {
    // 300×64 · 64×300: staging the 720 KB output beside it held 1.77 MB alive per result (2.46× its size)
    for (const [subscripts, shapes] of [['ij,jk->ik', [[300, 64], [64, 300]]], ['bij,bjk->bik', [[8, 100, 64], [8, 64, 100]]]] as const) {
      const plan = wasmPlan(subscripts, shapes as unknown as number[][], [[0, 1]]);
      const ready = instantiatePlan(plan, createKernelCache(), { retainedArenaBytes: 0, keptArenaBytes: 0 });
      const operands = randomOperands(shapes as unknown as number[][], 3);
      const result = ready.run(operands, pool);
      const inputBytes = operands.reduce((sum, o) => sum + o.data.byteLength, 0);
      const scratch = Math.max(0, ...plan.kernels.map((k) => k.wasm?.scratchBytes ?? 0));
      // the output, the inputs staged, the packing scratch, and at most a page of alignment
      expect(result.data.buffer.byteLength, subscripts).toBeLessThanOrEqual(result.data.byteLength + inputBytes + scratch + 2 * 65536);
      expect(maxScaledDiff(result, referenceEinsum(subscripts, operands)), subscripts).toBeLessThan(1e-12);
    }
  });

  it('gives a JavaScript step its packing scratch in a plan whose WebAssembly steps pack in the arena (every arena mode, f64 and f32)', () => {
    // 40³ first (WebAssembly), then 3 rows against it: too few rows for WebAssembly, packed in JavaScript (packMinimum 2)
    // (3·40·30 multiply-adds: too few for a memory-bound SIMD kernel to stage them, so the JavaScript kernel runs)
    const [subscripts, shapes] = ['ab,bc,cd->ad', [[3, 40], [40, 40], [40, 30]]] as const;
    for (const dtype of ['float64', 'float32'] as DType[]) {
      const lowered = lowerEinsum(resolveEinsum(subscripts, shapes), [[1, 2], [0, 1]], shapes.map((s) => rowMajorStrides(s)), dtype,
        { ...defaultLoweringParameters, packMinimum: 2 });
      const plan = withWasmKernels(emitPlan(lowered), lowered, 'when-it-pays');
      // (a GEMM kernel, or none: the second step's memory-bound SIMD form reads an operand, so its JavaScript kernel runs)
      const kinds = plan.steps.map((s) => [plan.kernels[s.kernel]!.wasm !== undefined && plan.kernels[s.kernel]!.wasm!.stream !== 'in-place', s.usesScratch]);
      expect(kinds).toEqual([[true, true], [false, true]]);
      for (const runtime of arenaModes) {
        const ready = instantiatePlan(plan, createKernelCache(), { ...defaultRuntimeOptions, ...runtime });
        for (let seed = 0; seed < 2; seed++) {
          const dense = randomOperands(shapes.map((s) => [...s]), seed);
          const given = dtype === 'float32' ? dense.map(asFloat32) : dense;
          const result = ready.run(given, createBufferPool(dtype));
          expect(result.data).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
          expect(maxScaledDiff(result, referenceEinsum(subscripts, given))).toBeLessThan(dtype === 'float32' ? 1e-5 : 1e-12);
        }
      }
    }
  });
});
