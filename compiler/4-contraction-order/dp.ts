import { fail } from '../diagnostics/pipeline-errors.js';
import type { Where } from '../diagnostics/span.js';
import { connectedComponents } from './components.js';
import { CONNECTED_SEARCH_LIMIT, connectedSearch } from './connected-search.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { treesToSsa, type ContractionTree } from './contraction-tree.js';
import { cheapest } from './cost-model.js';
import { exactSearchWork } from './exact-search.js';
import { greedyPath } from './greedy.js';
import { indexProblem, type IndexedProblem } from './indexed-problem.js';
import { fitOrFail, fitsMemory, memoryLimitOf, unlessOverLimit } from './memory-limit.js';
import { exactPath } from './optimal.js';
import { unproven, type PathChoice, type PathOptimizer, type PathOptions } from './optimizer.js';
import { ssaToLinear } from './path-forms.js';
import { createBudget, type SearchBudget } from './search-budget.js';
import { withAndWithoutSums } from './single-operand-sums.js';

/** Below this many operands dp also searches outer products (the all-subset search is cheap there). */
const OUTER_SEARCH_BELOW = 13;
/** An index held by more operands than this (and by more than half of them) is a hub: it links nobody. */
const HUB_HOLDERS = 4;

/**
 * Subset dynamic programming: exact among orders that only contract connected pairs, per
 * connected component, components then joined by the exact search (≤ 12 of them) or greedy. With
 * fewer than 13 operands it searches outer products as well, so it is exact over all pairwise
 * orders there (and proven). A hub index — one held by more than 4 operands and by more than half
 * of them, like a in ab,ac,ad,…->a — does not make tensors adjacent, so a hyperedge does not make
 * every subset connected. Within the work budget; past it, greedy's path. Never worse than greedy.
 */
export const dp: PathOptimizer = (problem, options) => {
  const budget = createBudget(options);
  return withAndWithoutSums(problem, options, (p) => dpChoice(p, options, budget));
};

/** dp on one problem variant, within `budget`. */
export function dpChoice(problem: ContractionProblem, options: PathOptions, budget: SearchBudget): PathChoice {
  const limit = memoryLimitOf(options);
  if (problem.inputs.length < OUTER_SEARCH_BELOW) {
    const path = exactPath(problem, limit, budget);
    if (path) return { path, proven: true };
  } else {
    const path = connectedPath(problem, limit, budget, options.where);
    const floor = unlessOverLimit(() => greedyPath(problem, options));
    if (path) return unproven(floor ? cheapest(problem, [path, floor]) : path);
  }
  return unproven(budget.exhausted ? greedyPath(problem, options) : fitOrFail(problem, options));
}

/**
 * The connected search per component, then a search joining the components' results; undefined
 * past the budget or the limit, and — unless `where` is given, which reports path_search_too_large
 * there — for a component beyond the connected search's 30 operands.
 */
export function connectedPath(problem: ContractionProblem, limit: number, budget: SearchBudget, where?: Where | null): LinearPath | undefined {
  const indexed = indexProblem(problem);
  const links = linkingIndices(indexed);
  const components = connectedComponents(indexed, links);
  const trees: ContractionTree[] = [];
  for (const members of components) {
    if (members.length > CONNECTED_SEARCH_LIMIT)
      return where === null ? undefined : fail('path_search_too_large', where, 'dp', members.length, CONNECTED_SEARCH_LIMIT);
    const local = { ...indexed, isOutput: neededOutside(indexed, members) };
    const found = members.length === 1 ? { tree: members[0]! } : connectedSearch(local, members, limit, budget, links);
    if (!found) return undefined;
    trees.push(found.tree);
  }
  const n = problem.inputs.length;
  const { ssa, roots } = treesToSsa(trees, n);
  const join = joinProblem(indexed, components);
  const joined = join.inputs.length <= OUTER_SEARCH_BELOW - 1 && exactSearchWork(join.inputs.length) <= budget.remaining()
    ? exactPath(join, limit, budget) : unlessOverLimit(() => greedyPath(join, { memoryLimit: limit }));
  if (!joined) return undefined;
  let current = [...roots];
  for (const positions of joined) {
    ssa.push(positions.map((p) => current[p]!).sort((x, y) => x - y));
    current = [...current.filter((_, k) => !positions.includes(k)), n + ssa.length - 1];
  }
  const path = ssaToLinear(ssa, n);
  return fitsMemory(problem, path, limit) ? path : undefined;
}

/** 1 for the index ids that make their holders adjacent: all but the hubs. */
function linkingIndices(problem: IndexedProblem): Uint8Array {
  const holders = new Int32Array(problem.sizes.length);
  for (const t of problem.operands) for (const i of t) holders[i]!++;
  const n = problem.operands.length;
  return Uint8Array.from(holders, (h) => (h > HUB_HOLDERS && 2 * h > n ? 0 : 1));
}

/** 1 for the ids a component's result must keep: output indices and those held outside it. */
function neededOutside(problem: IndexedProblem, members: readonly number[]): Uint8Array {
  const inside = new Set(members);
  const needed = Uint8Array.from(problem.isOutput);
  problem.operands.forEach((t, k) => { if (!inside.has(k)) for (const i of t) needed[i] = 1; });
  return needed;
}

/** The components' results as operands of a problem of their own (index names are the ids). */
function joinProblem(problem: IndexedProblem, components: readonly (readonly number[])[]): ContractionProblem {
  const inputs = components.map((members) => {
    const needed = neededOutside(problem, members);
    const ids = new Set<number>();
    for (const k of members) for (const i of problem.operands[k]!) if (needed[i] === 1) ids.add(i);
    return [...ids].sort((x, y) => x - y).map(String);
  });
  const output: string[] = [];
  problem.isOutput.forEach((o, i) => { if (o === 1) output.push(String(i)); });
  return { inputs, output, sizes: new Map(Array.from(problem.sizes, (size, i) => [String(i), size])) };
}
