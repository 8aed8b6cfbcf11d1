import type { WasmKernelSource } from './execution-plan.js';

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
 * one slice of every buffer: as many slots as `ringBytes` holds (at least threads + 2, at most a
 * slot per slice), so a slot is seldom reused and this thread need not wait for another thread's
 * slice before it stages the next (with threads + 2 slots it did, and a worker then waited for
 * staging, 0.1–0.6 ms at a time on attention). It stages `ahead` slices past the one it takes —
 * a worker's next few, without staging all of them first: its own slice is then still in cache
 * (attention (4,8,256,64) used 2–8% less CPU in all than with every slice staged first).
 */
export function stagingRing(kernel: WasmKernelSource, elementBytes: number, ringBytes = defaultRingBytes): { readonly slots: number; readonly ahead: number; readonly offsets: readonly number[]; readonly slotBytes: number } {
  const threads = kernel.parts!.length;
  const offsets: number[] = [];
  let slotBytes = 0;
  for (const r of kernel.parts![0]!.reach) {
    offsets.push(slotBytes);
    slotBytes += Math.ceil(((r.max - r.min + 1) * elementBytes) / 16) * 16;
  }
  const count = sliceSequence(kernel)!.count;
  const slots = Math.min(count, Math.max(threads + 2, Math.floor(ringBytes / Math.max(slotBytes, 1))));
  return { slots, ahead: Math.min(slots, 2 * threads + 2), offsets, slotBytes };
}

/** Bytes of a staging ring, unless its slots hold fewer than threads + 2 slices (then that many). */
export const defaultRingBytes = 64 * 2 ** 20;

/**
 * What a plan with kernels split for threads needs of its arena, handed to wasm-arena.ts by the
 * threads capability, so a plan without threads carries none of it.
 */
export interface SplitArena {
  /** Staging bytes a kernel needs: a split one's control words first, then a ring for a slice sequence, else each buffer's whole reach. */
  stagingBytes(kernel: WasmKernelSource, elementBytes: number): number;
}

const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** Bytes of a split kernel's control words at the start of its staging (Int32: next unit, units staged, a flag per unit). */
export function controlBytes(kernel: WasmKernelSource): number {
  return kernel.parts ? align(4 * (2 + splitUnits(kernel))) : 0;
}

export const splitArena: SplitArena = {
  stagingBytes(kernel, elementBytes) {
    if (sliceSequence(kernel) === undefined) return controlBytes(kernel) + kernel.reach.reduce((sum, r) => sum + align((r.max - r.min + 1) * elementBytes), 0);
    const ring = stagingRing(kernel, elementBytes);
    return controlBytes(kernel) + ring.slots * ring.slotBytes;
  },
};
