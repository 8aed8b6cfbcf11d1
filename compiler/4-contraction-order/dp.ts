import { fail } from '../diagnostics/ricci-error.js';
import type { Where } from '../diagnostics/span.js';
import { connectedComponents } from './components.js';
import { CONNECTED_SEARCH_LIMIT, connectedSearch } from './connected-search.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { joinSmallestFirst, treesToSsa, type ContractionTree } from './contraction-tree.js';
import { elementsOfIds, indexProblem, type IndexedProblem } from './indexed-problem.js';
import { fitOrFail, fitsMemory, memoryLimitOf } from './memory-limit.js';
import { exactPath } from './optimal.js';
import type { PathOptimizer } from './optimizer.js';
import { ssaToLinear } from './path-forms.js';
import { withAndWithoutSums } from './single-operand-sums.js';

/** Below this many operands dp also searches outer products (the all-subset search is cheap there). */
const OUTER_SEARCH_BELOW = 13;

/**
 * Subset dynamic programming: exact among orders that only contract connected pairs, per
 * connected component, components then joined by outer products smallest first. With fewer than
 * 13 operands it searches outer products as well, so it is exact over all pairwise orders there.
 */
export const dp: PathOptimizer = (problem, options) => {
  const limit = memoryLimitOf(options);
  const search = (p: ContractionProblem): LinearPath =>
    (p.inputs.length < OUTER_SEARCH_BELOW ? exactPath(p, limit) : connectedPath(p, limit, options.where)) ?? fitOrFail(p, options);
  return withAndWithoutSums(problem, options, search);
};

function connectedPath(problem: ContractionProblem, limit: number, where: Where | undefined): LinearPath | undefined {
  const indexed = indexProblem(problem);
  const components = connectedComponents(indexed);
  const trees: ContractionTree[] = [];
  for (const members of components) {
    if (members.length > CONNECTED_SEARCH_LIMIT) fail('path_search_too_large', where, 'dp', members.length, CONNECTED_SEARCH_LIMIT);
    const found = members.length === 1 ? { tree: members[0]! } : connectedSearch(indexed, members, limit);
    if (!found) return undefined;
    trees.push(found.tree);
  }
  const n = problem.inputs.length;
  const { ssa, roots } = treesToSsa(trees, n);
  joinSmallestFirst(ssa, roots.map((id, k) => ({ id, size: componentSize(indexed, components[k]!) })), n);
  const path = ssaToLinear(ssa, n);
  return fitsMemory(problem, path, limit) ? path : undefined;
}

/** Elements of a component's result: its output indices (nothing else leaves it). */
function componentSize(problem: IndexedProblem, members: readonly number[]): number {
  const ids = new Set<number>();
  for (const k of members) for (const i of problem.operands[k]!) if (problem.isOutput[i] === 1) ids.add(i);
  return elementsOfIds([...ids], problem.sizes);
}
