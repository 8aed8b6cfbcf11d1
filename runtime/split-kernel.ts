import type { WasmKernelSource } from './execution-plan.js';
import type { KernelFunction } from './instantiate-kernel.js';
import type { FloatData } from './strided-array.js';
import { copyIn, copyOut } from './staging-copy.js';
import type { WasmArena } from './wasm-arena.js';
import type { ArenaLink } from './worker-pool.js';

/** A kernel's parts as instances against the arena, and where the pool holds them: the arena's link, the first part's module index. */
export interface SplitKernel {
  readonly entries: readonly ((...addresses: number[]) => void)[];
  readonly link: ArenaLink | undefined;
  readonly first: number;
}

type Interval = readonly [number, number];

/**
 * A kernel split into `parts` behind the JavaScript kernel ABI. Buffers outside the arena are
 * staged as a whole kernel's would be, but part by part: the workers' parts first, each handed
 * over as soon as its operands are in (so a worker computes while this thread copies the rest),
 * then this thread's part 0 (a slice at a time when it is sliced: each slice staged just before
 * it is computed, while it is in cache); each part's output block is copied out as soon as it is done. A part
 * a worker cannot take runs here. Parts write disjoint blocks, so the order changes no result.
 */
export function splitKernel(source: WasmKernelSource, arena: WasmArena, split: SplitKernel): KernelFunction {
  const parts = source.parts!;
  const count = source.reach.length;
  const bytes = arena.elementBytes;
  return (...args) => {
    const base: number[] = [];
    const copied: Interval[][] = [];
    let stage = arena.staging;
    for (let b = 0; b < count; b++) {
      const data = args[2 * b] as FloatData;
      const reach = source.reach[b]!;
      copied.push([]);
      if (arena.owns(data)) { base.push(data.byteOffset + (args[2 * b + 1] as number) * bytes); continue; }
      base.push(stage - reach.min * bytes);
      stage += Math.ceil(((reach.max - reach.min + 1) * bytes) / 16) * 16;
    }
    const staged = (b: number): boolean => !arena.owns(args[2 * b]);
    /** Element offset of buffer b's base for part p (slice s of a sliced part). */
    const at = (p: number, b: number, s: number): number => parts[p]!.offsets[b]! + s * (parts[p]!.slices?.strides[b] ?? 0);
    /** Part p's operands (slice s's) into staging, skipping what was already copied. */
    const stageIn = (p: number, s = 0): void => {
      for (let b = 1; b < count; b++) {
        if (!staged(b)) continue;
        const lo = at(p, b, s) + parts[p]!.reach[b]!.min, hi = at(p, b, s) + parts[p]!.reach[b]!.max;
        for (const [from, to] of uncovered(copied[b]!, lo, hi))
          copyIn(arena.elements, base[b]! / bytes + from, args[2 * b] as ArrayLike<number>, (args[2 * b + 1] as number) + from, to - from + 1);
        copied[b]!.push([lo, hi]);
      }
    };
    const addresses = (p: number, s = 0): number[] => [
      ...base.map((a, b) => a + at(p, b, s) * bytes), arena.scratch + p * arena.scratchSlot,
    ];
    const stageOut = (p: number, s = 0): void => {
      if (!staged(0)) return;
      const lo = at(p, 0, s) + parts[p]!.reach[0]!.min, length = parts[p]!.reach[0]!.max - parts[p]!.reach[0]!.min + 1;
      copyOut(arena.elements, base[0]! / bytes + lo, args[0] as FloatData, (args[1] as number) + lo, length);
    };
    /** Part p on this thread: staged, run and copied out whole, or a slice at a time (each slice cache-hot). */
    const runHere = (p: number): void => {
      for (let s = 0; s < (parts[p]!.slices?.count ?? 1); s++) { stageIn(p, s); split.entries[p]!(...addresses(p, s)); stageOut(p, s); }
    };
    const sent: number[] = [];
    const here: number[] = [];
    for (let p = 1; p < parts.length; p++) {
      stageIn(p);
      if (split.link?.send(p - 1, { module: split.first + p, addresses: addresses(p) })) sent.push(p);
      else here.push(p);
    }
    for (const p of [0, ...here]) runHere(p);
    for (const p of sent) {
      if (split.link!.wait(p - 1)) stageOut(p);
      else runHere(p);
    }
  };
}

/** The parts of [lo, hi] outside every interval of `done`. */
function uncovered(done: readonly Interval[], lo: number, hi: number): Interval[] {
  let pieces: Interval[] = [[lo, hi]];
  for (const [a, z] of done)
    pieces = pieces.flatMap(([l, h]): Interval[] => (z < l || a > h ? [[l, h]] : [...(l < a ? [[l, a - 1] as const] : []), ...(h > z ? [[z + 1, h] as const] : [])]));
  return pieces;
}
