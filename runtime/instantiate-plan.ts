import type { BufferPool } from './buffer-pool.js';
import { executePlan } from './execute-plan.js';
import type { ExecutionPlan, WasmKernelSource } from './execution-plan.js';
import type { KernelCache, KernelFunction } from './instantiate-kernel.js';
import { defaultRuntimeOptions, type RuntimeOptions } from './runtime-options.js';
import { instantiateWasmKernel } from './instantiate-wasm.js';
import { createResultSlab, type ResultSlab } from './result-slab.js';
import type { CompiledWasmModule } from './wasm-module-cache.js';
import { allocate, elementCount, type DenseArray, type StridedArray } from './strided-array.js';
import { arenaBytes, arenaFits, createWasmArena, type WasmArena } from './wasm-arena.js';
import type { SplitArena } from './split-units.js';
import type { splitKernel } from './split-kernel.js';
import type { ThreadSupport } from './thread-support.js';
import type { CopyOut } from './staging-copy.js';
import type { ArenaLink, WorkerPool } from './worker-pool.js';

/** A plan ready to run, and how much WebAssembly memory it holds between runs. */
export interface InstantiatedPlan {
  readonly plan: ExecutionPlan;
  /**
   * Runs the plan; `pool` holds the intermediates of a plan without an arena. The plan's further
   * `results`, if any, are put in `results` (an empty list). `output`, when given, is where the
   * result is written (dense row-major, the output's shape and dtype, sharing no memory with an
   * operand: the caller checks) and what is returned; else the result is fresh.
   */
  run(operands: readonly StridedArray[], pool: BufferPool, results?: DenseArray[], output?: DenseArray): DenseArray;
  /** Bytes of WebAssembly memory kept while the plan is idle: its arena if retained, else 0. */
  retainedBytes(): number;
  /**
   * Dense row-major arrays of the inputs' shapes that the plan reads in place: views into an
   * arena laid out with a region for them (made on the first call, then kept with the plan, whatever
   * its size: later runs use it), so memory-bound WebAssembly steps read them without staging. A
   * plan without WebAssembly (or whose arena would not fit) gets plain arrays (its JavaScript
   * kernels read any array in place). The same arrays on every call.
   */
  residentInputs(): readonly DenseArray[];
  /**
   * A dense row-major array of the output's shape in the same arena as `residentInputs` (one
   * arena whichever is asked for first), for `run`'s `output`: its WebAssembly steps then write the
   * result there in place (no staging, no copy out, no fresh pages). Each run overwrites it. A plain
   * array when the inputs' are (or when the arena would not fit it). The same array on every call.
   */
  residentOutput(): DenseArray;
}

/** An instantiated plan before resident operands: how it runs, what it keeps, and how it lets go of a kept arena. */
type Runner = Omit<InstantiatedPlan, 'residentInputs' | 'residentOutput' | 'plan'> & { readonly release?: () => void };

/**
 * A threaded plan keeps an arena up to this many times `runtime.retainedArenaBytes`: a split matrix
 * product stages its operands whole (not a batch at a time), and faulting in a fresh arena per run costs more
 * than the second thread saves (attention (4,8,256,64): 30 ms of CPU per run against 18 kept).
 */
const threadedRetention = 8;

/** A kernel's JavaScript function, or its compiled module (and its parts' modules) waiting for an arena. */
type KernelPart = KernelFunction
  | { readonly source: WasmKernelSource; readonly module: CompiledWasmModule; readonly parts: readonly CompiledWasmModule[]; readonly fallback: KernelFunction | undefined };

/**
 * JavaScript kernels from their source; kernels carrying WebAssembly run it against one arena per
 * plan (float64 plans only), so consecutive WebAssembly steps hand intermediates over in place.
 * An arena of at most `runtime.retainedArenaBytes` is kept with the plan, so small repeated calls allocate
 * nothing; a larger one is kept by the kernel cache while it fits `runtime.keptArenaBytes` with
 * the arenas of the plans run since (keptOrPerRun), else made for each run and dropped after it
 * (the cost is faulting in fresh pages: ~8 ms of a 90 ms 1024³ product).
 * Chosen over one shared arena grown on demand: no views to re-derive after a grow, and an idle
 * cache holds no large memory at all. A plan with kernels split into parts needs `threads` (the
 * capability that starts workers and runs parts; only a compilation given it splits steps).
 * `copy` takes WebAssembly steps' outputs out of the arena (network plans pass one that checks them).
 */
export function instantiatePlan(plan: ExecutionPlan, cache: KernelCache, runtime: RuntimeOptions, threads?: ThreadSupport, copy?: CopyOut): InstantiatedPlan {
  let runner = runnerOf(withoutStreamsOnInputs(plan), cache, runtime, threads, copy);
  let resident: Resident | undefined;
  const pin = (): Resident => {
    if (resident !== undefined) return resident;
    const made = pinned(plan, cache, threads, copy);
    if (made === undefined) return (resident = { inputs: plainInputs(plan), output: allocate(plan.outputShape, plan.dtype) });
    runner.release?.();
    runner = made.runner;
    return (resident = made.resident);
  };
  return {
    plan,
    run: (operands, pool, results, output) => runner.run(operands, pool, results, output),
    retainedBytes: () => runner.retainedBytes(),
    residentInputs: () => pin().inputs,
    residentOutput: () => pin().output,
  };
}

/** A plan's resident inputs and output: views into its pinned arena, or plain arrays. */
interface Resident {
  readonly inputs: readonly DenseArray[];
  readonly output: DenseArray;
}

/**
 * The plan without the WebAssembly of steps that read in place but read a plan input: without
 * resident inputs those always stage, so their JavaScript kernels run (and a plan left without
 * WebAssembly needs no arena at all).
 */
function withoutStreamsOnInputs(plan: ExecutionPlan): ExecutionPlan {
  const staged = new Set(plan.steps.filter((s) => plan.kernels[s.kernel]!.wasm?.stream === 'in-place' && s.inputs.some((r) => r.kind === 'input')).map((s) => s.kernel));
  if (staged.size === 0) return plan;
  return { ...plan, kernels: plan.kernels.map((k, i) => (staged.has(i) ? { name: k.name, source: k.source, ir: k.ir } : k)) };
}

/**
 * Whether the plan's only WebAssembly is memory-bound steps' (the staged ones pay against the
 * JavaScript kernels only in an arena that is kept: faulting in a fresh one per run costs more).
 */
function onlyStreams(plan: ExecutionPlan): boolean {
  return plan.kernels.every((k) => k.wasm === undefined || k.wasm.stream !== undefined);
}

/** Fresh dense arrays of the inputs' shapes, for a plan that runs no WebAssembly. */
function plainInputs(plan: ExecutionPlan): DenseArray[] {
  return plan.inputs.map(({ shape }) => allocate(shape, plan.dtype));
}

/** What a threaded plan's arena needs of the threads capability (none for a plan without shared memory). */
const splitSizing = (plan: ExecutionPlan, threads: ThreadSupport | undefined): SplitArena | undefined =>
  (plan.sharedMemory ? threads?.splitArena : undefined);

/** Whether the plan runs WebAssembly here: it has some, its arena fits i32 addresses, and shared memory can be made if it needs one. */
const runsWasm = (plan: ExecutionPlan, sizing: SplitArena | undefined, withInputs = false): boolean =>
  plan.kernels.some((k) => k.wasm !== undefined) && arenaFits(plan, sizing, withInputs) && (!plan.sharedMemory || sharedMemoryWorks());

/**
 * The plan run in an arena of its own holding its inputs and its output, kept with it (not by the
 * cache's keeper, whatever its size: the caller's resident arrays live as long as the plan);
 * undefined when the plan runs no WebAssembly here. A run given no output still writes a fresh
 * result (the resident one is the caller's to pass).
 */
function pinned(plan: ExecutionPlan, cache: KernelCache, threads: ThreadSupport | undefined, copy: CopyOut | undefined): { runner: Runner; resident: Resident } | undefined {
  const sizing = splitSizing(plan, threads);
  if (!runsWasm(plan, sizing, true)) return undefined;
  const arena = createWasmArena(plan, true, sizing, true);
  const resident = { inputs: arena.inputs!, output: arena.output ?? allocate(plan.outputShape, plan.dtype) };
  return { resident, runner: retained(plan, arena, prepare(plan, cache, threads, copy)) };
}

/** The plan run in an arena it keeps (its resident inputs' or one within `retainedArenaBytes`). */
function retained(plan: ExecutionPlan, arena: WasmArena, { run, parts, binding, made }: Prepared): Runner {
  const kernels = bindKernels(parts, arena, binding).kernels;
  const slab = outputSlab(plan);
  return {
    run: (operands, _, results, output) => inArena(arena, operands, () => executePlan(run, kernels, operands, arena.pool, output ?? slab.allocate(plan.outputShape), results, made)),
    retainedBytes: () => arena.memory.buffer.byteLength,
  };
}

/** The plan as an arena runs it, its kernels' parts, how split kernels are bound, and which results their writer makes. */
interface Prepared {
  readonly run: ExecutionPlan;
  readonly parts: readonly KernelPart[];
  readonly binding: SplitBinding;
  readonly made: readonly boolean[];
}

function prepare(plan: ExecutionPlan, cache: KernelCache, threads: ThreadSupport | undefined, copy: CopyOut | undefined): Prepared {
  const sizing = splitSizing(plan, threads);
  const run = withoutWasmScratch(plan);
  // a result is made by its writer only through a caller's copy, which makes the fresh array
  const made = copy ? madeByWriter(plan) : [];
  const parts = plan.kernels.map((k): KernelPart => (k.wasm
    ? { source: k.wasm, module: cache.wasm.get(k.wasm.module), parts: (k.wasm.parts ?? []).map((p) => cache.wasm.get(p.module)), fallback: k.wasm.stream === 'in-place' ? cache.get(k) : undefined }
    : cache.get(k)));
  const split = Math.max(1, ...plan.kernels.map((k) => k.wasm?.parts?.length ?? 1));
  if (split > 1 && threads === undefined) throw new Error('internal: a plan split for threads was instantiated without the threads capability');
  const pool = split > 1 ? cache.wasm.workers(split - 1, threads!.createPool) : undefined;
  return { run, parts, made, binding: { pool, run: threads?.splitKernel as typeof splitKernel | undefined, sizing, copy } };
}

function runnerOf(plan: ExecutionPlan, cache: KernelCache, runtime: RuntimeOptions, threads?: ThreadSupport, copy?: CopyOut): Runner {
  const sizing = splitSizing(plan, threads);
  const usesWasm = runsWasm(plan, sizing)
    && !(onlyStreams(plan) && arenaBytes(plan, sizing) > Math.max(runtime.retainedArenaBytes, runtime.keptArenaBytes ?? defaultRuntimeOptions.keptArenaBytes));
  if (!usesWasm) {
    const kernels = plan.kernels.map((k) => cache.get(k));
    const slab = outputSlab(plan);
    return { run: (operands, pool, results, output) => executePlan(plan, kernels, operands, pool, output ?? slab.allocate(plan.outputShape), results), retainedBytes: () => 0 };
  }
  const prepared = prepare(plan, cache, threads, copy);
  const bytes = arenaBytes(plan, sizing);
  if (bytes > (plan.sharedMemory ? threadedRetention : 1) * runtime.retainedArenaBytes) return keptOrPerRun(prepared, cache, bytes, runtime);
  return retained(plan, createWasmArena(plan, false, sizing), prepared);
}

/**
 * The plan as its arena runs it: a WebAssembly step packs into the arena's own scratch and ignores
 * the JavaScript scratch argument, so it gets none, and a plan whose JavaScript steps use none
 * takes no scratch array per run (it was allocated and zeroed on every call: 266 KB for 256³).
 */
function withoutWasmScratch(plan: ExecutionPlan): ExecutionPlan {
  // a kernel that reads in place may still run its JavaScript kernel (operands not in the arena), which may pack
  const steps = plan.steps.map((s) => {
    const wasm = plan.kernels[s.kernel]!.wasm;
    return s.usesScratch && wasm !== undefined && wasm.stream !== 'in-place' ? { ...s, usesScratch: false } : s;
  });
  return { ...plan, steps, scratchLength: steps.some((s) => s.usesScratch) ? plan.scratchLength : 0 };
}

/**
 * A plan whose arena is over its own limit: the arena the cache keeps for it (`keptArenaBytes` in
 * all, the plans run last keep theirs), else one made for the run. A kept arena's output is
 * copied out through staging like a retained one's; the copy costs far less than faulting in a
 * fresh arena (5-operand n=30 network: 0.55× the time).
 */
function keptOrPerRun({ run: plan, parts, binding, made }: Prepared, cache: KernelCache, bytes: number, runtime: RuntimeOptions): Runner {
  const owner = {};
  const slab = outputSlab(plan);
  const budget = runtime.keptArenaBytes ?? defaultRuntimeOptions.keptArenaBytes;
  const bind = (): { arena: WasmArena; kernels: KernelFunction[]; link: ArenaLink | undefined } => {
    const arena = createWasmArena(plan, false, binding.sizing);
    return { arena, ...bindKernels(parts, arena, binding) };
  };
  return {
    run(operands, _, results, output) {
      const kept = cache.wasm.arenas.keep(owner, bytes, budget, bind, (k) => k.link?.detach());
      return kept ? inArena(kept.arena, operands, () => executePlan(plan, kept.kernels, operands, kept.arena.pool, output ?? slab.allocate(plan.outputShape), results, made))
        : runInArena(plan, parts, operands, binding, results, output, made);
    },
    retainedBytes: () => cache.wasm.arenas.bytesOf(owner),
    release: () => cache.wasm.arenas.forget(owner),
  };
}

/**
 * One run in a fresh arena holding the output too (written in place, no copy out); the result is
 * a view into it, and the rest of the arena is garbage with the result. A caller's `output` is
 * written through staging instead (the arena then has no room for one).
 */
function runInArena(plan: ExecutionPlan, parts: readonly KernelPart[], operands: readonly StridedArray[], binding: SplitBinding,
  results: DenseArray[] | undefined, output: DenseArray | undefined, made: readonly boolean[]): DenseArray {
  const arena = createWasmArena(plan, output === undefined, binding.sizing);
  const { kernels, link } = bindKernels(parts, arena, binding);
  try {
    return inArena(arena, operands, () => executePlan(plan, kernels, operands, arena.pool, output ?? arena.output, results, made));
  } finally {
    link?.detach();
  }
}

/**
 * The results a WebAssembly step makes itself, copying its output out of the arena into a fresh
 * array instead of into one allocated zero-filled before the run: a result whose one writer is an
 * unsliced, unsplit WebAssembly kernel reaching every element (not in a plan over shared memory,
 * whose typed arrays V8 copies element by element; not a memory-bound kernel that reads in place,
 * which may run its JavaScript kernel instead).
 */
function madeByWriter(plan: ExecutionPlan): boolean[] {
  return (plan.results ?? []).map((shape, k) => {
    const writers = plan.steps.filter((s) => s.output.kind === 'result' && s.output.index === k);
    const wasm = writers.length === 1 ? plan.kernels[writers[0]!.kernel]!.wasm : undefined;
    const n = elementCount(shape);
    return !plan.sharedMemory && wasm !== undefined && wasm.slices === undefined && wasm.parts === undefined && wasm.stream !== 'in-place'
      && n > 0 && wasm.reach[0]!.min === 0 && wasm.reach[0]!.max === n - 1;
  });
}

/**
 * Where a plan's fresh outputs come from: a plan with a step writing its output writes all of it
 * (every kernel writes its whole target, as intermediates from the unzeroed buffer pool need; a
 * caller's `out` relies on it too), so a large one is not zeroed first.
 */
function outputSlab(plan: ExecutionPlan): ResultSlab {
  return createResultSlab(plan.dtype, plan.steps.some((s) => s.output.kind === 'output'));
}

/** Where split kernels' parts go (the pool, if it started), what runs them (the threads capability's runner), how outputs are copied out. */
interface SplitBinding {
  readonly pool: WorkerPool | undefined;
  readonly run: typeof splitKernel | undefined;
  readonly sizing: SplitArena | undefined;
  readonly copy: CopyOut | undefined;
}

/**
 * One run against an arena: operands several WebAssembly steps read copied in first, forgotten
 * after (after a throw, at the next run's staging: they are only read during a run).
 */
function inArena<T>(arena: WasmArena, operands: readonly StridedArray[], run: () => T): T {
  arena.resident.stage(operands);
  const result = run();
  arena.resident.clear();
  return result;
}

/** The kernels against an arena; split kernels' parts shared with the pool's workers (one link per arena). */
function bindKernels(parts: readonly KernelPart[], arena: WasmArena, { pool, run, copy }: SplitBinding): { kernels: KernelFunction[]; link: ArenaLink | undefined } {
  const split = parts.flatMap((p) => (typeof p === 'function' ? [] : p.parts));
  const link = pool !== undefined && split.length > 0 ? pool.attach(arena.memory, split) : undefined;
  let first = 0;
  const kernels = parts.map((p) => {
    if (typeof p === 'function') return p;
    const at = first;
    first += p.parts.length;
    return instantiateWasmKernel(p.source, p.module, arena, p.parts.length > 0 ? { modules: p.parts, link, first: at, run: run! } : undefined, copy, p.fallback);
  });
  return { kernels, link };
}

/** Whether a shared WebAssembly memory can be made here (browsers need cross-origin isolation). */
function sharedMemoryWorks(): boolean {
  try {
    return new WebAssembly.Memory({ initial: 0, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}
