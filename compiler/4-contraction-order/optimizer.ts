import type { Where } from '../diagnostics/span.js';
import type { ContractionProblem, LinearPath } from './contraction.js';

/**
 * Settings every optimizer receives; each reads the ones it understands.
 * @example
 * import { defaultOptimizers, type PathOptions } from 'ricci';
 * const options: PathOptions = { memoryLimit: 64 };
 * const greedy = defaultOptimizers.get('greedy')!;
 * const found = greedy({ inputs: [['i', 'j'], ['j', 'k']], output: ['i', 'k'], sizes: new Map([['i', 2], ['j', 3], ['k', 4]]) }, options);
 * 'path' in found ? found.path : found; // → [[0, 1]]
 */
export interface PathOptions {
  /** Largest intermediate allowed, in elements; every step's result must fit. */
  readonly memoryLimit?: number;
  /** Seed of the searches that draw random numbers (random-greedy, auto): a safe integer. */
  readonly seed?: number;
  /** Number of randomized trials (random-greedy), 1 to 10⁶; the budget may stop it earlier. */
  readonly trials?: number;
  /** Work budget of the search in work units (default 5·10⁷, under a second of CPU here); it, not the clock, ends a default search. */
  readonly budget?: number;
  /** Wall-time limit of the search in milliseconds (default 5000: a far safety net; when it binds, the path depends on machine load). */
  readonly timeLimit?: number;
  /** The user's text, so errors can quote it with a caret. */
  readonly where?: Where;
}

/** A path and whether the search proved it optimal over every pairwise order (outer products included). */
export interface PathChoice {
  readonly path: LinearPath;
  readonly proven: boolean;
}

/**
 * The one signature of every path optimizer (opt_einsum's PathOptimizer, as a function). A
 * registered optimizer may return a bare path (then it is not proven optimal).
 * @example
 * import { contractPath, defaultOptimizers, registerOptimizer, type PathOptimizer } from 'ricci';
 * // contract the last two operands first, every time
 * const lastTwo: PathOptimizer = (problem) => problem.inputs.slice(1).map((_, k, rest) => [rest.length - k - 1, rest.length - k]);
 * const optimizers = registerOptimizer(defaultOptimizers, 'last-two', lastTwo);
 * contractPath('ij,jk,kl->il', [[2, 30], [30, 40], [40, 5]], { optimize: 'last-two', optimizers }).path; // → [[1, 2], [0, 1]]
 */
export type PathOptimizer = (problem: ContractionProblem, options: PathOptions) => LinearPath | PathChoice;

/** A heuristic's path: not proven optimal. */
export function unproven(path: LinearPath): PathChoice {
  return { path, proven: false };
}
