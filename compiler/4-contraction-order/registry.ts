import { fail } from '../diagnostics/pipeline-errors.js';
import { auto } from './auto.js';
import { branch } from './branch.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { dp } from './dp.js';
import { greedy } from './greedy.js';
import { optimal } from './optimal.js';
import type { PathChoice, PathOptimizer, PathOptions } from './optimizer.js';
import { checkSearchOptions } from './search-budget.js';
import { randomGreedy } from './random-greedy.js';
import { checkPath, checkPathFits } from './check-path.js';
import { memoryLimitOf } from './memory-limit.js';

/**
 * Optimizers by name. Immutable: registerOptimizer returns a new registry.
 * @example
 * import { contractPath, defaultOptimizers, registerOptimizer, type OptimizerRegistry } from 'ricci';
 * const registry: OptimizerRegistry = registerOptimizer(defaultOptimizers, 'greedy-again', defaultOptimizers.get('greedy')!);
 * contractPath('ij,jk->ik', [[2, 2], [2, 2]], { optimize: 'greedy-again', optimizers: registry }).path; // → [[0, 1]]
 */
export type OptimizerRegistry = ReadonlyMap<string, PathOptimizer>;

/**
 * The built-in path optimizers by name (`optimizeStrategies`).
 * @example
 * import { defaultOptimizers } from 'ricci';
 * [...defaultOptimizers.keys()].includes('optimal'); // → true
 */
export const defaultOptimizers: OptimizerRegistry = new Map<string, PathOptimizer>([
  ['auto', auto], ['optimal', optimal], ['dp', dp], ['branch', branch], ['greedy', greedy], ['random-greedy', randomGreedy],
]);

/** A registry with `name` bound to `optimizer` (replacing any optimizer of that name). */
export function registerOptimizer(registry: OptimizerRegistry, name: string, optimizer: PathOptimizer): OptimizerRegistry {
  return new Map([...registry, [name, optimizer]]);
}

export interface ChoosePathOptions extends PathOptions {
  /** Optimizer name; 'auto' unless given. */
  readonly optimize?: string;
  readonly optimizers?: OptimizerRegistry;
}

/** Looks up the optimizer by name, runs it, and checks that what it returned is a valid path. */
export function choosePath(problem: ContractionProblem, options: ChoosePathOptions = {}): LinearPath {
  return chooseContraction(problem, options).path;
}

/** choosePath, also saying whether the path is proven optimal (a registered optimizer's bare path is not). */
export function chooseContraction(problem: ContractionProblem, options: ChoosePathOptions = {}): PathChoice {
  const name = options.optimize ?? 'auto';
  const registry = options.optimizers ?? defaultOptimizers;
  const optimizer = registry.get(name) ?? fail('path_unknown_optimizer', options.where, name, [...registry.keys()]);
  const limit = memoryLimitOf(options);
  checkSearchOptions(options);
  const result = optimizer(problem, options);
  const choice = isPathChoice(result) ? result : { path: result, proven: false };
  const origin = `from optimizer '${name}'`;
  const path = checkPath(choice.path, problem.inputs.length, origin, options.where);
  checkPathFits(problem, path, limit, origin, options.where);
  return { path, proven: choice.proven === true };
}

function isPathChoice(result: LinearPath | PathChoice): result is PathChoice {
  return typeof result === 'object' && result !== null && !Array.isArray(result) && 'path' in result;
}
