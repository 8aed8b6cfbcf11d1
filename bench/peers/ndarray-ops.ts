import { createRequire } from 'node:module';
import ndarray from 'ndarray';
import type * as Ops from 'ndarray-ops';

/**
 * ndarray-ops (scijs, the elementwise/reduction library ndarray users reach for) on the
 * memory-bound rows: broadcasting by zero strides, reductions by row. ndarray-ops generates its
 * loops with `cwise` (new Function) once per shape/stride signature.
 */
const ops = createRequire(import.meta.url)('ndarray-ops') as typeof Ops;

/** y[j] = Σ_i A[i,j]: one addeq per row. */
export function opsColumnSums(A: Float64Array, n: number, m: number): Float64Array {
  const y = ndarray(new Float64Array(m), [m]);
  const a = ndarray(A, [n, m]);
  for (let i = 0; i < n; i++) ops.addeq(y, a.pick(i, null));
  return y.data;
}

/** y[i] = Σ_j A[i,j] B[i,j]: the Hadamard product, then one sum per row. */
export function opsHadamardReduce(A: Float64Array, B: Float64Array, n: number, m: number): Float64Array {
  const t = ndarray(new Float64Array(n * m), [n, m]);
  ops.mul(t, ndarray(A, [n, m]), ndarray(B, [n, m]));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = ops.sum(t.pick(i, null));
  return y;
}

/** Σ_ij x[i] A[i,j] y[j]: A ⊙ (x broadcast down) ⊙ (y broadcast across), summed. */
export function opsBilinear(x: Float64Array, A: Float64Array, y: Float64Array): Float64Array {
  const [n, m] = [x.length, y.length];
  const t = ndarray(new Float64Array(n * m), [n, m]);
  ops.mul(t, ndarray(A, [n, m]), ndarray(x, [n, m], [1, 0]));
  ops.muleq(t, ndarray(y, [n, m], [0, 1]));
  return Float64Array.of(ops.sum(t));
}

/** C[i,j] = x[i] y[j] by broadcasting. */
export function opsOuter(x: Float64Array, y: Float64Array): Float64Array {
  const [n, m] = [x.length, y.length];
  const c = ndarray(new Float64Array(n * m), [n, m]);
  ops.mul(c, ndarray(x, [n, m], [1, 0]), ndarray(y, [n, m], [0, 1]));
  return c.data;
}

/** y[i] = Σ_j A[i,j]: one sum per row. */
export function opsRowSums(A: Float64Array, n: number, m: number): Float64Array {
  const a = ndarray(A, [n, m]);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = ops.sum(a.pick(i, null));
  return y;
}

/** C = A ⊙ B. */
export function opsHadamard(A: Float64Array, B: Float64Array, n: number, m: number): Float64Array {
  const c = ndarray(new Float64Array(n * m), [n, m]);
  ops.mul(c, ndarray(A, [n, m]), ndarray(B, [n, m]));
  return c.data;
}

/** D = A ⊙ B ⊙ C: one mul into D, then muleq by C (ndarray-ops has no three-operand product). */
export function opsHadamardChain(A: Float64Array, B: Float64Array, C: Float64Array, n: number, m: number): Float64Array {
  const d = ndarray(new Float64Array(n * m), [n, m]);
  ops.mul(d, ndarray(A, [n, m]), ndarray(B, [n, m]));
  ops.muleq(d, ndarray(C, [n, m]));
  return d.data;
}

/** y[i] = Σ_j A[i,j] B[i,j] C[i,j]: the chain's product as opsHadamardChain, then one sum per row. */
export function opsHadamardChainReduce(A: Float64Array, B: Float64Array, C: Float64Array, n: number, m: number): Float64Array {
  const t = ndarray(opsHadamardChain(A, B, C, n, m), [n, m]);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = ops.sum(t.pick(i, null));
  return y;
}

/** C = Aᵀ: assign through the transposed view. */
export function opsTranspose(A: Float64Array, n: number, m: number): Float64Array {
  const c = ndarray(new Float64Array(n * m), [m, n]);
  ops.assign(c, ndarray(A, [n, m]).transpose(1, 0));
  return c.data;
}
