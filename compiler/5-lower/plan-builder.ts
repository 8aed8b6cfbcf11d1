import type { PlanStep, ValueRef } from '../../runtime/execution-plan.js';
import { rowMajorStrides, type DType } from '../../runtime/strided-array.js';
import type { Kernel } from './loop-ir.js';

/** A tensor available while a plan is built: where it lives, its shape and its axis strides. */
export interface PlanValue {
  readonly ref: ValueRef;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** Where a step writes: a fresh intermediate buffer, the plan's output, or its further result `result`. */
export type StepTarget = 'buffer' | 'output' | { readonly result: number };

/**
 * Collects kernels and steps for one plan (owned by one lowering call). Each kernel writes a fresh
 * dense buffer, the plan's output or one of its further results; `release` names values whose
 * last use is that step.
 */
export interface PlanBuilder {
  /** The element type of the plan (the GEMM form computes in it). */
  readonly dtype: DType;
  step(kernel: Kernel, inputs: readonly PlanValue[], shape: readonly number[], target: StepTarget,
    release: readonly PlanValue[]): PlanValue;
  readonly kernels: readonly Kernel[];
  readonly steps: readonly PlanStep[];
  /** Element counts of the intermediate buffers. */
  readonly buffers: readonly number[];
}

export function createPlanBuilder(dtype: DType): PlanBuilder {
  const kernels: Kernel[] = [];
  const steps: PlanStep[] = [];
  const buffers: number[] = [];
  return {
    dtype, kernels, steps, buffers,
    step(kernel, inputs, shape, target, release) {
      const ref: ValueRef = target === 'output' ? { kind: 'output' }
        : target === 'buffer' ? { kind: 'buffer', index: buffers.length } : { kind: 'result', index: target.result };
      if (target === 'buffer') buffers.push(Math.max(1, shape.reduce((p, n) => p * n, 1)));
      const released = release.flatMap((v) => (v.ref.kind === 'buffer' ? [v.ref.index] : []));
      steps.push({ kernel: kernels.length, output: ref, inputs: inputs.map((v) => v.ref), usesScratch: kernel.scratchLength > 0, release: released });
      // float32 kernels are named apart: a kernel cache keyed by source would otherwise hand one
      // function both Float64Array and Float32Array buffers, and V8 then runs it polymorphic
      kernels.push(dtype === 'float32' ? { ...kernel, name: `${kernel.name}_f32` } : kernel);
      return { ref, shape, stride: rowMajorStrides(shape) };
    },
  };
}
