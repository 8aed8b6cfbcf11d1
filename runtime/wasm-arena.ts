import type { BufferPool } from './buffer-pool.js';
import type { ExecutionPlan, WasmKernelSource } from './execution-plan.js';
import type { SplitArena } from './split-units.js';
import { createResidentRegion, residentBytes, residentOperands, type ResidentRegion } from './resident-operands.js';
import { elementCount, rowMajorStrides, type DenseArray, type DType, type FloatData } from './strided-array.js';

/**
 * One linear memory per plan (kept with it, or made for one run: instantiate-plan.ts), sized once
 * (growing would detach every view):
 *   [ intermediates | resident operands | inputs (resident inputs) | scratch (a slot per thread) | staging | output (an arena made for one run, or a pinned one) ]
 * A plan with kernels split for threads gets a shared memory (`plan.sharedMemory`); a split
 * kernel lays out its staging itself (split-units.ts: control words, then staging).
 * Intermediates are views of the plan's element type into it (Float64Array or Float32Array), so a
 * WebAssembly step reads the previous step's result in place; operands and the plan's output pass
 * through staging (copied in, copied out), except operands several WebAssembly steps read, which
 * are copied in once per run (resident-operands.ts).
 */
export interface WasmArena {
  readonly memory: WebAssembly.Memory;
  /** The whole memory as the plan's element type. */
  readonly elements: FloatData;
  /** Bytes per element: 8 (float64) or 4 (float32). */
  readonly elementBytes: number;
  /** Scratch of thread slot s (parts of a split kernel run at once, each packing its own panels). */
  readonly scratch: number;
  readonly scratchSlot: number;
  readonly staging: number;
  /** The plan's output placed in the arena (an arena made for one run, or the resident output of a pinned one), so no step copies it out. */
  readonly output: DenseArray | undefined;
  /** Intermediate buffers placed in the arena (JS-heap arrays once it is full). */
  readonly pool: BufferPool;
  /** Operands several WebAssembly steps read, copied in once per run. */
  readonly resident: ResidentRegion;
  /** The plan's inputs laid out dense row-major (an arena made with `withInputs`): the caller writes them, kernels read them in place. */
  readonly inputs: readonly DenseArray[] | undefined;
  /** Whether `data` is a view into this arena's memory. */
  owns(data: unknown): data is FloatData;
}

const page = 65536;
const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;

const bytesOf = (dtype: DType): number => (dtype === 'float32' ? 4 : 8);

/**
 * Bytes a kernel may need in staging: each buffer's reach, aligned (only the output's for a kernel
 * that reads in place); none for the output when it is written in place (`outputInPlace`).
 */
export function stagingBytes(kernel: WasmKernelSource, elementBytes: number, outputInPlace = false): number {
  const staged = kernel.stream === 'in-place' ? kernel.reach.slice(0, 1) : kernel.reach;
  return staged.slice(outputInPlace ? 1 : 0).reduce((sum, r) => sum + align((r.max - r.min + 1) * elementBytes), 0);
}

/**
 * Where the arena's regions start, and its size in bytes. `outputInPlace`: the plan's output is
 * placed in the arena for every run (an arena made for one run), so the steps writing it stage none
 * of it (a 275 MB product otherwise held 555 MB of memory alive as long as its result).
 */
function arenaLayout(plan: ExecutionPlan, split?: SplitArena, withInputs = false, outputInPlace = false): { resident: number; inputs: number; scratch: number; scratchSlot: number; staging: number; total: number } {
  const bytes = bytesOf(plan.dtype);
  const wasm = plan.kernels.flatMap((k) => (k.wasm ? [k.wasm] : []));
  const writesOutput = new Set(plan.steps.filter((s) => s.output.kind === 'output').map((s) => plan.kernels[s.kernel]!.wasm));
  const intermediates = plan.buffers.reduce((sum, n) => sum + align(n * bytes), 0);
  const resident = 16 + intermediates;
  const inputs = resident + residentBytes(residentOperands(plan), bytes);
  const scratch = inputs + (withInputs ? plan.inputs.reduce((sum, { shape }) => sum + align(elementCount(shape) * bytes), 0) : 0);
  const scratchSlot = align(Math.max(0, ...wasm.map((k) => k.scratchBytes)));
  const slots = Math.max(1, ...wasm.map((k) => k.parts?.length ?? 1));
  const staging = scratch + slots * scratchSlot;
  const stage = (k: WasmKernelSource): number => (split ? split.stagingBytes(k, bytes) : stagingBytes(k, bytes, outputInPlace && writesOutput.has(k)));
  return { resident, inputs, scratch, scratchSlot, staging, total: staging + Math.max(0, ...wasm.map(stage)) };
}

/** The bytes of a plan's arena (whole pages). */
export function arenaBytes(plan: ExecutionPlan, split?: SplitArena): number {
  return Math.ceil(arenaLayout(plan, split).total / page) * page;
}

/** Addresses are i32: an arena must stay below 2 GiB (the plan then runs its JavaScript kernels). */
export function arenaFits(plan: ExecutionPlan, split?: SplitArena, withInputs = false): boolean {
  return arenaLayout(plan, split, withInputs).total < 2 ** 31 - page;
}

/**
 * An arena for the plan. `withOutput` (an arena made for one run, garbage afterwards, or a pinned
 * one's resident output) also places the plan's output at its end (when it still fits i32
 * addresses), so the last step writes it in place instead of through staging and a copy; the
 * result is then a view into that memory, which lives as long as the result.
 */
export function createWasmArena(plan: ExecutionPlan, withOutput = false, split?: SplitArena, withInputs = false): WasmArena {
  const elementBytes = bytesOf(plan.dtype);
  const length = elementCount(plan.outputShape);
  const fits = (end: number): boolean => align(end) + length * elementBytes < 2 ** 31 - page;
  // an arena made for one run (its output, no resident inputs) always has its output written in place
  const inPlace = withOutput && !withInputs ? arenaLayout(plan, split, false, true) : undefined;
  const { resident, inputs, scratch, scratchSlot, staging, total } = inPlace && fits(inPlace.total) ? inPlace : arenaLayout(plan, split, withInputs);
  const View = plan.dtype === 'float32' ? Float32Array : Float64Array;
  const outputAt = align(total);
  const placeOutput = withOutput && fits(total);
  const pages = Math.ceil((placeOutput ? outputAt + length * elementBytes : total) / page);
  const memory = new WebAssembly.Memory(plan.sharedMemory ? { initial: pages, maximum: pages, shared: true } : { initial: pages });
  const owns = (data: unknown): data is FloatData => data instanceof View && data.buffer === memory.buffer;
  const output: DenseArray | undefined = placeOutput
    ? { data: new View(memory.buffer, outputAt, length), shape: [...plan.outputShape], stride: rowMajorStrides(plan.outputShape), offset: 0 }
    : undefined;
  const view = (at: number, n: number): FloatData => new View(memory.buffer, at, n);
  const elements = new View(memory.buffer);
  return {
    memory, elements, elementBytes, scratch, scratchSlot, staging, output, owns,
    pool: arenaPool(view, elementBytes, 16, resident, owns, (n) => new View(n)),
    resident: createResidentRegion(residentOperands(plan), elements, resident, owns),
    inputs: withInputs ? inputViews(plan, view, elementBytes, inputs) : undefined,
  };
}

/** Dense row-major views of the plan's inputs' shapes, one after another from byte `start`. */
function inputViews(plan: ExecutionPlan, view: (at: number, n: number) => FloatData, elementBytes: number, start: number): DenseArray[] {
  let at = start;
  return plan.inputs.map(({ shape }) => {
    const n = elementCount(shape);
    const data = view(at, n);
    at += align(n * elementBytes);
    return { data, shape: [...shape], stride: rowMajorStrides(shape), offset: 0 };
  });
}

/** Buffers bump-allocated in [start, end) and reused by exact length; past the end, plain arrays. */
function arenaPool(view: (at: number, length: number) => FloatData, elementBytes: number, start: number, end: number,
  owns: (d: unknown) => boolean, outside: (length: number) => FloatData): BufferPool {
  const free: FloatData[] = [];
  let next = start;
  return {
    take(length) {
      const k = free.findIndex((b) => b.length === length);
      if (k >= 0) return free.splice(k, 1)[0]!;
      if (next + length * elementBytes > end) return outside(length);
      const made = view(next, length);
      next += align(length * elementBytes);
      return made;
    },
    give(buffer) {
      if (owns(buffer)) free.push(buffer);
    },
  };
}
