import type { IndexName } from '../2-network/network.js';
import { fail } from '../diagnostics/pipeline-errors.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { cheapest, elementsOf } from './cost-model.js';
import { fitsMemory, memoryLimitOf, unlessOverLimit } from './memory-limit.js';
import type { PathChoice, PathOptions } from './optimizer.js';

/** The only path for zero or one operand; undefined when there is a choice to make. */
export function forcedPath(problem: ContractionProblem): LinearPath | undefined {
  const n = problem.inputs.length;
  return n === 0 ? [] : n === 1 ? [[0]] : undefined;
}

/**
 * Runs `search` on the problem as given and after summing single-operand indices first, and keeps
 * the cheaper that fits the memory limit: the early sum usually pays (aab,fa,df,ecc->bde) but not
 * always (ab,a-> with b tiny), and its one-operand results are intermediates too. Proven optimal
 * when every variant that fits was searched exactly.
 */
export function withAndWithoutSums(problem: ContractionProblem, options: PathOptions, search: (p: ContractionProblem) => PathChoice): PathChoice {
  const limit = memoryLimitOf(options);
  const forced = forcedPath(problem);
  if (forced) {
    const written = elementsOf(problem.output, problem.sizes);
    return written <= limit ? { path: forced, proven: true } : fail('path_memory_limit', options.where, limit, written);
  }
  const direct = search(problem);
  if (!hasLonelyIndex(problem)) return direct;
  let summedProven = true;
  const summed = unlessOverLimit(() => withSingleOperandSums(problem, (p) => {
    const choice = search(p);
    summedProven = choice.proven;
    return choice.path;
  }));
  if (!summed || !fitsMemory(problem, summed, limit)) return direct;
  return { path: cheapest(problem, [direct.path, summed]), proven: direct.proven && summedProven };
}

/**
 * Sums away, in one single-operand step each, every index that occurs in only one operand and
 * not in the output (ecc → e), then lets `search` order the smaller problem.
 *   aab,fa,df,ecc->bde: 600 flops without this step, 212 with it (opt_einsum's sizes).
 * The reduced operands move to the end of the list, as a linear path's steps do.
 */
export function withSingleOperandSums(problem: ContractionProblem, search: (p: ContractionProblem) => LinearPath): LinearPath {
  const lonely = lonelyIndices(problem);
  const reducible = problem.inputs.map((t) => t.some((i) => lonely.has(i)));
  const reductions = reducible.flatMap((r, k) => (r ? [k] : []));
  if (reductions.length === 0) return search(problem);
  const reduced = (t: readonly IndexName[]) => [...new Set(t)].filter((i) => !lonely.has(i));
  const inputs = [
    ...problem.inputs.filter((_, k) => !reducible[k]),
    ...reductions.map((k) => reduced(problem.inputs[k]!)),
  ];
  const unary = reductions.map((k, done) => [k - done]);
  return [...unary, ...search({ ...problem, inputs })];
}

export function hasLonelyIndex(problem: ContractionProblem): boolean {
  return lonelyIndices(problem).size > 0;
}

/** Indices carried by exactly one operand and absent from the output. */
function lonelyIndices(problem: ContractionProblem): Set<IndexName> {
  const holders = new Map<IndexName, number>();
  for (const t of problem.inputs) for (const i of new Set(t)) holders.set(i, (holders.get(i) ?? 0) + 1);
  const output = new Set(problem.output);
  return new Set([...holders].filter(([i, n]) => n === 1 && !output.has(i)).map(([i]) => i));
}
