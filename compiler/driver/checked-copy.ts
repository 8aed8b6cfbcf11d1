import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { copyOut, type CopyOut } from '../../runtime/staging-copy.js';
import type { DenseArray, FloatData } from '../../runtime/strided-array.js';
import { firstNonFinite } from './instantiate.js';

/**
 * A network's finiteness check of its results, fused into WebAssembly steps' copy out of the
 * arena: the output is read while it is in cache (checked afterwards, a training step's 784×128
 * gradient was read again from memory: ~100 µs of CPU of its ~6.5 ms). Only network plans pass
 * it, so einsum's bundle carries none of it.
 */
export interface CheckedCopy {
  /** Copies like `copyOut` (into a fresh array when given none); a target copied whole and found finite is noted. */
  readonly copy: CopyOut;
  /**
   * Whether the run's `values` (the plan's output, then its results) were each found finite by
   * `copy`: only a value one step writes (no later step changes it) counts; a note is used once.
   */
  finite(plan: ExecutionPlan, values: readonly DenseArray[]): boolean[];
}

export function createCheckedCopy(): CheckedCopy {
  // weak: results belong to the caller once returned
  const noted = new WeakSet<FloatData>();
  // notes not yet used: a plan without WebAssembly outputs looks nothing up (a WeakSet miss is ~40 ns)
  let pending = 0;
  return {
    copy(from, at, to, start, length) {
      const target = to === undefined ? freshCopy(from, at, length) : copyOut(from, at, to, start, length);
      if (start === 0 && length === target.length && firstNonFinite(from, at, at + length) < 0 && !noted.has(target)) { noted.add(target); pending++; }
      return target;
    },
    finite(plan, values) {
      if (pending === 0) return values.map(() => false);
      const writers = writersOf(plan);
      return values.map((v, k) => (noted.delete(v.data) ? (pending--, writers[k] === 1) : false));
    },
  };
}

/** How many steps write the output (first) and each further result. */
function writersOf(plan: ExecutionPlan): number[] {
  const writers = new Array<number>(1 + (plan.results?.length ?? 0)).fill(0);
  for (const { output } of plan.steps) {
    if (output.kind === 'output') writers[0]!++;
    else if (output.kind === 'result') writers[1 + output.index]!++;
  }
  return writers;
}

/**
 * A new array holding `from[at … at + length)`, for a result made by its writer. V8 makes a large
 * typed array constructed from another without zero-filling it first; a result allocated zeroed
 * before the run and then copied into is written twice (a training step's 784×128 gradient: ~145 µs
 * of CPU to allocate zeroed, besides the copy). Below `constructedFromBytes`, constructing from a
 * view of WebAssembly memory measured slower than allocating and copying (10 KiB: 6–11 µs against 3.6).
 */
export function freshCopy(from: FloatData, at: number, length: number): FloatData {
  const part = from.subarray(at, at + length);
  const single = part instanceof Float32Array;
  if (part.byteLength >= constructedFromBytes) return single ? new Float32Array(part) : new Float64Array(part);
  const made = single ? new Float32Array(length) : new Float64Array(length);
  made.set(part);
  return made;
}

const constructedFromBytes = 65536;
