import type { ExecutionPlan, WasmKernelSource } from '../../runtime/execution-plan.js';
import type { LoweredPlan } from '../5-lower/lower-network.js';
import type { Kernel } from '../5-lower/loop-ir.js';
import { gemmSlice, type MatmulStep } from '../5-lower/matmul-step.js';
import { streamWork, type StreamStep } from '../5-lower/stream-step.js';
import { emitMatmul } from './emit-matmul.js';
import { emitStream } from './emit-stream.js';
import { emitTranspose } from './emit-transpose.js';
import { transposeWork, type TransposeStep } from '../5-lower/transpose-step.js';
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

/**
 * A memory-bound step's SIMD kernel reads in place (intermediates, inputs resident in the arena)
 * from this many products (a call is ~0.1 µs); it also stages operands from JavaScript arrays
 * where that pays (`stagingPays`), from `stagedPaysFromWork` products.
 */
const streamPaysFromWork = 1024;
const stagedPaysFromWork = 4096;
/** Inputs and output of a staged memory-bound step at most: they stay in this core's L2 cache. */
const stagedBytes = 2 ** 20;

/**
 * Whether copying a memory-bound step's operands into the arena and running SIMD beats the
 * JavaScript kernel reading them in place: while they are in cache. Measured (same-process A/B,
 * staged / JavaScript time): float32 matrix–vector steps 256²–512² 0.26–0.41 on a loaded machine
 * (float32 JavaScript kernels convert each element to double and back), float64 64²–256² 0.6–0.77,
 * float32 products within 1 MiB 0.5–0.7. From DRAM the copy triples the memory traffic: float32
 * 1024² 0.8–1.03, 2048² 0.72–0.93 on a quieter machine but 1.0–1.6 under load, float64 512² 1.6–2.2;
 * float64 products never clearly pay (0.72–1.74).
 */
function stagingPays(step: StreamStep, bytes: number): boolean {
  return streamWork(step) >= stagedPaysFromWork && bytes <= stagedBytes && (step.kind !== 'map' || step.dtype === 'float32');
}

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
 * The kernel's stream form (a memory-bound step) as a WebAssembly module, run only where its
 * operands are in the arena (`stream: 'in-place'`) unless staging them pays, or undefined when it has none.
 */
export function emitStreamKernel(kernel: Kernel, shared = false): WasmKernelSource | undefined {
  const step = kernel.stream;
  if (step === undefined) return undefined;
  const el = step.dtype === 'float32' ? float32 : float64;
  const reach = kernel.buffers.filter((b) => b.role !== 'scratch').map((b) => b.reach);
  if (reach.reduce((sum, r) => sum + (r.max - r.min + 1) * el.bytes, 0) > largestKernelBytes) return undefined;
  const code = new WasmCode(reach.length + 1);
  emitStream(code, step, el);
  const staged = stagingPays(step, reach.reduce((sum, r) => sum + (r.max - r.min + 1) * el.bytes, 0));
  return { module: toBase64(kernelModule(code, reach.length + 1, shared)), reach, scratchBytes: 0, stream: staged ? 'staged' : 'in-place' };
}

/**
 * The kernel's transpose form as a WebAssembly module, or undefined when it has none: read in
 * place (its input in the arena: an intermediate or a resident input), staged from JavaScript
 * arrays only for float32 within `stagedBytes`. Measured (same process, CPU time, loaded machine,
 * staged / JavaScript kernel): float32 128²–300² 0.46–0.50 into an `out`, 0.84–0.86 with a fresh
 * result; 512² (2 MiB) and 1000² 0.95–1.04; float64 1.08–2.5 at every size (the JavaScript
 * kernel moves doubles as fast as the copies in and out cost).
 */
export function emitTransposeKernel(kernel: Kernel, shared = false): WasmKernelSource | undefined {
  const step = kernel.transpose;
  if (step === undefined) return undefined;
  const el = step.dtype === 'float32' ? float32 : float64;
  const reach = kernel.buffers.filter((b) => b.role !== 'scratch').map((b) => b.reach);
  const bytes = reach.reduce((sum, r) => sum + (r.max - r.min + 1) * el.bytes, 0);
  if (bytes > largestKernelBytes) return undefined;
  const code = new WasmCode(reach.length + 1);
  emitTranspose(code, step, el);
  const staged = step.dtype === 'float32' && bytes <= stagedBytes;
  return { module: toBase64(kernelModule(code, reach.length + 1, shared)), reach, scratchBytes: 0, stream: staged ? 'staged' : 'in-place' };
}

/**
 * Whether a transpose form gets its SIMD kernel: on backend 'wasm' always; on 'auto' from
 * `streamPaysFromWork` elements, float64 only when it writes intermediates (in the arena). Measured
 * (SIMD / JavaScript, same process, CPU time, loaded machine): kernel alone in the arena float64
 * 0.65–0.93 at 512²–2048², float32 0.16–0.51; on a resident input with a fresh result (copied out
 * of the arena, its pages first touched there) float32 0.75–0.96 at 512²–2048², float64 0.88 at
 * 1000² but 1.06 at 512² and 1.21 at 2048²: the JavaScript kernel first touches the fresh result
 * itself, the copy out costs what SIMD saved.
 */
export function transposePays(step: TransposeStep, policy: WasmPolicy, writesIntermediates: boolean): boolean {
  if (policy === 'every-matrix-product') return true;
  return policy === 'when-it-pays' && transposeWork(step) >= streamPaysFromWork && (step.dtype === 'float32' || writesIntermediates);
}

/**
 * Whether a stream form gets its SIMD kernel: on backend 'wasm' always, on 'auto' from
 * `streamPaysFromWork`, a float64 elementwise map only when it writes intermediates (in the arena),
 * as for transposes: its result as large as its inputs, copied out of the arena and first touched
 * there, costs what SIMD saved. Measured on resident inputs with a fresh result (same process, CPU
 * time, SIMD / JavaScript kernel): float64 Hadamard 128²–1024² 1.08–1.18, outer 1024² 1.53, a
 * three-operand chain 1.09; float32 0.54–0.83.
 */
export function streamPays(step: StreamStep, policy: WasmPolicy, writesIntermediates: boolean): boolean {
  if (policy === 'every-matrix-product') return true;
  return policy === 'when-it-pays' && streamWork(step) >= streamPaysFromWork && (step.kind !== 'map' || step.dtype === 'float32' || writesIntermediates);
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
    const kernel = lowered.kernels[k]!;
    const intermediates = plan.steps.every((s) => s.kernel !== k || s.output.kind === 'buffer');
    const stream = !chosen[k] && kernel.stream !== undefined && streamPays(kernel.stream, policy, intermediates);
    const transpose = kernel.transpose !== undefined && transposePays(kernel.transpose, policy, intermediates);
    const wasm = chosen[k] ? emitWasmKernel(kernel, shared) : stream ? emitStreamKernel(kernel, shared)
      : transpose ? emitTransposeKernel(kernel, shared) : undefined;
    return wasm ? { ...source, wasm } : source;
  });
  const threaded = kernels.some((k) => k.wasm?.parts !== undefined);
  return { ...plan, kernels, ...(threaded ? { sharedMemory: true } : {}) };
}
