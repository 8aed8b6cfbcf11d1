import { applyElementwise } from '../../compiler/2-network/elementwise.js';
import { determinant, inverse, logAbsDeterminant } from '../../compiler/2-network/matrix-functions.js';
import type { MatrixExpr } from '../../compiler/views/matrix-notation/matrix-expr.js';
import { reduceValues } from '../../runtime/reductions.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { evaluateTree } from './index-tree-evaluate.js';

/** A plain row-major matrix: the test oracle's value type (vectors n×1, scalars 1×1). */
export interface Matrix { readonly rows: number; readonly cols: number; readonly data: Float64Array }

const make = (rows: number, cols: number, at: (r: number, c: number) => number): Matrix => {
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = at(r, c);
  return { rows, cols, data };
};
const get = (m: Matrix, r: number, c: number): number => m.data[r * m.cols + c]!;

function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.rows * a.cols === 1) return make(b.rows, b.cols, (r, c) => a.data[0]! * get(b, r, c));
  if (b.rows * b.cols === 1) return make(a.rows, a.cols, (r, c) => get(a, r, c) * b.data[0]!);
  if (a.cols !== b.rows) throw new Error(`inner sizes differ: ${a.rows}×${a.cols} times ${b.rows}×${b.cols}`);
  return make(a.rows, b.cols, (r, c) => { let s = 0; for (let k = 0; k < a.cols; k++) s += get(a, r, k) * get(b, k, c); return s; });
}

function sameShape(a: Matrix, b: Matrix, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`${what}: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`);
}

/**
 * Evaluates matrix notation with ordinary matrix algebra, independently of the index view: the
 * oracle that the pattern table chose the right transposes, diag and traces. Sizes are numbers.
 */
export function evaluateMatrix(e: MatrixExpr, env: Readonly<Record<string, DenseArray>>): Matrix {
  const v = (x: MatrixExpr): Matrix => evaluateMatrix(x, env);
  switch (e.kind) {
    case 'symbol': {
      const a = env[e.name]!;
      const [rows, cols] = [a.shape[0] ?? 1, a.shape[1] ?? 1];
      return make(rows, cols, (r, c) => a.data[r * cols + c]!);
    }
    case 'number': return make(1, 1, () => e.value);
    case 'identity': return make(e.size as number, e.size as number, (r, c) => (r === c ? 1 : 0));
    case 'ones': return make(e.size as number, 1, () => 1);
    case 'transpose': { const a = v(e.arg); return make(a.cols, a.rows, (r, c) => get(a, c, r)); }
    case 'product': return e.factors.map(v).reduce(multiply);
    case 'hadamard': return e.factors.map(v).reduce((a, b) => { sameShape(a, b, '⊙'); return make(a.rows, a.cols, (r, c) => get(a, r, c) * get(b, r, c)); });
    case 'sum': return e.terms.map((t) => multiply(make(1, 1, () => t.coefficient), v(t.expr)))
      .reduce((a, b) => { sameShape(a, b, '+'); return make(a.rows, a.cols, (r, c) => get(a, r, c) + get(b, r, c)); });
    case 'diag': { const a = v(e.arg); const n = a.rows * a.cols; return make(n, n, (r, c) => (r === c ? a.data[r]! : 0)); }
    case 'diagonal': { const a = v(e.arg); return make(a.rows, 1, (r) => get(a, r, r)); }
    case 'trace': { const a = v(e.arg); let s = 0; for (let k = 0; k < a.rows; k++) s += get(a, k, k); return make(1, 1, () => s); }
    case 'apply': { const a = v(e.arg); const f = applyElementwise(e.fn); return make(a.rows, a.cols, (r, c) => f(get(a, r, c))); }
    case 'matfn': {
      const a = v(e.arg);
      if (e.fn === 'inv') return { rows: a.rows, cols: a.cols, data: inverse(a.data, a.rows)! };
      return make(1, 1, () => (e.fn === 'det' ? determinant(a.data, a.rows) : logAbsDeterminant(a.data, a.rows)!));
    }
    case 'reduce': {
      const a = v(e.arg);
      if (e.along === 'all') return make(1, 1, () => reduceValues(e.op, a.data));
      return make(a.rows, 1, (r) => reduceValues(e.op, a.data.subarray(r * a.cols, (r + 1) * a.cols)));
    }
    case 'vec': {
      // entries stacked by columns (column-major) or by rows
      const a = v(e.arg);
      return make(a.rows * a.cols, 1, (k) => (e.order === 'column' ? get(a, k % a.rows, Math.floor(k / a.rows)) : get(a, Math.floor(k / a.cols), k % a.cols)));
    }
    case 'softmax': {
      // exp(x − logsumexp(x)) over all entries or each row, from its definition
      const a = v(e.arg);
      const shift = (r: number): number => reduceValues('logsumexp', e.along === 'all' ? a.data : a.data.subarray(r * a.cols, (r + 1) * a.cols));
      const all = shift(0);
      return make(a.rows, a.cols, (r, c) => Math.exp(get(a, r, c) - (e.along === 'all' ? all : shift(r))));
    }
    case 'index': {
      const sizes = e.indices.map((i) => sizeOf(e.tree, i, env));
      return make(sizes[0] ?? 1, sizes[1] ?? 1, (r, c) => evaluateTree(e.tree, env, new Map(e.indices.map((i, k) => [i, k === 0 ? r : c]))));
    }
    case 'kron': {
      const [a, b] = [v(e.left), v(e.right)];
      return make(a.rows * b.rows, a.cols * b.cols, (r, c) => get(a, Math.floor(r / b.rows), Math.floor(c / b.cols)) * get(b, r % b.rows, c % b.cols));
    }
    case 'commutation': {
      const [m, n] = [e.rows as number, e.cols as number];
      return make(m * n, m * n, (r, c) => (r === Math.floor(c / m) + (c % m) * n ? 1 : 0));
    }
  }
}

function sizeOf(tree: Parameters<typeof evaluateTree>[0], index: string, env: Readonly<Record<string, DenseArray>>): number {
  if (tree.kind === 'access') { const k = tree.indices.indexOf(index); if (k >= 0) return env[tree.name]!.shape[k]!; }
  const children = tree.kind === 'product' ? tree.factors : tree.kind === 'sum' ? tree.terms.map((t) => t.tree)
    : tree.kind === 'sigma' ? [tree.body] : tree.kind === 'apply' ? [tree.arg] : [];
  for (const c of children) { const s = sizeOf(c, index, env); if (s > 0) return s; }
  return 0;
}
