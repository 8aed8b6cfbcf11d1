/**
 * Dense matrix functions for the reference evaluator: LU with partial pivoting on a row-major
 * n×n Float64Array. Returns undefined for a singular matrix so the caller can report it.
 */
export interface LU {
  readonly lu: Float64Array;
  readonly pivot: Int32Array;
  readonly sign: number;
}

export function luDecompose(a: Float64Array, n: number): LU | undefined {
  const lu = Float64Array.from(a);
  const pivot = new Int32Array(n);
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let r = k + 1; r < n; r++) if (Math.abs(lu[r * n + k]!) > Math.abs(lu[p * n + k]!)) p = r;
    pivot[k] = p;
    if (lu[p * n + k] === 0) return undefined;
    if (p !== k) {
      sign = -sign;
      for (let c = 0; c < n; c++) {
        const t = lu[k * n + c]!;
        lu[k * n + c] = lu[p * n + c]!;
        lu[p * n + c] = t;
      }
    }
    const d = lu[k * n + k]!;
    for (let r = k + 1; r < n; r++) {
      const f = (lu[r * n + k]! /= d);
      for (let c = k + 1; c < n; c++) lu[r * n + c]! -= f * lu[k * n + c]!;
    }
  }
  return { lu, pivot, sign };
}

export function determinant(a: Float64Array, n: number): number {
  const f = luDecompose(a, n);
  if (!f) return 0;
  let det = f.sign;
  for (let k = 0; k < n; k++) det *= f.lu[k * n + k]!;
  return det;
}

/** log|det A|, or undefined when A is singular. */
export function logAbsDeterminant(a: Float64Array, n: number): number | undefined {
  const f = luDecompose(a, n);
  if (!f) return undefined;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.log(Math.abs(f.lu[k * n + k]!));
  return sum;
}

/** A⁻¹ by solving A X = I column by column, or undefined when A is singular. */
export function inverse(a: Float64Array, n: number): Float64Array | undefined {
  const f = luDecompose(a, n);
  if (!f) return undefined;
  const x = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    for (let k = 0; k < n; k++) {
      const p = f.pivot[k]!;
      const t = col[k]!;
      col[k] = col[p]!;
      col[p] = t;
    }
    for (let r = 0; r < n; r++) for (let c = 0; c < r; c++) col[r]! -= f.lu[r * n + c]! * col[c]!;
    for (let r = n - 1; r >= 0; r--) {
      for (let c = r + 1; c < n; c++) col[r]! -= f.lu[r * n + c]! * col[c]!;
      col[r]! /= f.lu[r * n + r]!;
    }
    for (let r = 0; r < n; r++) x[r * n + j] = col[r]!;
  }
  return x;
}
