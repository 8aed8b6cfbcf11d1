import type { IndexName } from '../2-network/network.js';
import type { ContractionProblem, LinearPath } from './contraction.js';

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
