import { assertNever } from '../diagnostics/assert-never.js';
import { pairStep } from './cost-model.js';
import { createMinHeap, type MinHeap } from './min-heap.js';
import { elementsOfIds, type IndexedProblem } from './indexed-problem.js';
import type { SsaPath } from './path-forms.js';

/** A pair the greedy search may contract next; `score` is lower-is-better. */
export interface Candidate {
  readonly score: number;
  readonly flops: number;
  readonly left: number;
  readonly right: number;
  readonly resultSize: number;
  /** How many candidates were made before this one. */
  readonly serial: number;
}

/** Picks the next candidate from the queue; `isLive` says whether both its operands still exist. */
export type Chooser = (queue: MinHeap<Candidate>, isLive: (c: Candidate) => boolean) => Candidate | undefined;

/** Heuristic score of contracting two tensors of the given sizes into one of `resultSize` elements. */
export type GreedyScore = (resultSize: number, leftSize: number, rightSize: number, flops: number) => number;

/** opt_einsum's 'memory-removed': how many elements the step adds, size(ab) − size(a) − size(b). */
export const memoryRemoved: GreedyScore = (ab, a, b) => ab - a - b;

export const pickBest: Chooser = (queue, isLive) => {
  for (let c = queue.pop(); c; c = queue.pop()) if (isLive(c)) return c;
  return undefined;
};

export interface GreedyResult {
  readonly ssa: SsaPath;
  readonly flops: number;
  /** False when the memory limit stopped the search before one tensor remained. */
  readonly complete: boolean;
  /** Candidate pairs scored (the run's work). */
  readonly candidates: number;
}

/** Orders among candidates of equal score (opt_einsum's own follows Python's set hashing). */
export const TIE_ORDERS = ['cheaper', 'dearer', 'newer', 'earlier'] as const;
export type Ties = (typeof TIE_ORDERS)[number];

/** How a greedy run scores, picks and links candidate pairs. */
export interface GreedySettings {
  readonly score: GreedyScore;
  readonly choose: Chooser;
  readonly memoryLimit?: number;
  /** opt_einsum's rule: only a shared summed index links a pair; Hadamard-only pairs join last. */
  readonly hadamardLast?: boolean;
  /** opt_einsum's queue: each new tensor enters only its best pair, not every pair. */
  readonly bestPairOnly?: boolean;
  /** Among equal scores: the cheaper step (default), the dearer one, the newer tensors, or the earlier candidate. */
  readonly ties?: Ties;
  /** Give up (incomplete) once the flops spent reach this: a randomized trial that is already worse than the best. */
  readonly flopsBound?: number;
}

/**
 * Greedy contraction: repeatedly contract the best-scoring pair of tensors that share an index,
 * then join what remains by outer products, smallest kept part first (outer products deferred).
 * Ties go to the cheaper step, then to older tensors, so the result is deterministic.
 */
export function greedySearch(problem: IndexedProblem, settings: GreedySettings): GreedyResult {
  const { score, choose, memoryLimit = Infinity, hadamardLast = false, bestPairOnly = false, ties = 'cheaper', flopsBound = Infinity } = settings;
  const state = createState(problem);
  const kept = keptEverywhere(problem);
  const links = (index: number) => !hadamardLast || kept[index] === 0;
  const before = (x: Candidate, y: Candidate) => x.score < y.score || (x.score === y.score && tieBefore(ties, x, y));
  const queue = createMinHeap<Candidate>(before);
  /** Queues the pairs (a, b) for b in `others` (every fitting one, or only the best with bestPairOnly). */
  const offer = (a: number, others: Iterable<number>) => {
    let best: Candidate | undefined;
    for (const b of others) {
      const c = a < b ? state.candidate(a, b, score) : state.candidate(b, a, score);
      if (c.resultSize > memoryLimit) continue;
      if (!bestPairOnly) queue.push(c);
      else if (!best || before(c, best)) best = c;
    }
    if (best) queue.push(best);
  };
  for (const [index, holders] of state.holders.entries()) {
    if (holders.size < 2 || !links(index)) continue;
    const ids = [...holders].sort((x, y) => x - y);
    for (let x = 0; x < ids.length - 1; x++) offer(ids[x]!, ids.slice(x + 1));
  }
  for (let c = choose(queue, state.isLive); c; c = choose(queue, state.isLive)) {
    const made = state.contract(c.left, c.right);
    if (state.flops() >= flopsBound) return { ssa: state.ssa, flops: state.flops(), complete: false, candidates: state.candidates() };
    offer(made, state.neighbours(made, links));
  }
  joinByOuterProducts(state, memoryLimit, (id) => elementsOfIds(state.indicesOf(id).filter((i) => kept[i] === 1), problem.sizes));
  return { ssa: state.ssa, flops: state.flops(), complete: state.live.size <= 1, candidates: state.candidates() };
}


function tieBefore(ties: Ties, x: Candidate, y: Candidate): boolean {
  const older = x.left < y.left || (x.left === y.left && x.right < y.right);
  switch (ties) {
    case 'cheaper': return x.flops < y.flops || (x.flops === y.flops && older);
    case 'dearer': return x.flops > y.flops || (x.flops === y.flops && older);
    case 'newer': return x.right > y.right || (x.right === y.right && x.left > y.left);
    case 'earlier': return x.serial < y.serial;
    default: return assertNever(ties);
  }
}

/** 1 for indices in the output or in every operand (never summed before the last step). */
function keptEverywhere(problem: IndexedProblem): Uint8Array {
  const count = new Int32Array(problem.sizes.length);
  for (const t of problem.operands) for (const i of t) count[i]!++;
  return problem.isOutput.map((o, i) => (o === 1 || count[i] === problem.operands.length ? 1 : 0));
}

function joinByOuterProducts(state: GreedyState, memoryLimit: number, footprint: (id: number) => number): void {
  const bySize = createMinHeap<{ readonly id: number; readonly size: number }>((x, y) => x.size < y.size || (x.size === y.size && x.id < y.id));
  for (const id of state.live) bySize.push({ id, size: footprint(id) });
  while (bySize.size > 1) {
    const a = bySize.pop()!, b = bySize.pop()!;
    if (state.candidate(a.id, b.id, memoryRemoved).resultSize > memoryLimit) return;
    const made = state.contract(Math.min(a.id, b.id), Math.max(a.id, b.id));
    bySize.push({ id: made, size: footprint(made) });
  }
}

interface GreedyState {
  readonly ssa: number[][];
  readonly live: Set<number>;
  /** index id → ids of the live tensors carrying it */
  readonly holders: readonly Set<number>[];
  readonly isLive: (c: Candidate) => boolean;
  candidate(a: number, b: number, score: GreedyScore): Candidate;
  contract(a: number, b: number): number;
  /** Live tensors sharing with `id` an index that `links`. */
  neighbours(id: number, links: (index: number) => boolean): Set<number>;
  indicesOf(id: number): Int32Array;
  flops(): number;
  candidates(): number;
}

function createState(problem: IndexedProblem): GreedyState {
  const { sizes, isOutput } = problem;
  const indices: Int32Array[] = [...problem.operands];
  const elements = indices.map((t) => elementsOfIds(t, sizes));
  const live = new Set(indices.map((_, k) => k));
  const holders = Array.from(sizes, () => new Set<number>());
  indices.forEach((t, id) => t.forEach((i) => holders[i]!.add(id)));
  const ssa: number[][] = [];
  let total = 0, serial = 0;
  /** a×b in one merge of the sorted index lists: what it touches and what a third tensor or the output needs. */
  const keeps = (id: number, inBoth: boolean) => isOutput[id] === 1 || holders[id]!.size > (inBoth ? 2 : 1);
  return {
    ssa, live, holders,
    isLive: (c) => live.has(c.left) && live.has(c.right),
    candidate(a, b, score) {
      const { flops, keptElements: resultSize } = pairStep(indices[a]!, indices[b]!, sizes, keeps);
      return { score: score(resultSize, elements[a]!, elements[b]!, flops), flops, left: a, right: b, resultSize, serial: serial++ };
    },
    contract(a, b) {
      const kept: number[] = [];
      const { flops } = pairStep(indices[a]!, indices[b]!, sizes, keeps, kept);
      total += flops;
      const id = indices.length;
      for (const i of indices[a]!) holders[i]!.delete(a);
      for (const i of indices[b]!) holders[i]!.delete(b);
      for (const i of kept) holders[i]!.add(id);
      live.delete(a); live.delete(b); live.add(id);
      indices.push(Int32Array.from(kept));
      elements.push(elementsOfIds(kept, sizes));
      ssa.push([a, b]);
      return id;
    },
    neighbours(id, links) {
      const out = new Set<number>();
      for (const i of indices[id]!) if (links(i)) for (const other of holders[i]!) if (other !== id) out.add(other);
      return out;
    },
    indicesOf: (id) => indices[id]!,
    flops: () => total,
    candidates: () => serial,
  };
}
