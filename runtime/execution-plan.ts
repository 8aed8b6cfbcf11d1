import type { KernelIr } from './kernel-ir.js';
import type { DType } from './strided-array.js';

/**
 * What the compiler hands the runtime: plain data (JSON-serialisable), no closures.
 *   steps[s]: kernels[step.kernel](output, inputs…, scratch) with each array passed as (data, offset)
 * Inputs are read in place through the strides the kernels were specialised for; intermediates
 * are dense buffers taken from a pool and given back after their last use.
 * @example
 * import { compileEinsum, type ExecutionPlan } from 'ricci';
 * const plan: ExecutionPlan = compileEinsum('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]]).plan;
 * plan.kernels.length > 0; // → true
 */
export interface ExecutionPlan {
  readonly dtype: DType;
  /** The operands the kernels were specialised for: shape and strides (offsets may vary). */
  readonly inputs: readonly OperandLayout[];
  /** Element counts of the intermediates. */
  readonly buffers: readonly number[];
  /** Elements of scratch (packing) memory shared by all steps. */
  readonly scratchLength: number;
  readonly outputShape: readonly number[];
  /**
   * Shapes of further results, after the output (a plan computing several roots at once: a value
   * and its gradients share one plan, so shared values stay in its buffers). Each is a fresh dense
   * array per run, written by the step whose output is `{ kind: 'result', index }`.
   */
  readonly results?: readonly (readonly number[])[];
  readonly steps: readonly PlanStep[];
  readonly kernels: readonly KernelSource[];
  /**
   * Some WebAssembly kernel is split into `parts` for threads: every module imports a shared
   * memory, so the plan's arena is one (a SharedArrayBuffer the workers see too).
   */
  readonly sharedMemory?: boolean;
}

export interface OperandLayout {
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

export type ValueRef =
  | { readonly kind: 'input'; readonly index: number }
  | { readonly kind: 'buffer'; readonly index: number }
  | { readonly kind: 'output' }
  | { readonly kind: 'result'; readonly index: number };

export interface PlanStep {
  readonly kernel: number;
  readonly output: ValueRef;
  readonly inputs: readonly ValueRef[];
  /** Whether the kernel takes the scratch buffer as its last argument. */
  readonly usesScratch: boolean;
  /** Intermediate buffers whose last use is this step: given back to the pool after it. */
  readonly release: readonly number[];
}

/**
 * A generated function declaration and its name (compiler vocabulary only); `ir` is the same
 * kernel's loop nest as data, interpreted where eval is forbidden; `wasm`, when present, is the
 * same kernel as a WebAssembly module the runtime may run instead (the source stays the fallback).
 */
export interface KernelSource {
  readonly name: string;
  readonly source: string;
  readonly ir: KernelIr;
  readonly wasm?: WasmKernelSource;
}

/**
 * A kernel as WebAssembly: a module importing `env.memory` and exporting `kernel(p…: i32)`, one
 * byte address per buffer in call order (output, inputs), then a scratch address.
 */
export interface WasmKernelSource {
  /** The module's bytes in base64 (compact, JSON-safe, and the module cache's key). */
  readonly module: string;
  /** Element offsets each buffer spans from its base (what is copied in, or out for the output). */
  readonly reach: readonly { readonly min: number; readonly max: number }[];
  readonly scratchBytes: number;
  /**
   * A memory-bound step's SIMD kernel: `'in-place'` runs only when every input is already in the
   * arena (an intermediate, an input resident in it), else the JavaScript kernel runs, as staging
   * the inputs would cost what the SIMD kernel saves (the output may still be staged); `'staged'`
   * stages its inputs like any kernel, where that was measured to pay.
   */
  readonly stream?: 'in-place' | 'staged';
  /**
   * Called once per slice: `count` calls, buffer b's offset advanced by `strides[b]` elements per
   * call, `reach` then being one slice's (the output's slices are consecutive, disjoint blocks).
   */
  readonly slices?: { readonly count: number; readonly strides: readonly number[] };
  /**
   * The kernel split for threads (never with `slices`): each part a module over a range of one
   * output index, its buffers' bases `offsets` elements from the kernel's (scratch: one region per
   * thread). Parts write disjoint, consecutive blocks and sum each element as `module` does, so running them on
   * any threads, or one after another, gives `module`'s result bit for bit.
   */
  readonly parts?: readonly {
    readonly module: string;
    readonly offsets: readonly number[];
    /** Element offsets the part touches from its buffers' bases (what it needs staged, what it writes). */
    readonly reach: readonly { readonly min: number; readonly max: number }[];
    /**
     * Only on part 0 (run by the calling thread): `module` is called once per slice like a sliced
     * kernel's, `reach` one slice's, so each slice is staged just before it is computed.
     */
    readonly slices?: { readonly count: number; readonly strides: readonly number[] };
  }[];
}
