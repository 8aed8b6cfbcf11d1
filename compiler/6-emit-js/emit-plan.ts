import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import type { LoweredPlan } from '../5-lower/lower-einsum.js';
import { emitKernel } from './emit-kernel.js';

/** Attaches each kernel's JavaScript source to the lowered plan: the plan the runtime executes. */
export function emitPlan(lowered: LoweredPlan): ExecutionPlan {
  return { ...lowered.layout, kernels: lowered.kernels.map((k) => ({ name: k.name, source: emitKernel(k) })) };
}
