import { checkOptionsObject, checkShapeList, checkString, invalidArgument } from './arguments.js';
import { contractPath as choose, type OptimizerRegistry, type PathInfo } from '../compiler/driver/index.js';

/**
 * Which optimizer chooses the path, and the limits it works under.
 * @example
 * import { contractPath, type ContractPathOptions } from 'ricci';
 * const options: ContractPathOptions = { optimize: 'random-greedy', seed: 7, trials: 16 };
 * contractPath('ab,bc,cd->ad', [[4, 8], [8, 2], [2, 16]], options).path.length; // → 2
 */
export interface ContractPathOptions {
  /** 'auto' (default), 'optimal', 'dp', 'branch', 'greedy', 'random-greedy', or a registered name. */
  readonly optimize?: string;
  /** Largest intermediate allowed, in elements. */
  readonly memoryLimit?: number;
  /** Seed and trial count of 'random-greedy' (and auto's randomized trials). */
  readonly seed?: number;
  readonly trials?: number;
  /** Work budget (work units, default 5e7) and time limit (ms, default 5000, a safety net) of the search. */
  readonly budget?: number;
  readonly timeLimit?: number;
  /** A registry extended with registerOptimizer(defaultOptimizers, name, fn). */
  readonly optimizers?: OptimizerRegistry;
}

/**
 * Chooses the order in which einsum contracts its operands, like numpy.einsum_path, and explains it.
 *   contractPath('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]]).path  →  [[0, 1], [0, 1]]
 * @example
 * import { contractPath } from 'ricci';
 * const info = contractPath('ij,jk,kl->il', [[2, 30], [30, 40], [40, 5]]);
 * info.path; // → [[0, 1], [0, 1]]
 * info.toString().includes('Optimized FLOP count'); // → true
 */
export function contractPath(subscripts: string, shapes: readonly (readonly number[])[], options: ContractPathOptions = {}): PathInfo {
  // an unknown option (`optimise`) was ignored, and a registry that is not one was a TypeError
  const checked = checkOptionsObject<ContractPathOptions>('contractPath', options, optionKeys);
  if (checked.optimizers !== undefined && !(checked.optimizers instanceof Map))
    invalidArgument('contractPath', 'options.optimizers', checked.optimizers, 'an optimizer registry (defaultOptimizers or a registerOptimizer result)');
  return choose(checkString('contractPath', 'subscripts', subscripts), checkShapeList('contractPath', 'shapes', shapes), checked);
}

const optionKeys: readonly (keyof ContractPathOptions)[] = ['optimize', 'memoryLimit', 'seed', 'trials', 'budget', 'timeLimit', 'optimizers'];
