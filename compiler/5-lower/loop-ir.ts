import type { ElementwiseFn } from '../2-network/network.js';
import type { MatmulStep } from './matmul-step.js';
import type { SumLayout } from './sum-step.js';
import type { StreamStep } from './stream-step.js';
import type { TransposeStep } from './transpose-step.js';
import type { ReductionOp } from '../../runtime/reductions.js';

/**
 * The loop-nest IR: one Kernel per step of a contraction path. Every extent, stride and offset is
 * a compile-time integer (kernels are specialised on shapes and strides), every address is a
 * pointer plus a constant, and pointers are strength-reduced: a loop carries them forward by a
 * constant advance instead of recomputing `offset + i·s0 + j·s1`.
 *   C[i,k] += A[i,j] B[j,k]  →  loop i { loop k/4 { tile 1×4 { loop j { multiplyAdd } } } }
 * Names (buffers, pointers, accumulators, loads) come from the compiler's name supply only.
 */
/** The parameters of a kernel, in call order: output, inputs, then scratch (for packing). */
export type BufferRole = 'output' | 'input' | 'scratch';

export interface KernelBuffer {
  readonly name: string;
  readonly role: BufferRole;
  /** The pointer parameter holding this buffer's base offset (the ndarray `offset`). */
  readonly base: string;
  /** Smallest and largest element offset from `base` the kernel may touch (for the checker). */
  readonly reach: Reach;
}

export interface Reach {
  readonly min: number;
  readonly max: number;
}

export interface Kernel {
  /** Named after its specialisation from compiler vocabulary only, e.g. `step1_packed_4x4`. */
  readonly name: string;
  readonly buffers: readonly KernelBuffer[];
  /** Elements of scratch memory the kernel needs (0 when it packs nothing). */
  readonly scratchLength: number;
  readonly body: readonly Stmt[];
  /** The same step in GEMM form when it is one (for the WebAssembly backend); the body stays the definition. */
  readonly matmul?: MatmulStep;
  /** A sum kernel's layout, from which a SIMD backend derives its form (sum-step.ts); the body stays the definition. */
  readonly sum?: SumLayout;
  /** The same step in stream form when it is a memory-bound one (stream-step.ts, for the WebAssembly backend); the body stays the definition. */
  readonly stream?: StreamStep;
  /** The same step in transpose form when it is a permutation against its operand's layout (transpose-step.ts, for the WebAssembly backend); the body stays the definition. */
  readonly transpose?: TransposeStep;
  /** Buffers addressed from one root pointer instead of their own bases (see CommonBase). */
  readonly commonBase?: CommonBase;
}

/**
 * Buffers whose base offset is folded into their data on entry (a view starting at the base, when
 * the base is not 0), so that all of them are addressed from `root`, a pointer that is 0: loops
 * then carry one pointer for every buffer that moves alike (`out[p] = x[p] * y[p]`, one index and
 * one set of `p + 1 … p + 3` sums for the three arrays). Only buffers whose reach starts at their
 * base (min ≥ 0: no negative stride) are listed.
 */
export interface CommonBase {
  readonly root: string;
  readonly buffers: readonly string[];
}

/** A pointer declared at loop entry as `from + start` and advanced by `advance` per iteration. */
export interface Carried {
  readonly pointer: string;
  readonly from: string;
  readonly start: number;
  readonly advance: number;
}

export interface Address {
  readonly buffer: string;
  readonly pointer: string;
  readonly offset: number;
}

export interface Load {
  readonly target: string;
  readonly address: Address;
}

/** acc += coefficient · f0 · f1 · … (no factors: acc += coefficient). */
export interface Update {
  readonly accumulator: string;
  readonly coefficient: number;
  readonly factors: readonly string[];
}

/** How a register tile's accumulators start: 0, −0 (an exact copy), or the stored value. */
export type TileMode = 'assign' | 'copy' | 'accumulate';

export type Stmt =
  /** `for (counter = 0; counter < extent; counter += step)`; extent is a multiple of step. */
  | { readonly kind: 'loop'; readonly counter: string; readonly extent: number; readonly step: number;
      readonly carried: readonly Carried[]; readonly body: readonly Stmt[] }
  /**
   * Register tile: accumulators in locals, stored once at the end as map(scale · acc), or added.
   * Mode 'copy' (one operand, nothing summed: a copy, transpose or diagonal) starts them at −0, so
   * the one term passes through exactly and −0 keeps its sign, as numpy's views do.
   */
  | { readonly kind: 'tile'; readonly accumulators: readonly string[]; readonly mode: TileMode;
      readonly scale: number; readonly map: ElementwiseFn | undefined; readonly store: readonly Address[];
      readonly body: readonly Stmt[] }
  /** The micro-kernel's innermost statement: loads into locals, then one update per accumulator. */
  | { readonly kind: 'multiplyAdd'; readonly loads: readonly Load[]; readonly updates: readonly Update[] }
  /** One element copied (packing a panel): to = scale · from. */
  | { readonly kind: 'copy'; readonly from: Address; readonly to: Address; readonly scale: number }
  /** `count` consecutive elements set to `value`, starting at the address. */
  | { readonly kind: 'fill'; readonly to: Address; readonly count: number; readonly value: number }
  /**
   * One element reduced from a strided block: to = op over from + Σ_k c_k·strides[k] (c_k <
   * extents[k], last fastest), with runtime/reductions.ts's formula (logsumexp: the max, then
   * max + log Σ exp(x − max)). Its loop counters and locals are named here, from the name supply.
   */
  | { readonly kind: 'reduce'; readonly op: ReductionOp; readonly from: Address; readonly extents: readonly number[];
      readonly strides: readonly number[]; readonly to: Address; readonly counters: readonly string[];
      readonly value: string; readonly accumulator: string; readonly total: string };
