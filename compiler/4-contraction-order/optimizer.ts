import type { Where } from '../diagnostics/span.js';
import type { ContractionProblem, LinearPath } from './contraction.js';

/** Settings every optimizer receives; each reads the ones it understands. */
export interface PathOptions {
  /** Largest intermediate allowed, in elements; every step's result must fit. */
  readonly memoryLimit?: number;
  /** Seed of the searches that draw random numbers (random-greedy). */
  readonly seed?: number;
  /** Number of randomized trials (random-greedy). */
  readonly trials?: number;
  /** The user's text, so errors can quote it with a caret. */
  readonly where?: Where;
}

/** The one signature of every path optimizer (opt_einsum's PathOptimizer, as a function). */
export type PathOptimizer = (problem: ContractionProblem, options: PathOptions) => LinearPath;
