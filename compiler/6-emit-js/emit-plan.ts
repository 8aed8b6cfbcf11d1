import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import type { KernelIr } from '../../runtime/kernel-ir.js';
import type { Kernel } from '../5-lower/loop-ir.js';
import type { LoweredPlan } from '../5-lower/lower-network.js';
import { emitKernel } from './emit-kernel.js';

/**
 * Attaches each kernel's JavaScript source to the lowered plan, and its loop nest as plain data
 * (for the runtime's interpreter where eval is forbidden): the plan the runtime executes.
 */
export function emitPlan(lowered: LoweredPlan): ExecutionPlan {
  return { ...lowered.layout, kernels: lowered.kernels.map((k) => ({ name: k.name, source: emitKernel(k), ir: kernelIr(k) })) };
}

/** The loop nest the runtime interprets: the compiler's IR itself (assignable to the runtime's data shape). */
function kernelIr(k: Kernel): KernelIr {
  return { name: k.name, buffers: k.buffers.map((b) => ({ name: b.name, base: b.base })), body: k.body, ...(k.commonBase ? { commonBase: k.commonBase } : {}) };
}
