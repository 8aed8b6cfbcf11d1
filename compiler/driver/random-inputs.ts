import type { ProgramNetwork } from '../2-network/program.js';
import { createRandom } from '../4-contraction-order/seeded-random.js';
import { rowMajorStrides, type DenseArray } from '../../runtime/strided-array.js';

/**
 * Random values for every input of a program, the shapes they have and the sizes chosen.
 * @example
 * import { grad, randomInputs, type RandomInputs } from 'ricci';
 * const drawn: RandomInputs = randomInputs(grad('L = x[i] W[i,j] y[j]', 'L', 'W'), { seed: 1 });
 * drawn.shapes['W']; // → [3, 4]
 */
export interface RandomInputs {
  readonly values: Record<string, DenseArray>;
  readonly shapes: Record<string, number[]>;
  /** Symbolic size → the number it was given, e.g. { n: 3, m: 4 }. */
  readonly sizes: Record<string, number>;
}

/** Distinct sizes for distinct symbols, so a transposed result cannot pass by accident. */
const DEFAULT_SIZES = [3, 4, 2, 5];

/**
 * Seeded inputs for a numeric check (the CLI's `check`, the playground): entries uniform in
 * [0.5, 1.5), away from 0 where log, 1/x and sqrt stay smooth; square matrices get 2n on the
 * diagonal (strictly diagonally dominant, so inv, det and logdet are well conditioned); inputs
 * declared `symmetric` are symmetric; inputs declared `distribution` have positive entries whose
 * every row along the last index sums to 1 (each entry divided by its row's sum). Symbolic sizes come from `sizes`, else from DEFAULT_SIZES
 * in order of first use.
 */
export function randomProgramInputs(program: ProgramNetwork, seed: number, given: Readonly<Record<string, number>> = {}): RandomInputs {
  const next = createRandom(seed);
  const sizes: Record<string, number> = {};
  let fresh = 0;
  const size = (s: number | string): number => {
    if (typeof s === 'number') return s;
    if (!Object.hasOwn(sizes, s)) own(sizes, s, Object.hasOwn(given, s) ? given[s]! : DEFAULT_SIZES[fresh++ % DEFAULT_SIZES.length]!);
    return sizes[s]!;
  };
  const values: Record<string, DenseArray> = {};
  const shapes: Record<string, number[]> = {};
  program.inputs.forEach((input, name) => {
    const shape = input.shape.map(size);
    own(shapes, name, shape);
    const value = randomTensor(shape, next, input.symmetric);
    own(values, name, input.distribution ? normalisedRows(value) : value);
  });
  return { values, shapes, sizes };
}

/** An own property even for a name like `__proto__` (a size or input may be named so), which `=` would not make. */
function own<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function randomTensor(shape: readonly number[], next: () => number, symmetric: boolean): DenseArray {
  const data = Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 0.5 + next());
  if (shape.length === 2 && shape[0] === shape[1]) {
    const n = shape[0]!;
    for (let i = 0; i < n; i++) {
      data[i * (n + 1)] = data[i * (n + 1)]! + 2 * n;
      if (symmetric) for (let j = 0; j < i; j++) data[i * n + j] = data[j * n + i]!;
    }
  }
  return { data, shape: [...shape], stride: rowMajorStrides(shape), offset: 0 };
}

/** Each row along the last axis divided by its sum (entries stay positive: they start in [0.5, 1.5)). */
function normalisedRows(value: DenseArray): DenseArray {
  const last = value.shape[value.shape.length - 1] ?? 1;
  const data = Float64Array.from(value.data);
  for (let start = 0; start < data.length; start += last) {
    let sum = 0;
    for (let k = 0; k < last; k++) sum += data[start + k]!;
    for (let k = 0; k < last; k++) data[start + k] = data[start + k]! / sum;
  }
  return { ...value, data };
}
