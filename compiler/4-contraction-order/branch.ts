import type { ContractionProblem, LinearPath } from './contraction.js';
import { pairStep, pathCost } from './cost-model.js';
import { greedyPath } from './greedy.js';
import { memoryRemoved } from './greedy-search.js';
import { elementsOfIds, indexProblem, sharesId, type IndexedProblem } from './indexed-problem.js';
import { fitOrFail, memoryLimitOf, unlessOverLimit } from './memory-limit.js';
import { unproven, type PathOptimizer } from './optimizer.js';
import { createBudget, type SearchBudget } from './search-budget.js';
import { linearToSsa, ssaToLinear, type SsaPath } from './path-forms.js';
import { withAndWithoutSums } from './single-operand-sums.js';

/** Children explored per node (the best by greedy score) and nodes explored in all. */
const BRANCHES = 3;
const NODE_BUDGET = 20_000;
/** Work units charged per pair scored at a node. */
const PAIR_WORK = 20;

/**
 * Bounded branch and bound: depth-first over the 3 best-scoring connected pairs at each step,
 * pruning any partial path that already costs as much as the best complete one (greedy's path
 * to start with) or reaches the same remaining tensors more expensively; stops after 20,000 nodes
 * or when the work budget or time limit is spent. Never worse than greedy.
 */
export const branch: PathOptimizer = (problem, options) => {
  const limit = memoryLimitOf(options);
  const budget = createBudget(options);
  const search = (p: ContractionProblem): LinearPath => {
    const start = unlessOverLimit(() => greedyPath(p, options));
    const bound = start && { ssa: linearToSsa(start, p.inputs.length).map((s) => [...s]), flops: pathCost(p, start).flops };
    const found = branchSearch(indexProblem(p), limit, bound, budget);
    return found ? ssaToLinear(found, p.inputs.length) : fitOrFail(p, options);
  };
  return withAndWithoutSums(problem, options, (p) => unproven(search(p)));
};

interface Live {
  readonly id: number;
  readonly indices: Int32Array;
  /** Operand positions folded into this tensor, sorted. */
  readonly leaves: readonly number[];
}

interface Incumbent { readonly ssa: readonly (readonly number[])[]; readonly flops: number }

function branchSearch(problem: IndexedProblem, limit: number, start: Incumbent | undefined, budget: SearchBudget): SsaPath | undefined {
  const { sizes, isOutput } = problem;
  const n = problem.operands.length;
  let best = start;
  const seen = new Map<string, number>();
  let nodes = 0;

  /** a×b given how many live tensors carry each index (`holders`). */
  const stepOf = (holders: Int32Array, a: Live, b: Live) => {
    const kept: number[] = [];
    const step = pairStep(a.indices, b.indices, sizes, (i, inBoth) => isOutput[i] === 1 || holders[i]! > (inBoth ? 2 : 1), kept);
    return { kept, flops: step.flops, size: step.keptElements };
  };
  const visit = (live: readonly Live[], ssa: readonly number[][], cost: number): void => {
    if (++nodes > NODE_BUDGET || (best && cost >= best.flops) || !budget.spend(PAIR_WORK * live.length * live.length)) return;
    const key = live.map((t) => t.leaves.join(',')).sort().join('|');
    if ((seen.get(key) ?? Infinity) <= cost) return;
    seen.set(key, cost);
    if (live.length === 1) { best = { ssa: [...ssa], flops: cost }; return; }
    const pairs = [];
    const connectedOnly = hasConnectedPair(live);
    const holders = new Int32Array(sizes.length);
    for (const t of live) for (const i of t.indices) holders[i]!++;
    for (let x = 0; x < live.length; x++)
      for (let y = x + 1; y < live.length; y++) {
        const a = live[x]!, b = live[y]!;
        if (connectedOnly && !sharesId(a.indices, b.indices)) continue;
        const step = stepOf(holders, a, b);
        if (step.size > limit) continue;
        pairs.push({ a, b, ...step, score: memoryRemoved(step.size, elementsOfIds(a.indices, sizes), elementsOfIds(b.indices, sizes), step.flops) });
      }
    pairs.sort((p, q) => p.score - q.score || p.flops - q.flops);
    for (const p of pairs.slice(0, BRANCHES)) {
      const id = n + ssa.length;
      const merged: Live = { id, indices: Int32Array.from(p.kept), leaves: [...p.a.leaves, ...p.b.leaves].sort((x, y) => x - y) };
      visit([...live.filter((t) => t !== p.a && t !== p.b), merged], [...ssa, [Math.min(p.a.id, p.b.id), Math.max(p.a.id, p.b.id)]], cost + p.flops);
    }
  };
  visit(problem.operands.map((indices, id) => ({ id, indices, leaves: [id] })), [], 0);
  return best?.ssa;
}

/** Outer products are only branched on once no two live tensors share an index. */
function hasConnectedPair(live: readonly Live[]): boolean {
  for (let x = 0; x < live.length; x++)
    for (let y = x + 1; y < live.length; y++) if (sharesId(live[x]!.indices, live[y]!.indices)) return true;
  return false;
}
