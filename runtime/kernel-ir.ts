import type { ElementwiseFunction } from './elementwise.js';
import type { ReductionOp } from './reductions.js';

/**
 * A kernel's loop nest as plain data, carried by the plan next to its JavaScript source so the
 * runtime can interpret it where `new Function` is forbidden (a Content-Security-Policy without
 * 'unsafe-eval'). The same shape as the compiler's loop-nest IR (compiler/5-lower/loop-ir.ts),
 * which the emitter assigns to it, so the type checker keeps the two in step.
 */
export interface KernelIr {
  readonly name: string;
  /** Parameters in call order: each buffer's data, then its base offset. */
  readonly buffers: readonly { readonly name: string; readonly base: string }[];
  readonly body: readonly IrStmt[];
  /** Buffers rebased on entry to start at their base offset and addressed from `root` (= 0). */
  readonly commonBase?: { readonly root: string; readonly buffers: readonly string[] };
}

export interface IrCarried {
  readonly pointer: string;
  readonly from: string;
  readonly start: number;
  readonly advance: number;
}

export interface IrAddress {
  readonly buffer: string;
  readonly pointer: string;
  readonly offset: number;
}

export type IrStmt =
  | { readonly kind: 'loop'; readonly counter: string; readonly extent: number; readonly step: number;
      readonly carried: readonly IrCarried[]; readonly body: readonly IrStmt[] }
  | { readonly kind: 'tile'; readonly accumulators: readonly string[]; readonly mode: 'assign' | 'copy' | 'accumulate';
      readonly scale: number; readonly map: ElementwiseFunction | undefined; readonly store: readonly IrAddress[];
      readonly body: readonly IrStmt[] }
  | { readonly kind: 'multiplyAdd'; readonly loads: readonly { readonly target: string; readonly address: IrAddress }[];
      readonly updates: readonly { readonly accumulator: string; readonly coefficient: number; readonly factors: readonly string[] }[] }
  | { readonly kind: 'copy'; readonly from: IrAddress; readonly to: IrAddress; readonly scale: number }
  | { readonly kind: 'fill'; readonly to: IrAddress; readonly count: number; readonly value: number }
  | { readonly kind: 'reduce'; readonly op: ReductionOp; readonly from: IrAddress; readonly extents: readonly number[];
      readonly strides: readonly number[]; readonly to: IrAddress; readonly counters: readonly string[];
      readonly value: string; readonly accumulator: string; readonly total: string };
