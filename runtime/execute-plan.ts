import type { BufferPool } from './buffer-pool.js';
import type { ExecutionPlan, ValueRef } from './execution-plan.js';
import type { KernelFunction } from './instantiate-kernel.js';
import { allocate, rowMajorStrides, type DenseArray, type FloatData, type StridedArray } from './strided-array.js';

/**
 * Runs a plan: each step calls its kernel with (data, offset) for the output, then the inputs,
 * then scratch. Operands must have the shapes and strides the plan lists (the caller checks and
 * picks the plan); the result is a fresh dense array (`output` when the caller placed it). A plan
 * with further `results` puts them, fresh dense arrays too, in `results` (which must be empty).
 * Result k with `made[k]` is not allocated: its one writer, a WebAssembly kernel writing it whole,
 * is given no array and returns a fresh one (instantiate-plan.ts decides which).
 */
export function executePlan(plan: ExecutionPlan, kernels: readonly KernelFunction[],
  operands: readonly StridedArray[], pool: BufferPool, output: DenseArray = allocate(plan.outputShape, plan.dtype),
  results: DenseArray[] = [], made?: readonly boolean[]): DenseArray {
  const buffers: (FloatData | undefined)[] = new Array(plan.buffers.length);
  // a result its writer makes is a hole until then (passed to it as undefined data)
  plan.results?.forEach((shape, k) => results.push(made?.[k] ? undefined! : allocate(shape, plan.dtype)));
  const scratch = plan.scratchLength > 0 ? pool.take(plan.scratchLength) : undefined;
  const args: (ArrayLike<number> | number | undefined)[] = [];
  for (const step of plan.steps) {
    if (step.output.kind === 'buffer') buffers[step.output.index] = pool.take(plan.buffers[step.output.index]!);
    // written in place (no truncate-and-push per step: a tiny plan's run is mostly this bookkeeping)
    let n = put(args, 0, step.output, operands, buffers, output, results);
    for (let k = 0; k < step.inputs.length; k++) n = put(args, n, step.inputs[k]!, operands, buffers, output, results);
    if (step.usesScratch) { args[n++] = scratch!; args[n++] = 0; }
    if (args.length !== n) args.length = n;
    const fresh = kernels[step.kernel]!.apply(undefined, args);
    if (step.output.kind === 'result' && !results[step.output.index]) {
      const shape = plan.results![step.output.index]!;
      results[step.output.index] = { data: fresh as FloatData, shape: [...shape], stride: rowMajorStrides(shape), offset: 0 };
    }
    for (const index of step.release) { pool.give(buffers[index]!); buffers[index] = undefined; }
  }
  if (scratch) pool.give(scratch);
  return output;
}

/** A value's (data, offset) pair into the kernel's arguments at `at`; returns the next position (a plain function: no closure per run). */
function put(args: (ArrayLike<number> | number | undefined)[], at: number, ref: ValueRef, operands: readonly StridedArray[],
  buffers: readonly (FloatData | undefined)[], output: DenseArray, results: readonly DenseArray[]): number {
  switch (ref.kind) {
    case 'input': args[at] = operands[ref.index]!.data; args[at + 1] = operands[ref.index]!.offset; break;
    case 'buffer': args[at] = buffers[ref.index]!; args[at + 1] = 0; break;
    case 'output': args[at] = output.data; args[at + 1] = 0; break;
    case 'result': args[at] = results[ref.index]?.data; args[at + 1] = 0; break;
  }
  return at + 2;
}
