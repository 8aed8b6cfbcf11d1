import { fail } from '../diagnostics/pipeline-errors.js';
import type { Where } from '../diagnostics/span.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { pathCost } from './cost-model.js';

/**
 * The one path validator, for every path that comes from outside a search (a user's `path`
 * option, a registered optimizer, the Python export's path): each step names distinct positions
 * that exist at that point, and one operand is left at the end. Every failure is `path_invalid`
 * with `origin` (whose path it is) and a detail naming the step and the values involved.
 *   checkPath([[0, 3]], 3, 'the path option')  →  path_invalid: … step 0 names position 3, but only positions 0..2 exist …
 */
export function checkPath(path: unknown, operands: number, origin: string, where?: Where): LinearPath {
  const invalid = (detail: string): never => fail('path_invalid', where, describe(path), operands, origin, detail);
  if (!Array.isArray(path)) return invalid('a path is a list of steps, each a list of operand positions');
  let count = operands;
  path.forEach((positions: unknown, step) => {
    if (!Array.isArray(positions) || positions.length === 0) invalid(`step ${step} must be a non-empty list of positions`);
    const seen = new Set<number>();
    for (const p of positions as unknown[]) {
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= count)
        invalid(`step ${step} names position ${String(p)}, but only positions 0..${count - 1} exist at that point`);
      if (seen.has(p as number)) invalid(`step ${step} names position ${String(p)} twice`);
      seen.add(p as number);
    }
    count += 1 - seen.size;
  });
  if (count > 1) invalid(`${count} operands remain after the last step; a path must end with exactly one`);
  return path as LinearPath;
}

/** Rejects a valid path whose largest intermediate breaks the memory limit (a registered optimizer is untrusted). */
export function checkPathFits(problem: ContractionProblem, path: LinearPath, limit: number, origin: string, where?: Where): void {
  const largest = pathCost(problem, path).largestIntermediate;
  if (largest > limit) fail('path_invalid', where, describe(path), problem.inputs.length, origin, `an intermediate of ${largest} elements exceeds memoryLimit = ${limit}`);
}

/** The path as written, shortened for a message. */
function describe(path: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(path) ?? typeof path;
  } catch {
    text = `a ${typeof path}`;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
