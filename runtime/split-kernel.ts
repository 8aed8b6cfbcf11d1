import type { WasmKernelSource } from './execution-plan.js';
import type { KernelFunction } from './instantiate-kernel.js';
import type { FloatData } from './strided-array.js';
import { copyShared } from './staging-copy.js';
import { controlBytes, sliceSequence, stagingRing, type SliceSequence } from './split-units.js';
import type { WasmArena } from './wasm-arena.js';
import type { ArenaLink, PartTask } from './worker-pool.js';

/** A kernel's parts as instances against the arena, and where the pool holds them: the arena's link, the first part's module index. */
export interface SplitKernel {
  readonly entries: readonly ((...addresses: number[]) => void)[];
  readonly link: ArenaLink | undefined;
  readonly first: number;
  /** Bytes of a batched product's staging ring (split-units.ts; tests make it small). */
  readonly ringBytes?: number;
}

type Interval = readonly [number, number];
type Arguments = readonly unknown[];

/**
 * A kernel split into parts behind the JavaScript kernel ABI. Parts write disjoint blocks and sum
 * each element as the whole kernel does, so which thread runs which part changes no result.
 * A batched product whose parts are all the same per-slice module (split along its batch) runs as
 * `claimedSlices` says: every thread takes the next slice from a shared counter, so the threads
 * finish together whatever the staging costs or the other load on the machine. Any other split
 * runs part by part (`wholeParts`).
 */
export function splitKernel(source: WasmKernelSource, arena: WasmArena, split: SplitKernel): KernelFunction {
  const slices = sliceSequence(source);
  return slices !== undefined ? claimedSlices(source, arena, split, slices) : wholeParts(source, arena, split);
}

/** Where one call's buffers sit in the arena, and whether they are copied through staging (not already in the arena). */
interface CallBuffers {
  /** Byte address of each buffer's element at the call's offset. */
  readonly base: readonly number[];
  readonly staged: readonly boolean[];
}

function callBuffers(source: WasmKernelSource, arena: WasmArena, args: Arguments): CallBuffers {
  const bytes = arena.elementBytes;
  const base: number[] = [], staged: boolean[] = [];
  let stage = arena.staging + controlBytes(source);
  for (let b = 0; b < source.reach.length; b++) {
    const data = args[2 * b];
    const reach = source.reach[b]!;
    const owned = arena.owns(data);
    base.push(owned ? data.byteOffset + (args[2 * b + 1] as number) * bytes : stage - reach.min * bytes);
    staged.push(!owned);
    if (!owned) stage += Math.ceil(((reach.max - reach.min + 1) * bytes) / 16) * 16;
  }
  return { base, staged };
}

/** Copies into buffer b's staging the elements [lo, hi] (from its base) not yet there. */
function stager(arena: WasmArena, args: Arguments, call: CallBuffers): (b: number, lo: number, hi: number) => void {
  const bytes = arena.elementBytes;
  const covered = call.base.map(() => coverage());
  return (b, lo, hi) => {
    for (const [from, to] of covered[b]!(lo, hi))
      copyShared(arena.elements, call.base[b]! / bytes + from, args[2 * b] as ArrayLike<number>, (args[2 * b + 1] as number) + from, to - from + 1);
  };
}

/** Copies the output's elements [lo, lo + length) from staging out. */
function unstage(arena: WasmArena, args: Arguments, call: CallBuffers, lo: number, length: number): void {
  if (call.staged[0]) copyShared(args[0] as FloatData, (args[1] as number) + lo, arena.elements, call.base[0]! / arena.elementBytes + lo, length);
}

/**
 * Slices taken from a shared counter (control word 0) by this thread and every worker alike, each
 * staged in a slot of a ring (split-units.ts). The workers are handed their tasks first (a message
 * travels while this thread stages), then this thread stages the slices' operands in order,
 * `ahead` past the last one it took, counting them in control word 1 (a worker that takes a slice
 * not yet staged waits for it), so a worker starts as soon as one slice is in; before it reuses a
 * slot (a ring smaller than the slices) it waits until the slice there is done (flag 2 + g) and
 * copies that slice's output out. Every copy in or out is this
 * thread's (the workers touch only the arena): the workers' outputs are copied out between this
 * thread's slices, the rest after they report. A slice not done then (a worker failed) runs here.
 */
function claimedSlices(source: WasmKernelSource, arena: WasmArena, split: SplitKernel, slices: SliceSequence): KernelFunction {
  const reach = source.parts![0]!.reach;
  const threads = source.parts!.length;
  const bytes = arena.elementBytes;
  const n = slices.count;
  const { slots, ahead, offsets, slotBytes } = stagingRing(source, bytes, split.ringBytes);
  const control = new Int32Array(arena.memory.buffer, arena.staging, 2 + n);
  const ringAt = arena.staging + controlBytes(source);
  const entry = split.entries[0]!;
  const length = reach.map((r) => r.max - r.min + 1);
  return (...args) => {
    const staged = reach.map((_, b) => !arena.owns(args[2 * b]));
    /** Element of unit g's slot where buffer b's slice starts. */
    const slotAt = (g: number, b: number): number => (ringAt + (g % slots) * slotBytes + offsets[b]!) / bytes;
    /** Element of buffer b's data where unit g's slice starts. */
    const dataAt = (g: number, b: number): number => (args[2 * b + 1] as number) + g * slices.strides[b]! + reach[b]!.min;
    const address = (g: number, b: number): number => (staged[b]
      ? (slotAt(g, b) - reach[b]!.min) * bytes
      : (args[2 * b] as FloatData).byteOffset + ((args[2 * b + 1] as number) + g * slices.strides[b]!) * bytes);
    const stageIn = (g: number): void => {
      for (let b = 1; b < reach.length; b++) if (staged[b]) copyShared(arena.elements, slotAt(g, b), args[2 * b] as ArrayLike<number>, dataAt(g, b), length[b]!);
    };
    const copied = new Uint8Array(n);
    const stageOut = (g: number): void => {
      if (staged[0] && copied[g] === 0) copyShared(args[0] as FloatData, dataAt(g, 0), arena.elements, slotAt(g, 0), length[0]!);
      copied[g] = 1;
    };
    /** Unit g on this thread (`again`: its slot may hold another unit's operands by now), its output copied out. */
    const runHere = (g: number, again: boolean): void => {
      if (again) stageIn(g);
      entry(...reach.map((_, b) => address(g, b)), arena.scratch);
      stageOut(g);
    };
    const settled = (g: number): number => Atomics.load(control, 2 + g);
    control.fill(0);
    const sent: number[] = [];
    let next = 0;
    /**
     * Stages units up to k (exclusive), each once the unit before it in its slot is done and its
     * output copied out: it waits for that only for a unit below `need` (one this thread is about
     * to run, or any at the end, when a worker may be waiting for it); past it, it stops instead.
     */
    const stageTo = (k: number, need: number): void => {
      for (; next < Math.min(k, n); next++) {
        const before = next - slots;
        if (before >= 0) {
          if (next >= need && settled(before) === 0) return;
          waitForUnit(control, 2 + before, () => sent.every((w) => split.link!.ended(w)));
          if (settled(before) === 1) stageOut(before);
        }
        stageIn(next);
        // each unit published at once: a worker may be waiting for it, and the unit this thread waits for may be its
        Atomics.store(control, 1, next + 1);
        Atomics.notify(control, 1);
      }
    };
    for (let w = 0; w < threads - 1; w++) {
      const task: PartTask = {
        module: split.first, addresses: [...reach.map((_, b) => address(0, b)), arena.scratch + (w + 1) * arena.scratchSlot],
        strides: [...slices.strides.map((s) => s * bytes), 0], ring: { slots, slotBytes, staged: [...staged, false] },
        first: 0, claim: true, units: n, waitStaged: true, control: arena.staging,
      };
      if (split.link?.send(w, task)) sent.push(w);
    }
    try {
      stageTo(ahead, 0);
      let swept = 0;
      for (let g = Atomics.add(control, 0, 1); g < n; g = Atomics.add(control, 0, 1)) {
        stageTo(g + 1 + ahead, g + 1);
        runHere(g, false);
        Atomics.store(control, 2 + g, 1);
        // the workers' units done by now: their outputs out while this thread is here anyway
        for (; staged[0] && swept < n && settled(swept) !== 0; swept++) if (settled(swept) === 1) stageOut(swept);
      }
      stageTo(n, n);
    } catch (error) {
      // no worker may wait for a slice this thread will not stage: they run out, then this fails
      Atomics.store(control, 0, n);
      Atomics.store(control, 1, n);
      Atomics.notify(control, 1);
      for (const w of sent) split.link!.wait(w);
      throw error;
    }
    for (const w of sent) split.link!.wait(w);
    // the workers' outputs still in their slots first: a unit run again here may reuse a slot
    for (let g = 0; g < n; g++) if (settled(g) === 1) stageOut(g);
    for (let g = 0; g < n; g++) if (settled(g) !== 1) runHere(g, true);
  };
}

/**
 * Blocks until the flag `array[index]` is set, or until `ended()` says no worker is left to set it
 * (a browser's main thread, which may not block, spins).
 */
function waitForUnit(array: Int32Array, index: number, ended: () => boolean): void {
  let canBlock = true;
  while (Atomics.load(array, index) === 0 && !ended()) {
    if (canBlock) {
      try {
        Atomics.wait(array, index, 0, 1);
        continue;
      } catch {
        canBlock = false;
      }
    }
  }
}

/**
 * Part by part: each worker's part is handed over first (the worker waits until it is staged: a
 * message travels while this thread stages), then the workers' parts are staged in order, each
 * published as soon as its operands are in (control word 1 counts them), then this thread stages
 * and runs part 0 (a slice at a time when it is sliced: each slice staged just before it is
 * computed, while it is in cache); each part's output block is copied out here as soon as it is
 * done (the workers touch only the arena). A part a worker cannot take runs here.
 */
function wholeParts(source: WasmKernelSource, arena: WasmArena, split: SplitKernel): KernelFunction {
  const parts = source.parts!;
  const count = source.reach.length;
  const bytes = arena.elementBytes;
  const control = new Int32Array(arena.memory.buffer, arena.staging, 2 + parts.length);
  return (...args) => {
    const call = callBuffers(source, arena, args);
    const stage = stager(arena, args, call);
    /** Element offset of buffer b's base for part p (slice s of a sliced part). */
    const at = (p: number, b: number, s: number): number => parts[p]!.offsets[b]! + s * (parts[p]!.slices?.strides[b] ?? 0);
    const span = (p: number, b: number, s: number): Interval => [at(p, b, s) + parts[p]!.reach[b]!.min, at(p, b, s) + parts[p]!.reach[b]!.max];
    /** Part p's operands (slice s's) into staging. */
    const stageIn = (p: number, s: number): void => {
      for (let b = 1; b < count; b++) if (call.staged[b]) stage(b, ...span(p, b, s));
    };
    const addresses = (p: number, s = 0): number[] => [
      ...call.base.map((a, b) => a + at(p, b, s) * bytes), arena.scratch + p * arena.scratchSlot,
    ];
    const stageOut = (p: number, s = 0): void => {
      const [lo, hi] = span(p, 0, s);
      unstage(arena, args, call, lo, hi - lo + 1);
    };
    /** Part p on this thread: staged, run and copied out whole, or a slice at a time (each slice cache-hot). */
    const runHere = (p: number): void => {
      for (let s = 0; s < (parts[p]!.slices?.count ?? 1); s++) { stageIn(p, s); split.entries[p]!(...addresses(p, s)); stageOut(p, s); }
    };
    control.fill(0);
    const sent: number[] = [];
    const here: number[] = [];
    for (let p = 1; p < parts.length; p++) {
      const task: PartTask = {
        module: split.first + p, addresses: addresses(p), strides: new Array<number>(count + 1).fill(0),
        ring: { slots: 1, slotBytes: 0, staged: new Array<boolean>(count + 1).fill(false) },
        first: p, claim: false, units: parts.length, waitStaged: true, control: arena.staging,
      };
      if (parts[p]!.slices === undefined && split.link?.send(p - 1, task)) sent.push(p);
      else here.push(p);
    }
    try {
      for (const p of sent) {
        stageIn(p, 0);
        Atomics.store(control, 1, p + 1);
        Atomics.notify(control, 1);
      }
      for (const p of [0, ...here]) runHere(p);
    } catch (error) {
      // no worker may wait for a part this thread will not stage: they run, then this fails
      Atomics.store(control, 1, parts.length);
      Atomics.notify(control, 1);
      for (const p of sent) split.link!.wait(p - 1);
      throw error;
    }
    for (const p of sent) {
      if (!split.link!.wait(p - 1)) runHere(p);
      else stageOut(p);
    }
  };
}

/** What of [lo, hi] is not yet covered (the pieces returned are then covered); ascending neighbours merge. */
function coverage(): (lo: number, hi: number) => Interval[] {
  const done: [number, number][] = [];
  return (lo, hi) => {
    const pieces = uncovered(done, lo, hi);
    const last = done[done.length - 1];
    if (last !== undefined && last[0] <= lo && last[1] + 1 >= lo) last[1] = Math.max(last[1], hi);
    else done.push([lo, hi]);
    return pieces;
  };
}

/** The parts of [lo, hi] outside every interval of `done`. */
function uncovered(done: readonly Interval[], lo: number, hi: number): Interval[] {
  let pieces: Interval[] = [[lo, hi]];
  for (const [a, z] of done)
    pieces = pieces.flatMap(([l, h]): Interval[] => (z < l || a > h ? [[l, h]] : [...(l < a ? [[l, a - 1] as const] : []), ...(h > z ? [[z + 1, h] as const] : [])]));
  return pieces;
}
