/**
 * The plain-loop baseline: what a careful programmer writes by hand on dense row-major
 * Float64Arrays, loop orders chosen so the innermost loop walks unit strides where the output allows.
 */

/** C[i,k] = Σ_j A[i,j] B[j,k] for A n×m, B m×p (the i-j-k order: B and C stream). */
export function plainMatmul(A: Float64Array, B: Float64Array, n: number, m: number, p: number, batch = 1): Float64Array {
  const C = new Float64Array(batch * n * p);
  for (let s = 0; s < batch; s++) {
    const [a, b, c] = [s * n * m, s * m * p, s * n * p];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        const x = A[a + i * m + j]!;
        for (let k = 0; k < p; k++) C[c + i * p + k]! += x * B[b + j * p + k]!;
      }
  }
  return C;
}

/** S[s,i,k] = Σ_j A[s,i,j] B[s,k,j]: batched A·Bᵀ as dot products of rows (attention's Q Kᵀ). */
export function plainMatmulTransposedB(A: Float64Array, B: Float64Array, n: number, m: number, p: number, batch: number): Float64Array {
  const C = new Float64Array(batch * n * p);
  for (let s = 0; s < batch; s++)
    for (let i = 0; i < n; i++)
      for (let k = 0; k < p; k++) {
        let sum = 0;
        for (let j = 0; j < m; j++) sum += A[s * n * m + i * m + j]! * B[s * p * m + k * m + j]!;
        C[s * n * p + i * p + k] = sum;
      }
  return C;
}

/** C[k,i] = Σ_j A[i,j] B[j,k]: the product written transposed (C is walked with a stride). */
export function plainMatmulTransposedC(A: Float64Array, B: Float64Array, n: number, m: number, p: number): Float64Array {
  const C = new Float64Array(n * p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const x = A[i * m + j]!;
      for (let k = 0; k < p; k++) C[k * n + i]! += x * B[j * p + k]!;
    }
  return C;
}

/** out[r,y] = Σ_x T[x,r] M[y,x]: contracts T's leading axis with M and moves the new axis last. */
export function plainContractLeading(T: Float64Array, M: Float64Array, x: number, r: number, y: number): Float64Array {
  const out = new Float64Array(r * y);
  for (let a = 0; a < x; a++)
    for (let q = 0; q < r; q++) {
      const t = T[a * r + q]!;
      for (let b = 0; b < y; b++) out[q * y + b]! += t * M[b * x + a]!;
    }
  return out;
}

/** y[i] = Σ_j A[i,j] B[i,j]. */
export function plainHadamardReduce(A: Float64Array, B: Float64Array, n: number, m: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += A[i * m + j]! * B[i * m + j]!;
    y[i] = s;
  }
  return y;
}

/** y[j] = Σ_i A[i,j], row by row so A streams. */
export function plainColumnSums(A: Float64Array, n: number, m: number): Float64Array {
  const y = new Float64Array(m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) y[j]! += A[i * m + j]!;
  return y;
}

/** Σ_i x[i] Σ_j A[i,j] y[j]. */
export function plainBilinear(x: Float64Array, A: Float64Array, y: Float64Array): Float64Array {
  const n = x.length;
  const m = y.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += A[i * m + j]! * y[j]!;
    total += x[i]! * s;
  }
  return Float64Array.of(total);
}

/** C[i,j] = x[i] y[j]. */
export function plainOuter(x: Float64Array, y: Float64Array): Float64Array {
  const [n, m] = [x.length, y.length];
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    for (let j = 0; j < m; j++) C[i * m + j] = xi * y[j]!;
  }
  return C;
}

/** y[i] = Σ_j A[i,j] for A n×m: one running sum per row. */
export function plainRowSums(A: Float64Array, n: number, m: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += A[i * m + j]!;
    y[i] = s;
  }
  return y;
}

/** y[i] = Σ_j A[i,j] x[j]: one dot product per row. */
export function plainMatVec(A: Float64Array, x: Float64Array, n: number, m: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += A[i * m + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** y[j] = Σ_i x[i] A[i,j], row by row so A streams. */
export function plainVecMat(x: Float64Array, A: Float64Array, n: number, m: number): Float64Array {
  const y = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    for (let j = 0; j < m; j++) y[j]! += xi * A[i * m + j]!;
  }
  return y;
}

/** C = A ⊙ B, elementwise. */
export function plainHadamard(A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(A.length);
  for (let k = 0; k < A.length; k++) C[k] = A[k]! * B[k]!;
  return C;
}

/** D = A ⊙ B ⊙ C in one loop (what a fused Hadamard chain does). */
export function plainHadamardChain(A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  const D = new Float64Array(A.length);
  for (let k = 0; k < A.length; k++) D[k] = A[k]! * B[k]! * C[k]!;
  return D;
}

/** y[i] = Σ_j A[i,j] B[i,j] C[i,j] in one pass. */
export function plainHadamardChainReduce(A: Float64Array, B: Float64Array, C: Float64Array, n: number, m: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * m; j < (i + 1) * m; j++) s += A[j]! * B[j]! * C[j]!;
    y[i] = s;
  }
  return y;
}

/** C[j,i] = A[i,j] for A n×m, in 32×32 blocks so both sides stay in cache. */
export function plainTranspose(A: Float64Array, n: number, m: number): Float64Array {
  const C = new Float64Array(n * m);
  const b = 32;
  for (let i0 = 0; i0 < n; i0 += b)
    for (let j0 = 0; j0 < m; j0 += b)
      for (let i = i0; i < Math.min(i0 + b, n); i++)
        for (let j = j0; j < Math.min(j0 + b, m); j++) C[j * n + i] = A[i * m + j]!;
  return C;
}
