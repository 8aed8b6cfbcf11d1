import type { BufferPool } from './buffer-pool.js';
import type { ExecutionPlan, ValueRef } from './execution-plan.js';
import type { KernelFunction } from './instantiate-kernel.js';
import { allocate, type DenseArray, type FloatData, type StridedArray } from './strided-array.js';

/**
 * Runs a plan: each step calls its kernel with (data, offset) for the output, then the inputs,
 * then scratch. Operands must have the shapes and strides the plan lists (the caller checks and
 * picks the plan); the result is a fresh dense array (`output` when the caller placed it). A plan
 * with further `results` puts them, fresh dense arrays too, in `results` (which must be empty).
 */
export function executePlan(plan: ExecutionPlan, kernels: readonly KernelFunction[],
  operands: readonly StridedArray[], pool: BufferPool, output: DenseArray = allocate(plan.outputShape, plan.dtype),
  results: DenseArray[] = []): DenseArray {
  const buffers: (FloatData | undefined)[] = new Array(plan.buffers.length);
  for (const shape of plan.results ?? []) results.push(allocate(shape, plan.dtype));
  const scratch = plan.scratchLength > 0 ? pool.take(plan.scratchLength) : undefined;
  const args: (ArrayLike<number> | number)[] = [];
  for (const step of plan.steps) {
    if (step.output.kind === 'buffer') buffers[step.output.index] = pool.take(plan.buffers[step.output.index]!);
    args.length = 0;
    push(args, step.output, operands, buffers, output, results);
    for (const ref of step.inputs) push(args, ref, operands, buffers, output, results);
    if (step.usesScratch) args.push(scratch!, 0);
    kernels[step.kernel]!.apply(undefined, args);
    for (const index of step.release) { pool.give(buffers[index]!); buffers[index] = undefined; }
  }
  if (scratch) pool.give(scratch);
  return output;
}

/** A value's (data, offset) pair onto the kernel's arguments (a plain function: no closure per run). */
function push(args: (ArrayLike<number> | number)[], ref: ValueRef, operands: readonly StridedArray[],
  buffers: readonly (FloatData | undefined)[], output: DenseArray, results: readonly DenseArray[]): void {
  switch (ref.kind) {
    case 'input': args.push(operands[ref.index]!.data, operands[ref.index]!.offset); return;
    case 'buffer': args.push(buffers[ref.index]!, 0); return;
    case 'output': args.push(output.data, 0); return;
    case 'result': args.push(results[ref.index]!.data, 0); return;
  }
}
