import { fail, isRicciError } from '../diagnostics/ricci-error.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { elementsOf, pathCost } from './cost-model.js';
import { fitsMemory, memoryLimitOf } from './memory-limit.js';
import type { PathOptions } from './optimizer.js';
import { hasLonelyIndex, withSingleOperandSums } from './preprocess.js';

/** The only path for zero or one operand; undefined when there is a choice to make. */
export function forcedPath(problem: ContractionProblem): LinearPath | undefined {
  const n = problem.inputs.length;
  return n === 0 ? [] : n === 1 ? [[0]] : undefined;
}

/** The cheapest of several paths for the same problem (the first among equals). */
export function cheapest(problem: ContractionProblem, paths: readonly LinearPath[]): LinearPath {
  let best = paths[0]!, bestFlops = pathCost(problem, best).flops;
  for (const p of paths.slice(1)) {
    const flops = pathCost(problem, p).flops;
    if (flops < bestFlops) { best = p; bestFlops = flops; }
  }
  return best;
}

/**
 * Runs `search` on the problem as given and after summing single-operand indices first, and keeps
 * the cheaper that fits the memory limit: the early sum usually pays (aab,fa,df,ecc->bde) but not
 * always (ab,a-> with b tiny), and its one-operand results are intermediates too.
 */
export function withAndWithoutSums(problem: ContractionProblem, options: PathOptions, search: (p: ContractionProblem) => LinearPath): LinearPath {
  const limit = memoryLimitOf(options);
  const forced = forcedPath(problem);
  if (forced) {
    const written = elementsOf(problem.output, problem.sizes);
    return written <= limit ? forced : fail('path_memory_limit', options.where, limit, written);
  }
  const direct = search(problem);
  if (!hasLonelyIndex(problem)) return direct;
  const summed = unlessOverLimit(() => withSingleOperandSums(problem, search));
  return summed && fitsMemory(problem, summed, limit) ? cheapest(problem, [direct, summed]) : direct;
}

/** The search's path, or undefined when it reports path_memory_limit. */
export function unlessOverLimit(search: () => LinearPath): LinearPath | undefined {
  try {
    return search();
  } catch (e) {
    if (isRicciError(e) && e.code === 'path_memory_limit') return undefined;
    throw e;
  }
}
