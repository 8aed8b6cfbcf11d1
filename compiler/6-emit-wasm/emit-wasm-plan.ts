import type { ExecutionPlan, WasmKernelSource } from '../../runtime/execution-plan.js';
import type { LoweredPlan } from '../5-lower/lower-einsum.js';
import type { Kernel } from '../5-lower/loop-ir.js';
import type { MatmulStep } from '../5-lower/matmul-step.js';
import { emitMatmul } from './emit-matmul.js';
import { float32, float64 } from './simd-element.js';
import { WasmCode } from './wasm-code.js';
import { kernelModule, toBase64 } from './wasm-module.js';

/** Which GEMM-shaped steps get a WebAssembly kernel: all of them, or those where it pays. */
export type WasmPolicy = 'every-matmul' | 'when-it-pays';

/**
 * Below this many multiply-adds (or with fewer than 4 rows or columns) the JavaScript kernel is
 * as fast: staging copies and the call cost more than SIMD saves. Measured with bench/kernels.ts.
 */
const paysFromWork = 4096;

/** Byte addresses are i32: a kernel whose buffers span more than 1 GiB stays JavaScript. */
const largestKernelBytes = 2 ** 30;

export function wasmPays(step: MatmulStep): boolean {
  return step.rows >= 4 && step.columns >= 4 && step.depth >= 4 &&
    step.outer.reduce((n, l) => n * l.extent, step.rows * step.columns * step.depth) >= paysFromWork;
}

/** The kernel's GEMM form, blocked as 5-lower decided, as a WebAssembly module, or undefined when it has none. */
export function emitWasmKernel(kernel: Kernel): WasmKernelSource | undefined {
  const step = kernel.matmul;
  if (step === undefined) return undefined;
  const el = step.dtype === 'float32' ? float32 : float64;
  const span = kernel.buffers.reduce((sum, b) => sum + (b.reach.max - b.reach.min + 1) * el.bytes, 0);
  if (span > largestKernelBytes) return undefined;
  const code = new WasmCode(4);
  const first = step.outer[0];
  if (!step.blocking.sliced || first === undefined) {
    emitMatmul(code, step, el);
    const reach = kernel.buffers.filter((b) => b.role !== 'scratch').map((b) => b.reach);
    return { module: toBase64(kernelModule(code, 4)), reach, scratchBytes: step.blocking.scratchLength * el.bytes };
  }
  const slice: MatmulStep = { ...step, outer: step.outer.slice(1), outputLength: first.output };
  emitMatmul(code, slice, el);
  const [left, right] = [sliceReach(slice, 'left'), sliceReach(slice, 'right')];
  const inputs = step.leftInput === 0 ? [left, right] : [right, left];
  const strides = step.leftInput === 0 ? [first.left, first.right] : [first.right, first.left];
  return {
    module: toBase64(kernelModule(code, 4)), reach: [{ min: 0, max: slice.outputLength - 1 }, ...inputs],
    scratchBytes: step.blocking.scratchLength * el.bytes, slices: { count: first.extent, strides: [first.output, ...strides] },
  };
}

/** The elements one slice of an operand spans from its base: Σ over its loops of min/max(0, (n−1)·s). */
function sliceReach(slice: MatmulStep, operand: 'left' | 'right'): { min: number; max: number } {
  const loops: (readonly [number, number])[] = [
    ...slice.outer.map((l) => [l.extent, operand === 'left' ? l.left : l.right] as const),
    ...(operand === 'left'
      ? [[slice.rows, slice.left.row], [slice.depth, slice.left.depth]] as const
      : [[slice.depth, slice.right.depth], [slice.columns, slice.right.column]] as const),
  ];
  return loops.reduce((r, [n, s]) => ({ min: r.min + Math.min(0, (n - 1) * s), max: r.max + Math.max(0, (n - 1) * s) }), { min: 0, max: 0 });
}

/** Attaches WebAssembly (f64x2 or f32x4, as the plan's dtype) to the GEMM-shaped kernels the policy selects. */
export function withWasmKernels(plan: ExecutionPlan, lowered: LoweredPlan, policy: WasmPolicy): ExecutionPlan {
  const kernels = plan.kernels.map((source, k) => {
    const kernel = lowered.kernels[k]!;
    const chosen = kernel.matmul !== undefined && (policy === 'every-matmul' || wasmPays(kernel.matmul));
    const wasm = chosen ? emitWasmKernel(kernel) : undefined;
    return wasm ? { ...source, wasm } : source;
  });
  return { ...plan, kernels };
}
