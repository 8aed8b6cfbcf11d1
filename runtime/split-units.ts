import type { WasmKernelSource } from './execution-plan.js';
import { rowMajorStrides, type DenseArray, type DType } from './strided-array.js';

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
 * run does, not on whole operands): the calling thread stages up to `ahead` slices past the one it
 * takes, as far as the slices before them in their slots are done (it waits only for a slot it
 * needs itself).
 */
export function stagingRing(kernel: WasmKernelSource, elementBytes: number): { readonly slots: number; readonly ahead: number; readonly offsets: readonly number[]; readonly slotBytes: number } {
  const threads = kernel.parts!.length;
  const offsets: number[] = [];
  let slotBytes = 0;
  for (const r of kernel.parts![0]!.reach) {
    offsets.push(slotBytes);
    slotBytes += Math.ceil(((r.max - r.min + 1) * elementBytes) / 16) * 16;
  }
  return { slots: threads + 2, ahead: threads + 1, offsets, slotBytes };
}

/**
 * What a plan with kernels split for threads needs of its arena and results, handed to
 * wasm-arena.ts and instantiate-plan.ts by the threads capability, so a plan without threads
 * carries none of it.
 */
export interface SplitArena {
  /** Staging bytes a kernel needs: a split one's control words first, then a ring for a slice sequence, else each buffer's whole reach. */
  stagingBytes(kernel: WasmKernelSource, elementBytes: number): number;
  /** Fresh dense results in SharedArrayBuffers: each thread copies its own block of one out. */
  results(dtype: DType): { allocate(shape: readonly number[]): DenseArray };
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
  results: (dtype) => ({
    allocate(shape) {
      const length = shape.reduce((n, s) => n * s, 1);
      const buffer = new SharedArrayBuffer(length * (dtype === 'float32' ? 4 : 8));
      return { data: dtype === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer), shape: [...shape], stride: rowMajorStrides(shape), offset: 0 };
    },
  }),
};
