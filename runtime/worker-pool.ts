import type * as WorkerThreads from 'node:worker_threads';
import { arenaLimit, doorTask, doorWaiting, taskBoxLength, taskHeader, workerScript } from './worker-script.js';

/**
 * Workers that run parts of split WebAssembly kernels against a plan's shared arena, owned by the
 * caller's cache (no module-level state). Workers start in the background (Node `worker_threads`,
 * unref'd so they never keep a process alive; Web Workers in browsers); until one has said it is
 * ready its parts run on the calling thread — same modules, same result. A worker says so in
 * shared memory too, not only by a message: a program that calls a plan in a synchronous loop
 * never lets its event loop read the message, and ran every part on one thread. Between tasks a worker
 * waits at its door (worker-script.ts), where a task is handed over through shared memory, not by
 * a message. A run is synchronous: the
 * calling thread runs its own part, then blocks (`Atomics.wait`; a browser's main thread, which
 * may not block, spins) until every worker has reported.
 */
export interface WorkerPool {
  readonly size: number;
  /** Resolves once every worker has started or failed to (a run before that uses fewer threads). */
  ready(): Promise<void>;
  /** Shares an arena's memory and the modules of its split kernels with the workers. */
  attach(memory: SharedWasmMemory, modules: readonly object[]): ArenaLink;
  /** Parts run by workers since the pool started (tests and benches check threads were used). */
  readonly dispatched: number;
  /** Parts and slices the workers ran since the pool started (a worker may take none of a run's slices). */
  readonly unitsRun: number;
  /** Tasks handed over by a message (a worker not waiting on its door); the others went through shared memory. */
  readonly posted: number;
  terminate(): Promise<void>;
}

/**
 * A shared `WebAssembly.Memory` and compiled modules, typed opaquely: a KernelCache's pool is part
 * of the public types, which must not need the WebAssembly lib declarations (wasm-module-cache.ts).
 */
export type SharedWasmMemory = object;

/**
 * A worker's share of a split kernel, in units (a part, or a slice of a batched product). Unit g
 * calls `module` with buffer b at `addresses[b]` plus `(g mod ring.slots)·ring.slotBytes` when b is
 * staged (`ring.staged[b]`: each unit in a slot of the staging ring), else plus
 * `(g − first)·strides[b]` bytes (in the arena already). `claim`: the units are taken one at a
 * time from the counter every thread shares (control word 0), else the worker runs unit `first`
 * alone. `waitStaged`: a unit waits until the calling thread has staged it (control word 1
 * counts staged units). The worker touches only the arena (every copy in or out is the calling
 * thread's: no buffer of a call is ever posted to a worker, which would keep it alive there until
 * that worker's next garbage collection), then flags the unit in control word 2 + g: 1 done, 2 failed.
 */
export interface PartTask {
  readonly module: number;
  readonly addresses: readonly number[];
  readonly strides: readonly number[];
  readonly ring: { readonly slots: number; readonly slotBytes: number; readonly staged: readonly boolean[] };
  readonly first: number;
  readonly claim: boolean;
  readonly units: number;
  readonly waitStaged: boolean;
  /** Byte address of the run's control words in the arena (Int32: next, staged, then a flag per unit). */
  readonly control: number;
}

export interface ArenaLink {
  /** Hands `task` to worker `worker` when it is ready; false: run it on this thread instead. */
  send(worker: number, task: PartTask): boolean;
  /** Waits for worker `worker`'s task; false when it failed (run it on this thread again). */
  wait(worker: number): boolean;
  /** Whether worker `worker`'s task has ended (done or failed), without waiting. */
  ended(worker: number): boolean;
  /** The arena is garbage: workers drop it. */
  detach(): void;
}

interface PoolWorker {
  post(message: unknown): void;
  /** Settles once its ready message (or its failure) has been read: the pool's `ready()`. */
  readonly started: Promise<void>;
  /** It failed or was terminated: no task goes to it, whatever it said before. */
  isGone(): boolean;
  terminate(): Promise<void>;
}

/** A pool of `size` workers, or undefined where this environment has no workers or shared memory. */
export function createWorkerPool(size: number): WorkerPool | undefined {
  if (size < 1 || !sharedMemorySupported()) return undefined;
  const start = workerStarter();
  if (start === undefined) return undefined;
  // per worker: its task's status (0 running, 1 done, 2 failed), then the units it has run
  const signal = new Int32Array(new SharedArrayBuffer(8 * size));
  // per worker: its door (doorAway, doorWaiting, doorTask) and the messages posted to it; then its task, in numbers
  const door = new Int32Array(new SharedArrayBuffer(8 * size));
  const box = new Float64Array(new SharedArrayBuffer(8 * taskBoxLength * size));
  // per worker: 1 once it has started (set by the worker itself)
  const started = new Int32Array(new SharedArrayBuffer(4 * size));
  const workers = Array.from({ length: size }, () => start());
  // the worker sets its flag before it posts its ready message, so the flag alone says it has started
  const usable = (w: number): boolean => { const worker = workers[w]; return worker !== undefined && !worker.isGone() && Atomics.load(started, w) === 1; };
  /** Posts to worker w, counted first: a worker waiting on its door goes back to its messages until it has read as many. */
  const post = (w: number, message: unknown): void => {
    Atomics.add(door, 2 * w + 1, 1);
    workers[w]!.post(message);
    Atomics.notify(door, 2 * w);
  };
  workers.forEach((_, w) => post(w, { type: 'init', signal: signal.buffer, door: door.buffer, box: box.buffer, started: started.buffer, worker: w }));
  const attached: number[] = [];
  let nextId = 0;
  let dispatched = 0;
  let posted = 0;
  let canBlock = true;
  const wait = (slot: number): void => {
    if (canBlock) {
      try {
        while (Atomics.load(signal, slot) === 0) Atomics.wait(signal, slot, 0);
        return;
      } catch {
        canBlock = false;
      }
    }
    while (Atomics.load(signal, slot) === 0) { /* a browser's main thread may not block: spin */ }
  };
  const share = (id: number, memory: SharedWasmMemory, modules: readonly object[]): void => {
    workers.forEach((_, w) => post(w, { type: 'attach', id, memory, modules }));
    attached.push(id);
    if (attached.length > arenaLimit) attached.shift();
  };
  return {
    size,
    get dispatched() { return dispatched; },
    get posted() { return posted; },
    get unitsRun() { return workers.reduce((n, _, w) => n + Atomics.load(signal, 2 * w + 1), 0); },
    ready: () => Promise.all(workers.map((w) => w.started)).then(() => undefined),
    terminate: () => Promise.all(workers.map((w) => w.terminate())).then(() => undefined),
    attach(memory, modules) {
      const id = nextId++;
      share(id, memory, modules);
      return {
        detach() {
          const at = attached.indexOf(id);
          if (at >= 0) attached.splice(at, 1);
          workers.forEach((_, w) => post(w, { type: 'detach', id }));
        },
        send(w, task) {
          if (!usable(w)) return false;
          if (!attached.includes(id)) share(id, memory, modules);
          Atomics.store(signal, 2 * w, 0);
          // a worker waiting on its door takes the task from shared memory (a message took 0.05–2.5 ms to wake it)
          if (packTask(box, w, id, 2 * w, task) && Atomics.compareExchange(door, 2 * w, doorWaiting, doorTask) === doorWaiting) {
            Atomics.notify(door, 2 * w);
          } else {
            posted++;
            post(w, { type: 'run', id, slot: 2 * w, ...task });
          }
          return true;
        },
        ended: (w) => Atomics.load(signal, 2 * w) !== 0,
        wait(w) {
          wait(2 * w);
          const done = Atomics.load(signal, 2 * w) === 1;
          if (done) dispatched++;
          return done;
        },
      };
    },
  };
}

/** Writes worker w's task into its box (worker-script.ts reads it back); false when it has too many buffers for the box. */
function packTask(box: Float64Array, w: number, id: number, slot: number, task: PartTask): boolean {
  const n = task.addresses.length;
  if (taskHeader + 3 * n > taskBoxLength) return false;
  const at = w * taskBoxLength;
  box.set([id, slot, task.module, task.first, task.claim ? 1 : 0, task.units, task.waitStaged ? 1 : 0, task.control, task.ring.slots, task.ring.slotBytes, n], at);
  box.set(task.addresses, at + taskHeader);
  box.set(task.strides, at + taskHeader + n);
  for (let b = 0; b < n; b++) box[at + taskHeader + 2 * n + b] = task.ring.staged[b] ? 1 : 0;
  return true;
}

/** Cores this environment offers workers (Node's availableParallelism, a browser's hardwareConcurrency), 1 without workers or shared memory. */
export function availableThreads(): number {
  if (!sharedMemorySupported() || workerStarter() === undefined) return 1;
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const cores = os?.availableParallelism?.() ?? (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, cores ?? 1);
}

function sharedMemorySupported(): boolean {
  try {
    return typeof SharedArrayBuffer === 'function' && new WebAssembly.Memory({ initial: 0, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** How to start a worker here: Node's worker_threads (reached without an import, so bundles for browsers stay clean), else Web Workers. */
function workerStarter(): (() => PoolWorker) | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const threads = process?.getBuiltinModule?.('node:worker_threads') as typeof WorkerThreads | undefined;
  if (threads !== undefined) return () => nodeWorker(threads);
  if (typeof Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function') return webWorker;
  return undefined;
}

function nodeWorker(threads: typeof WorkerThreads): PoolWorker {
  const worker = new threads.Worker(new URL(`data:text/javascript,${encodeURIComponent(workerScript)}`));
  worker.unref();
  let gone = false;
  // a worker that fails to start settles `started` too, and stays out of every run
  const started = new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.once('error', () => { gone = true; resolve(); });
  });
  return {
    post: (message) => worker.postMessage(message),
    started, isGone: () => gone,
    terminate: () => { gone = true; return worker.terminate().then(() => undefined); },
  };
}

function webWorker(): PoolWorker {
  const url = URL.createObjectURL(new Blob([workerScript], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module' });
  let gone = false;
  const started = new Promise<void>((resolve) => {
    worker.onmessage = () => { URL.revokeObjectURL(url); resolve(); };
    worker.onerror = () => { gone = true; resolve(); };
  });
  return {
    post: (message) => worker.postMessage(message),
    started, isGone: () => gone,
    terminate: () => { gone = true; worker.terminate(); return Promise.resolve(); },
  };
}
