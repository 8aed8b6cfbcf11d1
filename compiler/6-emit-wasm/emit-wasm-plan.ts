import type { ExecutionPlan, WasmKernelSource } from '../../runtime/execution-plan.js';
import type { LoweredPlan } from '../5-lower/lower-network.js';
import type { Kernel } from '../5-lower/loop-ir.js';
import { gemmSlice, type MatmulStep } from '../5-lower/matmul-step.js';
import { emitMatmul } from './emit-matmul.js';
import { float32, float64 } from './simd-element.js';
import { WasmCode } from './wasm-code.js';
import { kernelModule, toBase64 } from './wasm-module.js';

/**
 * Which GEMM-shaped steps get a WebAssembly kernel: all of them (the emitter's own tests), every
 * matrix product (`backend: 'wasm'`), or those where it pays (`'auto'`).
 */
export type WasmPolicy = 'every-matmul' | 'every-matrix-product' | 'when-it-pays';

/**
 * Below this many multiply-adds (or with fewer than 4 rows or columns) the JavaScript kernel is
 * as fast: staging copies and the call cost more than SIMD saves. Measured with bench/kernels.ts.
 */
const paysFromWork = 4096;

/** Byte addresses are i32: a kernel whose buffers span more than 1 GiB stays JavaScript. */
const largestKernelBytes = 2 ** 30;

/**
 * A GEMM form with one row or one column is a matrix–vector product (`ij,j->i`, the `x·A` step of
 * a bilinear form, a dot product): the micro-kernel would pack the whole matrix into panels and
 * then read it once, where the JavaScript dot-product and streaming kernels read it once in place
 * (forced WebAssembly ran `ij,j->i` 2048 3.6× slower than JavaScript, 19 against 5.3 ms).
 */
export function isMatrixProduct(step: MatmulStep): boolean {
  return step.rows > 1 && step.columns > 1;
}

export function wasmPays(step: MatmulStep): boolean {
  return step.rows >= 4 && step.columns >= 4 && step.depth >= 4 &&
    step.outer.reduce((n, l) => n * l.extent, step.rows * step.columns * step.depth) >= paysFromWork;
}

/**
 * The kernel's GEMM form, blocked as 5-lower decided, as a WebAssembly module, or undefined when
 * it has none. `shared`: the module imports a shared memory (every kernel of a threaded plan).
 */
export function emitWasmKernel(kernel: Kernel, shared = false): WasmKernelSource | undefined {
  const step = kernel.matmul;
  if (step === undefined) return undefined;
  const el = step.dtype === 'float32' ? float32 : float64;
  const span = kernel.buffers.reduce((sum, b) => sum + (b.reach.max - b.reach.min + 1) * el.bytes, 0);
  if (span > largestKernelBytes) return undefined;
  const scratchBytes = step.blocking.scratchLength * el.bytes;
  const module = (form: MatmulStep): string => {
    const code = new WasmCode(4);
    emitMatmul(code, form, el);
    return toBase64(kernelModule(code, 4, shared));
  };
  const inputs = step.leftInput === 0 ? (['left', 'right'] as const) : (['right', 'left'] as const);
  const slice = gemmSlice(step);
  if (slice === undefined) {
    const reach = kernel.buffers.filter((b) => b.role !== 'scratch').map((b) => b.reach);
    const parts = step.parts?.map((p) => {
      const offsets = [p.offset.output, ...inputs.map((o) => p.offset[o])];
      const partSlice = gemmSlice(p.form);
      if (partSlice === undefined) return { module: module(p.form), offsets, reach: [p.reach.output, ...inputs.map((o) => p.reach[o])] };
      return {
        module: module(partSlice.form), offsets, reach: [partSlice.reach.output, ...inputs.map((o) => partSlice.reach[o])],
        slices: { count: partSlice.count, strides: [partSlice.stride.output, ...inputs.map((o) => partSlice.stride[o])] },
      };
    });
    return { module: module(step), reach, scratchBytes, ...(parts ? { parts } : {}) };
  }
  return {
    module: module(slice.form), scratchBytes,
    reach: [slice.reach.output, ...inputs.map((o) => slice.reach[o])],
    slices: { count: slice.count, strides: [slice.stride.output, ...inputs.map((o) => slice.stride[o])] },
  };
}

/**
 * Attaches WebAssembly (f64x2 or f32x4, as the plan's dtype) to the GEMM-shaped kernels the policy
 * selects. A plan with a step split across threads has all its modules import a shared memory.
 */
export function withWasmKernels(plan: ExecutionPlan, lowered: LoweredPlan, policy: WasmPolicy): ExecutionPlan {
  const chosen = lowered.kernels.map(({ matmul }) => matmul !== undefined &&
    (policy === 'every-matmul' || (policy === 'when-it-pays' ? wasmPays(matmul) : isMatrixProduct(matmul))));
  const shared = lowered.kernels.some((kernel, k) => chosen[k] && kernel.matmul?.parts !== undefined);
  const kernels = plan.kernels.map((source, k) => {
    const wasm = chosen[k] ? emitWasmKernel(lowered.kernels[k]!, shared) : undefined;
    return wasm ? { ...source, wasm } : source;
  });
  const threaded = kernels.some((k) => k.wasm?.parts !== undefined);
  return { ...plan, kernels, ...(threaded ? { sharedMemory: true } : {}) };
}
