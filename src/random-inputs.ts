import { randomProgramInputs, type RandomInputs } from '../compiler/driver/index.js';
import { checkOptionsObject, invalidArgument } from './arguments.js';
import { Derivative } from './derive.js';

export type { RandomInputs } from '../compiler/driver/index.js';

/**
 * How randomInputs draws: the seed and the values of symbolic sizes.
 * @example
 * import { grad, randomInputs, type RandomInputOptions } from 'ricci';
 * const options: RandomInputOptions = { seed: 3, sizes: { n: 6 } };
 * randomInputs(grad('L = x[i] A[i,j] x[j]\nA: [n, n]', 'L', 'x'), options).shapes['A']; // → [6, 6]
 */
export interface RandomInputOptions {
  /** The generator's seed: the same seed gives the same inputs (default 1). */
  readonly seed?: number;
  /** Values for symbolic sizes; the others get 3, 4, 2, 5, … in order of first use. */
  readonly sizes?: Readonly<Record<string, number>>;
}

/**
 * Seeded, well-conditioned values for every input of a derivative's program, for a numeric check:
 * entries in [0.5, 1.5), square matrices diagonally dominant, `symmetric` inputs symmetric.
 * @example
 * import { grad, randomInputs } from 'ricci';
 * const d = grad('S: [n, n] symmetric\nL = x[i] S[i,j] x[j]', 'L', 'x');
 * const { values, sizes } = randomInputs(d, { seed: 7 });
 * sizes.n; // → 3
 * d.check(values).ok; // → true
 */
export function randomInputs(derivative: Derivative, options?: RandomInputOptions): RandomInputs {
  if (!(derivative instanceof Derivative)) invalidArgument('randomInputs', 'derivative', derivative, 'a Derivative (grad, jacobian, hessian or derivative)');
  const { seed = 1, sizes = {} } = checkOptionsObject<RandomInputOptions>('randomInputs', options, ['seed', 'sizes']);
  if (!Number.isSafeInteger(seed)) invalidArgument('randomInputs', 'options.seed', seed, 'a whole number');
  if (typeof sizes !== 'object' || sizes === null)
    invalidArgument('randomInputs', 'options.sizes', sizes, 'an object of whole numbers ≥ 1 by size name');
  // the entry at fault by name ({ i: 0 }), not the whole object
  for (const [name, n] of Object.entries(sizes))
    if (!(Number.isSafeInteger(n) && n >= 1)) invalidArgument('randomInputs', `options.sizes.${name}`, n, 'a whole number ≥ 1');
  return randomProgramInputs(derivative.program, seed, sizes);
}
