import { evaluateNetwork } from '../../2-network/evaluate-network.js';
import { type Node } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import type { DenseArray, StridedArray } from '../../../runtime/strided-array.js';
import type { KroneckerPart, VecOrder } from './kronecker-form.js';
import type { KroneckerView } from './to-kronecker.js';

type Inputs = Readonly<Record<string, StridedArray>>;

/**
 * J as numbers, built from its Kronecker form (P and Q evaluated, then ⊗ and K applied), or
 * undefined when the view found no closed form. Must equal flattenJacobian of the index form.
 */
export function materializeKronecker(view: KroneckerView, inputs: Inputs): DenseArray | undefined {
  const form = view.form;
  // δ-only parts (I_n, K) carry no input: the carriers bind their sizes
  const evaluate = (node: Node): DenseArray => evaluateNetwork([node, ...view.carriers], inputs)[0]!;
  switch (form.kind) {
    case 'none':
      return undefined;
    case 'matrix':
    case 'vectorized':
      return flattenJacobian(evaluate(view.result.node), view.ofRank, view.vec);
    case 'kronecker': {
      let total: DenseArray | undefined;
      for (const term of form.terms) {
        const p = partValue(term.left, evaluate);
        const q = partValue(term.right, evaluate);
        let j = view.vec === 'column' ? kron(q, p) : kron(p, q);
        if (term.mask) j = scaleRows(j, vecOf(partValue(term.mask, evaluate), view.vec));
        // X is m×n with m = size(k) (Q's cols) and n = size(l) (P's cols): column K_mn, row K_nm.
        if (term.commuted) j = view.vec === 'column' ? timesCommutation(j, q.shape[1]!, p.shape[1]!) : timesCommutation(j, p.shape[1]!, q.shape[1]!);
        total = total ? axpy(total, term.coefficient, j) : axpy(zeros(j.shape), term.coefficient, j);
      }
      return total;
    }
    default:
      return assertNever(form);
  }
}

/**
 * The index Jacobian T[a,b,k,l] as a matrix: rows = vec of F's indices, cols = vec of X's.
 * Column-major: a + b·m_F, k + l·m_X; row-major: a·n_F + b, k·n_X + l.
 */
export function flattenJacobian(t: DenseArray, ofRank: number, vec: VecOrder): DenseArray {
  const rowShape = t.shape.slice(0, ofRank);
  const colShape = t.shape.slice(ofRank);
  const size = (s: readonly number[]): number => s.reduce((p, n) => p * n, 1);
  const out = zeros([size(rowShape), size(colShape)]);
  const position = (shape: readonly number[], idx: readonly number[]): number => (vec === 'column'
    ? idx.reduceRight((p, v, k) => p * shape[k]! + v, 0)
    : idx.reduce((p, v, k) => p * shape[k]! + v, 0));
  const idx = new Array<number>(t.shape.length).fill(0);
  for (let flat = 0; flat < t.data.length; flat++) {
    let rest = flat;
    for (let k = t.shape.length - 1; k >= 0; k--) { idx[k] = rest % t.shape[k]!; rest = Math.floor(rest / t.shape[k]!); }
    const r = position(rowShape, idx.slice(0, ofRank));
    const c = position(colShape, idx.slice(ofRank));
    out.data[r * out.shape[1]! + c] = t.data[flat]!;
  }
  return out;
}

/** A part as a matrix: rows 1 when F's index is missing, cols 1 when X's is. */
function partValue(part: KroneckerPart, evaluate: (node: Node) => DenseArray): DenseArray {
  if (!part.expression) return { data: Float64Array.of(1), shape: [1, 1], stride: [1, 1], offset: 0 };
  const v = evaluate(part.expression.node);
  const rows = part.hasRows ? v.shape[0]! : 1;
  const cols = part.hasCols ? v.shape[v.shape.length - 1]! : 1;
  return { data: v.data, shape: [rows, cols], stride: [cols, 1], offset: 0 };
}

/** (A ⊗ B)[i·p + k, j·q + l] = A[i,j] B[k,l] for B of size p×q. */
export function kron(a: DenseArray, b: DenseArray): DenseArray {
  const [m, n] = [a.shape[0]!, a.shape[1]!];
  const [p, q] = [b.shape[0]!, b.shape[1]!];
  const out = zeros([m * p, n * q]);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let k = 0; k < p; k++) for (let l = 0; l < q; l++)
    out.data[(i * p + k) * n * q + j * q + l] = a.data[i * n + j]! * b.data[k * q + l]!;
  return out;
}

/** J K_{mn}, where K_{mn} vec(X) = vec(Xᵀ) for X of size m×n: K[j + i·n, i + j·m] = 1. */
function timesCommutation(j: DenseArray, m: number, n: number): DenseArray {
  const rows = j.shape[0]!;
  const out = zeros([rows, m * n]);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < m; i++) for (let c = 0; c < n; c++)
      out.data[r * m * n + i + c * m] = j.data[r * m * n + c + i * n]!;
  return out;
}

/** M's entries stacked by columns (column-major vec) or by rows. */
function vecOf(m: DenseArray, vec: VecOrder): Float64Array {
  const [rows, cols] = [m.shape[0]!, m.shape[1]!];
  return Float64Array.from({ length: rows * cols }, (_, k) => (vec === 'column' ? m.data[(k % rows) * cols + Math.floor(k / rows)]! : m.data[k]!));
}

/** diag(v) J: row r of J scaled by v[r]. */
function scaleRows(j: DenseArray, v: Float64Array): DenseArray {
  const cols = j.shape[1]!;
  const out = zeros(j.shape);
  for (let k = 0; k < out.data.length; k++) out.data[k] = j.data[k]! * v[Math.floor(k / cols)]!;
  return out;
}

function axpy(y: DenseArray, alpha: number, x: DenseArray): DenseArray {
  const out = zeros(y.shape);
  for (let k = 0; k < out.data.length; k++) out.data[k] = y.data[k]! + alpha * x.data[k]!;
  return out;
}

/** A dense row-major matrix of zeros. */
function zeros(shape: readonly number[]): DenseArray {
  const [rows = 1, cols = 1] = shape;
  return { data: new Float64Array(rows * cols), shape: [rows, cols], stride: [cols, 1], offset: 0 };
}
