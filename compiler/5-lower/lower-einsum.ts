import type { EinsumSpec } from '../2-network/einsum-spec.js';
import type { LinearPath } from '../4-contraction-order/contraction.js';
import type { DType } from '../../runtime/strided-array.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import type { Kernel } from './loop-ir.js';
import type { LoweringParameters } from './lowering-parameters.js';
import { lowerContraction } from './lower-contraction.js';
import { createPlanBuilder, type PlanValue } from './plan-builder.js';

/** A lowered plan: the plan's data and one loop-nest kernel per step (sources come from 6-emit-js). */
export interface LoweredPlan {
  readonly layout: Omit<ExecutionPlan, 'kernels'>;
  readonly kernels: readonly Kernel[];
}

/** Lowers an einsum along `path` for operands laid out with `strides`; the last step writes the output. */
export function lowerEinsum(spec: EinsumSpec, path: LinearPath, strides: readonly (readonly number[])[],
  dtype: DType, params: LoweringParameters): LoweredPlan {
  const shapes = spec.inputs.map((indices) => indices.map((i) => spec.sizes.get(i)!));
  const factors = spec.inputs.map((indices, k) => ({
    indices, value: { ref: { kind: 'input', index: k }, shape: shapes[k]!, stride: strides[k]! } satisfies PlanValue,
  }));
  const builder = createPlanBuilder(dtype);
  const result = lowerContraction(builder, 'step', { factors, output: spec.output, sizes: spec.sizes, scale: 1, map: undefined, path }, params, 'output', []);
  return {
    kernels: builder.kernels,
    layout: {
      dtype,
      inputs: shapes.map((shape, k) => ({ shape, stride: [...strides[k]!] })),
      buffers: builder.buffers,
      scratchLength: Math.max(0, ...builder.kernels.map((k) => k.scratchLength)),
      outputShape: result.shape,
      steps: builder.steps,
    },
  };
}
