import type { ExecutionPlan, WasmKernelSource } from '../../runtime/execution-plan.js';
import type { LoweredPlan } from '../5-lower/lower-network.js';
import type { Kernel } from '../5-lower/loop-ir.js';
import { sumStepOf, type SumStep } from '../5-lower/sum-step.js';
import { emitSum, sumRenders } from './emit-sum.js';
import type { WasmPolicy } from './emit-wasm-plan.js';
import { WasmCode } from './wasm-code.js';
import { kernelModule, toBase64 } from './wasm-module.js';

/**
 * A sum pays from this many values: through tanh (Math.tanh costs ~9 ns a value, the SIMD form
 * ~3; a call and staging a few µs), or plain when it reads and writes only intermediates — they
 * are in the arena, so nothing is staged (JavaScript ~1.3 ns a value, SIMD ~0.3).
 */
const sumPaysFromValues = 512;

/** Byte addresses are i32: a kernel whose buffers span more than 1 GiB stays JavaScript. */
const largestKernelBytes = 2 ** 30;

/** Whether a sum's SIMD kernel pays (`inArena`: its step reads and writes only intermediates). */
export function sumPays(step: SumStep, inArena: boolean): boolean {
  return (step.map !== undefined || inArena) && step.outer.reduce((n, l) => n * l.extent, step.columns) >= sumPaysFromValues;
}

/**
 * Attaches WebAssembly to the sum kernels of a network's plan that have a SIMD form and pay (any
 * sum through tanh on backend 'wasm'): a module `kernel(output, addend…, scratch)`, the scratch
 * address unused. Only networks have sums (an einsum's plan never does), so einsum bundles leave
 * this out. Call before kernels are shared (one step per kernel, in order).
 */
export function withWasmSums(plan: ExecutionPlan, lowered: LoweredPlan, policy: WasmPolicy): ExecutionPlan {
  const kernels = plan.kernels.map((source, k) => {
    const layout = lowered.kernels[k]!.sum;
    const step = layout === undefined ? undefined : sumStepOf(layout);
    const refs = [plan.steps[k]!.output, ...plan.steps[k]!.inputs];
    const chosen = step !== undefined && sumRenders(step)
      && (policy !== 'when-it-pays' && step.map !== undefined || sumPays(step, refs.every((r) => r.kind === 'buffer')));
    const wasm = chosen ? sumKernel(lowered.kernels[k]!, step, plan.sharedMemory === true) : undefined;
    return wasm ? { ...source, wasm } : source;
  });
  return { ...plan, kernels };
}

function sumKernel(kernel: Kernel, step: SumStep, shared: boolean): WasmKernelSource | undefined {
  const reach = kernel.buffers.filter((b) => b.role !== 'scratch').map((b) => b.reach);
  if (reach.reduce((sum, r) => sum + (r.max - r.min + 1) * 8, 0) > largestKernelBytes) return undefined;
  const code = new WasmCode(reach.length + 1);
  emitSum(code, step);
  return { module: toBase64(kernelModule(code, reach.length + 1, shared)), reach, scratchBytes: 0 };
}
