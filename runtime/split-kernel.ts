import type { WasmKernelSource } from './execution-plan.js';
import type { KernelFunction } from './instantiate-kernel.js';
import type { FloatData } from './strided-array.js';
import { copyIn, copyOut } from './staging-copy.js';
import type { WasmArena } from './wasm-arena.js';
import type { ArenaLink, PartTask, SharedCopy } from './worker-pool.js';

/** A kernel's parts as instances against the arena, and where the pool holds them: the arena's link, the first part's module index. */
export interface SplitKernel {
  readonly entries: readonly ((...addresses: number[]) => void)[];
  readonly link: ArenaLink | undefined;
  readonly first: number;
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
  const slices = uniformSlices(source);
  return slices !== undefined ? claimedSlices(source, arena, split, slices) : wholeParts(source, arena, split);
}

/** The slices of all parts as one sequence, when every part is the same per-slice module continuing the previous part's slices. */
function uniformSlices(source: WasmKernelSource): { readonly count: number; readonly strides: readonly number[] } | undefined {
  const parts = source.parts!;
  const strides = parts[0]!.slices?.strides;
  if (strides === undefined) return undefined;
  let count = 0;
  for (const p of parts) {
    if (p.module !== parts[0]!.module || p.slices === undefined || p.slices.strides.some((s, b) => s !== strides[b])) return undefined;
    if (p.offsets.some((o, b) => o !== count * strides[b]!)) return undefined;
    count += p.slices.count;
  }
  return { count, strides };
}

/** Where one call's buffers sit in the arena, and how they get there. */
interface CallBuffers {
  /** Byte address of each buffer's element at the call's offset. */
  readonly base: readonly number[];
  /** Copied through staging (not already in the arena). */
  readonly staged: readonly boolean[];
  /** Staged from shared memory, which a worker can copy itself. */
  readonly shared: readonly boolean[];
}

function callBuffers(source: WasmKernelSource, arena: WasmArena, args: Arguments): CallBuffers {
  const bytes = arena.elementBytes;
  const base: number[] = [], staged: boolean[] = [], shared: boolean[] = [];
  let stage = arena.staging;
  for (let b = 0; b < source.reach.length; b++) {
    const data = args[2 * b];
    const reach = source.reach[b]!;
    const owned = arena.owns(data);
    base.push(owned ? data.byteOffset + (args[2 * b + 1] as number) * bytes : stage - reach.min * bytes);
    staged.push(!owned);
    shared.push(!owned && inSharedMemory(data));
    if (!owned) stage += Math.ceil(((reach.max - reach.min + 1) * bytes) / 16) * 16;
  }
  return { base, staged, shared };
}

/** A typed array over a SharedArrayBuffer (a worker can read and write it). */
function inSharedMemory(data: unknown): boolean {
  return typeof SharedArrayBuffer === 'function' && ArrayBuffer.isView(data) && 'subarray' in data && data.buffer instanceof SharedArrayBuffer;
}

/** Copies into buffer b's staging the elements [lo, hi] (from its base) not yet there. */
function stager(arena: WasmArena, args: Arguments, call: CallBuffers): (b: number, lo: number, hi: number) => void {
  const bytes = arena.elementBytes;
  const covered = call.base.map(() => coverage());
  return (b, lo, hi) => {
    for (const [from, to] of covered[b]!(lo, hi))
      copyIn(arena.elements, call.base[b]! / bytes + from, args[2 * b] as ArrayLike<number>, (args[2 * b + 1] as number) + from, to - from + 1);
  };
}

/** Copies the output's elements [lo, lo + length) from staging out. */
function unstage(arena: WasmArena, args: Arguments, call: CallBuffers, lo: number, length: number): void {
  if (call.staged[0]) copyOut(arena.elements, call.base[0]! / arena.elementBytes + lo, args[0] as FloatData, (args[1] as number) + lo, length);
}

/** Buffer b's elements [lo, hi] (from its base, moving `stride` per unit) as a worker's copy between shared memory and staging. */
function sharedCopy(arena: WasmArena, args: Arguments, call: CallBuffers, b: number, lo: number, hi: number, stride: number): SharedCopy {
  const at = call.base[b]! / arena.elementBytes + lo;
  return { data: args[2 * b] as FloatData, start: (args[2 * b + 1] as number) + lo, stride, at, atStride: stride, length: hi - lo + 1 };
}

/**
 * Slices taken from a shared counter (control word 0) by this thread and every worker alike. This
 * thread stages the slices' operands in order a few ahead of the last slice taken, counting them
 * in control word 1 (a worker that takes a slice not yet staged waits on it), so a worker starts as
 * soon as one slice is in, not after its whole share. Operands and outputs in shared memory are
 * copied by whichever thread runs the slice. A worker's output in the arena is copied out here
 * between this thread's own slices, in order, as the done flags (control word 2 + g) say; after
 * the workers report, a slice not done (a worker failed) runs here.
 */
function claimedSlices(source: WasmKernelSource, arena: WasmArena, split: SplitKernel,
  slices: { readonly count: number; readonly strides: readonly number[] }): KernelFunction {
  const reach = source.parts![0]!.reach;
  const threads = source.parts!.length;
  const bytes = arena.elementBytes;
  const n = slices.count;
  const control = new Int32Array(arena.memory.buffer, arena.control, 2 + n);
  const ahead = 2 * threads;
  const entry = split.entries[0]!;
  const span = (b: number, g: number): Interval => [g * slices.strides[b]! + reach[b]!.min, g * slices.strides[b]! + reach[b]!.max];
  return (...args) => {
    const call = callBuffers(source, arena, args);
    const stage = stager(arena, args, call);
    // operands in shared memory whose slices do not overlap: each thread copies its own slices
    const own = call.shared.map((s, b) => b > 0 && s && Math.abs(slices.strides[b]!) > reach[b]!.max - reach[b]!.min);
    const mainStaged = call.staged.map((s, b) => b > 0 && s && !own[b]);
    const outputOwn = call.shared[0]!;
    const copies = call.base.map((_, b) => sharedCopy(arena, args, call, b, reach[b]!.min, reach[b]!.max, slices.strides[b]!));
    const addresses = (g: number, slot: number): number[] => [
      ...call.base.map((a, b) => a + g * slices.strides[b]! * bytes), arena.scratch + slot * arena.scratchSlot,
    ];
    const stageOwn = (g: number): void => {
      for (let b = 1; b < own.length; b++) if (own[b]) stage(b, ...span(b, g));
    };
    const runHere = (g: number): void => {
      stageOwn(g);
      entry(...addresses(g, 0));
      unstage(arena, args, call, span(0, g)[0], reach[0]!.max - reach[0]!.min + 1);
    };
    control.fill(0);
    let staged = 0;
    const stageTo = (k: number): void => {
      const to = Math.min(k, n);
      if (staged >= to) return;
      for (; staged < to; staged++) for (let b = 1; b < mainStaged.length; b++) if (mainStaged[b]) stage(b, ...span(b, staged));
      Atomics.store(control, 1, staged);
      Atomics.notify(control, 1);
    };
    const waitStaged = mainStaged.some((s) => s);
    stageTo(waitStaged ? ahead : n);
    const sent: number[] = [];
    for (let w = 0; w < threads - 1; w++) {
      const task: PartTask = {
        module: split.first, addresses: addresses(0, w + 1), strides: [...slices.strides.map((s) => s * bytes), 0],
        first: 0, claim: true, units: n, waitStaged, control: arena.control, elementBytes: bytes,
        copyIn: copies.filter((_, b) => own[b]), copyOut: outputOwn ? [copies[0]!] : [],
      };
      if (split.link?.send(w, task)) sent.push(w);
    }
    const mine = new Uint8Array(n);
    let drained = 0;
    /** Copies out, in order, the workers' slices below `below` that are done (their output is in the arena). */
    const drain = (below: number): void => {
      for (; drained < below && (mine[drained] === 1 || Atomics.load(control, 2 + drained) === 1); drained++)
        if (mine[drained] === 0 && !outputOwn) unstage(arena, args, call, span(0, drained)[0], reach[0]!.max - reach[0]!.min + 1);
    };
    try {
      for (let g = Atomics.add(control, 0, 1); g < n; g = Atomics.add(control, 0, 1)) {
        stageTo(g + 1 + ahead);
        runHere(g);
        mine[g] = 1;
        Atomics.store(control, 2 + g, 1);
        drain(g);
      }
      stageTo(n);
    } catch (error) {
      // no worker may wait for a slice this thread will not stage: they run out, then this fails
      Atomics.store(control, 0, n);
      Atomics.store(control, 1, n);
      Atomics.notify(control, 1);
      for (const w of sent) split.link!.wait(w);
      throw error;
    }
    for (const w of sent) split.link!.wait(w);
    for (let g = drained; g < n; g++) {
      if (mine[g] === 1) continue;
      if (Atomics.load(control, 2 + g) === 0) runHere(g);
      else if (!outputOwn) unstage(arena, args, call, span(0, g)[0], reach[0]!.max - reach[0]!.min + 1);
    }
  };
}

/**
 * Part by part: the workers' parts first, each handed over as soon as its operands are in (so a
 * worker computes while this thread copies the rest; operands in shared memory the worker copies
 * itself), then this thread's part 0 (a slice at a time when it is sliced: each slice staged just
 * before it is computed, while it is in cache); each part's output block is copied out as soon as
 * it is done (a worker copies its own into an output in shared memory). A part a worker cannot
 * take runs here.
 */
function wholeParts(source: WasmKernelSource, arena: WasmArena, split: SplitKernel): KernelFunction {
  const parts = source.parts!;
  const count = source.reach.length;
  const bytes = arena.elementBytes;
  return (...args) => {
    const call = callBuffers(source, arena, args);
    const stage = stager(arena, args, call);
    /** Element offset of buffer b's base for part p (slice s of a sliced part). */
    const at = (p: number, b: number, s: number): number => parts[p]!.offsets[b]! + s * (parts[p]!.slices?.strides[b] ?? 0);
    const span = (p: number, b: number, s: number): Interval => [at(p, b, s) + parts[p]!.reach[b]!.min, at(p, b, s) + parts[p]!.reach[b]!.max];
    /** Part p's operands (slice s's) into staging; those in shared memory only when this thread runs it. */
    const stageIn = (p: number, s: number, here: boolean): void => {
      for (let b = 1; b < count; b++) if (call.staged[b] && (here || !call.shared[b])) stage(b, ...span(p, b, s));
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
      for (let s = 0; s < (parts[p]!.slices?.count ?? 1); s++) { stageIn(p, s, true); split.entries[p]!(...addresses(p, s)); stageOut(p, s); }
    };
    const outputOwn = call.shared[0]!;
    const sent: number[] = [];
    const here: number[] = [];
    try {
      for (let p = 1; p < parts.length; p++) {
        if (parts[p]!.slices !== undefined) { here.push(p); continue; }
        stageIn(p, 0, false);
        const copy = (b: number): SharedCopy => sharedCopy(arena, args, call, b, ...span(p, b, 0), 0);
        const task: PartTask = {
          module: split.first + p, addresses: addresses(p), strides: new Array<number>(count + 1).fill(0),
          first: p, claim: false, units: parts.length, waitStaged: false, control: arena.control, elementBytes: bytes,
          copyIn: call.shared.flatMap((s, b) => (b > 0 && s ? [copy(b)] : [])), copyOut: outputOwn ? [copy(0)] : [],
        };
        if (split.link?.send(p - 1, task)) sent.push(p);
        else here.push(p);
      }
      for (const p of [0, ...here]) runHere(p);
    } catch (error) {
      for (const p of sent) split.link!.wait(p - 1);
      throw error;
    }
    for (const p of sent) {
      if (!split.link!.wait(p - 1)) runHere(p);
      else if (!outputOwn) stageOut(p);
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
