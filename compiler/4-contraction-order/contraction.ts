import type { IndexName } from '../2-network/network.js';

/**
 * The problem every path optimizer solves: operands as lists of index names, the output, sizes.
 * Built from an EinsumSpec or from a Contract node of the IR.
 * @example
 * import { defaultOptimizers, type ContractionProblem } from 'ricci';
 * const problem: ContractionProblem = { inputs: [['i', 'j'], ['j', 'k'], ['k', 'l']], output: ['i', 'l'], sizes: new Map([['i', 2], ['j', 30], ['k', 40], ['l', 5]]) };
 * const found = defaultOptimizers.get('optimal')!(problem, {});
 * 'path' in found ? found.path : found; // → [[0, 1], [0, 1]]
 * 'path' in found && found.proven; // → true
 */
export interface ContractionProblem {
  readonly inputs: readonly (readonly IndexName[])[];
  readonly output: readonly IndexName[];
  readonly sizes: ReadonlyMap<IndexName, number>;
}

/**
 * opt_einsum's linear path: each step names positions (usually two, possibly one) in the current
 * operand list; those operands are removed and their contraction is appended at the end.
 *   [[0, 1], [0, 1]] for three operands: (A B) first, then C with the result.
 * @example
 * import { compileEinsum, type LinearPath } from 'ricci';
 * const path: LinearPath = [[0, 2], [0, 1]]; // A with C first, then B
 * compileEinsum('i,j,i->j', [[2], [3], [2]], { path }).run([1, 2], [1, 1, 1], [3, 4]).data; // → [11, 11, 11]
 */
export type LinearPath = readonly (readonly number[])[];

/** One step of a path with its index bookkeeping made explicit. */
export interface PathStep {
  /** Positions in the operand list current before this step (as in the linear path). */
  readonly positions: readonly number[];
  /** The index lists of the operands consumed. */
  readonly inputs: readonly (readonly IndexName[])[];
  /** Indices kept: those still needed by a remaining operand or by the output. */
  readonly result: readonly IndexName[];
  /** Indices summed away in this step. */
  readonly removed: readonly IndexName[];
}

/**
 * Replays a linear path: an index survives a step iff a remaining operand or the output needs it.
 * The result lists kept indices in order of first appearance among the step's inputs; the last
 * step's result is put in output order.
 */
export function expandPath(problem: ContractionProblem, path: LinearPath): PathStep[] {
  let current: (readonly IndexName[])[] = problem.inputs.map((i) => [...i]);
  // holders[i] = how many current operands carry i, so "needed elsewhere" is O(1) per index
  const holders = new Map<IndexName, number>();
  const carry = (indices: readonly IndexName[], delta: number) => {
    for (const i of new Set(indices)) holders.set(i, (holders.get(i) ?? 0) + delta);
  };
  current.forEach((t) => carry(t, 1));
  const output = new Set(problem.output);
  return path.map((positions, s) => {
    const inputs = positions.map((p) => current[p]!);
    inputs.forEach((t) => carry(t, -1));
    const touched = [...new Set(inputs.flat())];
    const needed = (i: IndexName) => output.has(i) || holders.get(i)! > 0;
    const isLast = s === path.length - 1 && current.length === positions.length;
    const result = isLast ? [...problem.output] : touched.filter(needed);
    carry(result, 1);
    current = [...current.filter((_, k) => !positions.includes(k)), result];
    return { positions, inputs, result, removed: touched.filter((i) => !needed(i)) };
  });
}
