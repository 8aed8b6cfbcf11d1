import type { StridedArray } from '../../runtime/strided-array.js';

/** The textbook i-k-j triple loop on dense row-major operands: C[i,k] = Σ_j A[i,j] B[j,k]. */
export function plainMatmul(a: StridedArray, b: StridedArray): Float64Array {
  const [n, m] = a.shape as [number, number];
  const p = b.shape[1]!;
  const c = new Float64Array(n * p);
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const x = A[i * m + j]!;
      for (let k = 0; k < p; k++) c[i * p + k]! += x * B[j * p + k]!;
    }
  return c;
}

/** A batch of plain matmuls: C[b,i,k] = Σ_j A[b,i,j] B[b,j,k]. */
export function plainBatchedMatmul(a: StridedArray, b: StridedArray): Float64Array {
  const [batch, n, m] = a.shape as [number, number, number];
  const p = b.shape[2]!;
  const c = new Float64Array(batch * n * p);
  for (let s = 0; s < batch; s++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        const x = a.data[s * n * m + i * m + j]!;
        for (let k = 0; k < p; k++) c[s * n * p + i * p + k]! += x * b.data[s * m * p + j * p + k]!;
      }
  return c;
}

/** y[i] = Σ_j A[i,j] B[i,j]. */
export function plainHadamardReduce(a: StridedArray, b: StridedArray): Float64Array {
  const [n, m] = a.shape as [number, number];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += a.data[i * m + j]! * b.data[i * m + j]!;
    y[i] = s;
  }
  return y;
}
