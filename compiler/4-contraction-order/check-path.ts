import { fail } from '../diagnostics/ricci-error.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { memoryLimitOf } from './memory-limit.js';
import { pathCost } from './cost-model.js';
import type { PathOptions } from './optimizer.js';

/**
 * Rejects a path that is not a valid contraction of `problem` (positions out of range or repeated,
 * more than one tensor left) or breaks the memory limit: a user-registered optimizer is untrusted.
 */
export function checkPath(problem: ContractionProblem, path: LinearPath, optimizer: string, options: PathOptions): void {
  let count = problem.inputs.length;
  path.forEach((positions, step) => {
    const valid = positions.length > 0 && new Set(positions).size === positions.length &&
      positions.every((p) => Number.isInteger(p) && p >= 0 && p < count);
    if (!valid) fail('path_invalid', options.where, optimizer, `step ${step} names positions [${positions.join(', ')}] of ${count} operands`);
    count += 1 - positions.length;
  });
  if (count > 1) fail('path_invalid', options.where, optimizer, `${count} operands remain after the last step`);
  const limit = memoryLimitOf(options);
  const largest = pathCost(problem, path).largestIntermediate;
  if (largest > limit) fail('path_invalid', options.where, optimizer, `an intermediate of ${largest} elements exceeds memoryLimit = ${limit}`);
}
