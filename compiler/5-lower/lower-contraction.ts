import type { ElementwiseFn, IndexName } from '../2-network/network.js';
import { checkPath } from '../4-contraction-order/check-path.js';
import { expandPath, type LinearPath } from '../4-contraction-order/contraction.js';
import { fuseMemoryBoundSteps } from '../4-contraction-order/fuse-steps.js';
import type { LoweringParameters } from './lowering-parameters.js';
import { lowerKernel } from './lower-kernel.js';
import type { PlanBuilder, PlanValue, StepTarget } from './plan-builder.js';
import { reachOf, stridesByIndex } from './step-spec.js';
import { rowMajorStrides } from '../../runtime/strided-array.js';

/** One factor of a contraction: a value with an index name per axis (names may repeat). */
export interface BoundValue {
  readonly value: PlanValue;
  readonly indices: readonly IndexName[];
}

export interface Contraction {
  readonly factors: readonly BoundValue[];
  readonly output: readonly IndexName[];
  readonly sizes: ReadonlyMap<IndexName, number>;
  /** A constant factor and an elementwise function, applied in the last step. */
  readonly scale: number;
  readonly map: ElementwiseFn | undefined;
  readonly path: LinearPath;
}

/**
 * Lowers a contraction step by step along its path, memory-bound steps on the same indices fused
 * into one (4-contraction-order/fuse-steps.ts: one loop nest over all their operands, no
 * intermediate; its kernel is named after its first step and the count, `step1_fused2_…`).
 * Intermediates are dense in the order the path gives them (kept indices of the first operand,
 * then of the second), so the producing step stores contiguously; the last step writes `target`.
 * `release` is attached to the last step.
 */
export function lowerContraction(builder: PlanBuilder, label: string, c: Contraction, params: LoweringParameters,
  target: StepTarget, release: readonly PlanValue[]): PlanValue {
  checkPath(c.path, c.factors.length, 'the path option');
  const problem = { inputs: c.factors.map((f) => f.indices), output: c.output, sizes: c.sizes };
  const fused = fuseMemoryBoundSteps(problem, c.path);
  let live: BoundValue[] = [...c.factors];
  let result: PlanValue | undefined;
  expandPath(problem, fused.path).forEach((step, s) => {
    const consumed = step.positions.map((p) => live[p]!);
    const isLast = s === fused.path.length - 1;
    const done = fused.steps[s]!;
    const indices = isLast ? c.output : step.result;
    const shape = indices.map((i) => c.sizes.get(i)!);
    const output = { shape, stride: stridesByIndex(indices, rowMajorStrides(shape)) };
    const name = done.length === 1 ? `${label}${done[0]! + 1}` : `${label}${done[0]! + 1}_fused${done.length}`;
    const kernel = lowerKernel(name, {
      operands: consumed.map((f) => ({ strides: stridesByIndex(f.indices, f.value.stride), reach: reachOf(f.value.shape, f.value.stride) })),
      output: indices, outputStrides: output.stride, sizes: c.sizes, scale: isLast ? c.scale : 1, map: isLast ? c.map : undefined,
    }, params, builder.dtype);
    const internal = consumed.filter((f) => !c.factors.includes(f)).map((f) => f.value);
    result = builder.step(kernel, consumed.map((f) => f.value), shape, isLast ? target : 'buffer', isLast ? [...internal, ...release] : internal);
    live = [...live.filter((_, k) => !step.positions.includes(k)), { value: result, indices }];
  });
  return result!;
}
