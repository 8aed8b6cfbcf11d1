import type { DenseArray } from '../../runtime/strided-array.js';
import { evaluate, grad } from '../../src/index.js';
import { createRandom, randomArray } from './random.js';

/** Seed 002's two-layer net; sizes declared, so the matrix forms' 𝟏 have numbers the matrix evaluator can build. */
export const twoLayerNet = {
  net: `x: [3]\ny: [2]\nW1: [4, 3]\nb1: [4]\nW2: [2, 4]\nb2: [2]
z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`,
  shapes: { x: [3], y: [2], W1: [4, 3], b1: [4], W2: [2, 4], b2: [2] } as Record<string, number[]>,
};

/** The same net batched, data in rows (X: samples × features). */
export const batchedNet = {
  net: `X: [5, 3]\nW1: [3, 4]\nW2: [4, 2]\nY: [5, 2]
Z1[n,j] = X[n,i] W1[i,j]
H[n,j] = tanh(Z1[n,j])
Z2[n,k] = H[n,j] W2[j,k]
L = 0.5 * sum[n,k]((Z2[n,k] - Y[n,k])^2)`,
  shapes: { X: [5, 3], W1: [3, 4], W2: [4, 2], Y: [5, 2] } as Record<string, number[]>,
};

/** Seeded random inputs of the given shapes. */
export function randomInputsOf(shapesOf: Record<string, number[]>, seed: number): Record<string, DenseArray> {
  const random = createRandom(seed);
  return Object.fromEntries(Object.entries(shapesOf).map(([name, shape]) => [name, randomArray(shape, random)]));
}

/** A row-major float64 copy of an ndarray-like value. */
export const dense = (v: { data: ArrayLike<number>; shape: readonly number[] }): DenseArray => {
  const shape = [...v.shape];
  const stride = shape.map((_, k) => shape.slice(k + 1).reduce((p, s) => p * s, 1));
  return { data: Float64Array.from(v.data), shape, stride, offset: 0 };
};

/** Inputs, every definition's value, and each δ from its own derivative (no adjoints named). */
export function environment(source: string, of: string, adjoints: readonly string[], inputs: Record<string, DenseArray>): Record<string, DenseArray> {
  const env: Record<string, DenseArray> = { ...inputs };
  for (const [k, v] of Object.entries(evaluate(source, inputs))) env[k] = dense(v);
  for (const a of adjoints) env[`δ${a}`] = dense(grad(source, of, a).evaluateReference(inputs));
  return env;
}
