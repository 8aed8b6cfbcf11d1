import type { WasmKernelSource } from './execution-plan.js';
import { stagingBytes, type SplitSizing } from './wasm-arena.js';

/** The slices of a split kernel's parts taken as one sequence of `count` units, each buffer `strides[b]` elements past the previous. */
export interface SliceSequence {
  readonly count: number;
  readonly strides: readonly number[];
}

/**
 * The slices of all parts as one sequence, when every part is the same per-slice module continuing
 * the previous part's slices (a batched product split along its batch): its threads may then take
 * any slice. Undefined: the parts run as they are.
 */
export function sliceSequence(kernel: WasmKernelSource): SliceSequence | undefined {
  const parts = kernel.parts;
  const strides = parts?.[0]!.slices?.strides;
  if (parts === undefined || strides === undefined) return undefined;
  let count = 0;
  for (const p of parts) {
    if (p.module !== parts[0]!.module || p.slices === undefined || p.slices.strides.some((s, b) => s !== strides[b])) return undefined;
    if (p.offsets.some((o, b) => o !== count * strides[b]!)) return undefined;
    count += p.slices.count;
  }
  return { count, strides };
}

/** The units a split kernel's run is made of (its control words have a done flag per unit): its parts, or the slices of them all. */
export function splitUnits(kernel: WasmKernelSource): number {
  return sliceSequence(kernel)?.count ?? kernel.parts?.length ?? 0;
}

/**
 * A slice sequence is staged through a ring of slots, slice g in slot g mod slots, each holding
 * one slice of every buffer (so the threads work on cache-sized staging, as one thread's sliced
 * run does, not on whole operands): the calling thread stages `ahead` slices past the one it takes,
 * so a slot is reused only when the slice before it is done (slots ≥ ahead + 2).
 */
export function stagingRing(kernel: WasmKernelSource, elementBytes: number): { readonly slots: number; readonly ahead: number; readonly offsets: readonly number[]; readonly slotBytes: number } {
  const threads = kernel.parts!.length;
  const offsets: number[] = [];
  let slotBytes = 0;
  for (const r of kernel.parts![0]!.reach) {
    offsets.push(slotBytes);
    slotBytes += Math.ceil(((r.max - r.min + 1) * elementBytes) / 16) * 16;
  }
  return { slots: threads + 2, ahead: threads, offsets, slotBytes };
}

/** What split kernels need of an arena (wasm-arena.ts asks the threads capability): a ring for a slice sequence, else whole reaches. */
export const splitSizing: SplitSizing = {
  stagingBytes(kernel, elementBytes) {
    if (sliceSequence(kernel) === undefined) return stagingBytes(kernel, elementBytes);
    const ring = stagingRing(kernel, elementBytes);
    return ring.slots * ring.slotBytes;
  },
  units: splitUnits,
};
