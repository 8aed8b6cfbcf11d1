import { type ElementwiseFn, type IndexName, type MatrixFnName, type ReduceOp, type Size } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import type { IndexTree } from '../../2-network/index-tree.js';

/**
 * Matrix notation: every value is a matrix, rank-1 tensors are column vectors (n×1), scalars 1×1.
 * Built by the index-pattern table (contract.ts), transposes pushed to the leaves.
 */
export type MatrixExpr =
  | { readonly kind: 'symbol'; readonly name: string; readonly rank: 0 | 1 | 2; readonly symmetric: boolean; readonly shape?: readonly Size[] }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'identity'; readonly size: Size }
  /** The all-ones column vector 𝟏 (sums and broadcasts). */
  | { readonly kind: 'ones'; readonly size: Size }
  | { readonly kind: 'transpose'; readonly arg: MatrixExpr }
  | { readonly kind: 'product'; readonly factors: readonly MatrixExpr[] }
  | { readonly kind: 'hadamard'; readonly factors: readonly MatrixExpr[] }
  | { readonly kind: 'sum'; readonly terms: readonly MatrixTerm[] }
  /** diag(v): the diagonal matrix of a vector. */
  | { readonly kind: 'diag'; readonly arg: MatrixExpr }
  /** diagvec(A): the vector of A's diagonal (numpy's diag of a matrix). */
  | { readonly kind: 'diagonal'; readonly arg: MatrixExpr }
  | { readonly kind: 'trace'; readonly arg: MatrixExpr }
  | { readonly kind: 'apply'; readonly fn: ElementwiseFn; readonly arg: MatrixExpr }
  | { readonly kind: 'matfn'; readonly fn: MatrixFnName; readonly arg: MatrixExpr }
  /** max, min, logsumexp of every entry (a scalar), or of each row (a column over the rows). */
  | { readonly kind: 'reduce'; readonly op: ReduceOp; readonly arg: MatrixExpr; readonly along: 'all' | 'rows' }
  /** vec(M): M's entries stacked into a column, by columns (Magnus–Neudecker) or by rows (vecᵣ). */
  | { readonly kind: 'vec'; readonly arg: MatrixExpr; readonly order: 'column' | 'row' }
  /** exp(X − logsumexp(X)) over every entry, or over each row (softmax_rows): the argument's shape. */
  | { readonly kind: 'softmax'; readonly arg: MatrixExpr; readonly along: 'all' | 'rows' }
  /** A part that has no matrix form: kept in index notation, `indices` naming its rows/cols. */
  | { readonly kind: 'index'; readonly tree: IndexTree; readonly indices: readonly IndexName[] }
  /** Kronecker product (vec/Kronecker view). */
  | { readonly kind: 'kron'; readonly left: MatrixExpr; readonly right: MatrixExpr }
  /** The commutation matrix K_{mn}: K vec(X) = vec(Xᵀ) for X of size m×n. */
  | { readonly kind: 'commutation'; readonly rows: Size; readonly cols: Size };

export interface MatrixTerm {
  readonly coefficient: number;
  readonly expr: MatrixExpr;
}

/** Whether each side of a value is 1: [rows are 1, cols are 1]. */
export function unitSides(e: MatrixExpr): readonly [boolean, boolean] {
  switch (e.kind) {
    case 'symbol':
      return [e.rank === 0, e.rank <= 1];
    case 'number': case 'trace':
      return [true, true];
    case 'identity': case 'diag': case 'kron': case 'commutation':
      return [false, false];
    case 'ones': case 'diagonal':
      return [false, true];
    case 'transpose': {
      const [r, c] = unitSides(e.arg);
      return [c, r];
    }
    case 'product': {
      const wide = e.factors.filter((f) => !isScalar(f));
      if (wide.length === 0) return [true, true];
      return [unitSides(wide[0]!)[0], unitSides(wide[wide.length - 1]!)[1]];
    }
    case 'hadamard':
      return unitSides(e.factors[0]!);
    case 'sum':
      return unitSides(e.terms[0]!.expr);
    case 'apply':
      return unitSides(e.arg);
    case 'matfn':
      return e.fn === 'inv' ? [false, false] : [true, true];
    case 'reduce':
      return e.along === 'all' ? [true, true] : [unitSides(e.arg)[0], true];
    case 'softmax':
      return unitSides(e.arg);
    case 'vec':
      return [false, true];
    case 'index':
      return [e.indices.length < 1, e.indices.length < 2];
    default:
      return assertNever(e);
  }
}

export function isScalar(e: MatrixExpr): boolean {
  const [r, c] = unitSides(e);
  return r && c;
}

/** Aᵀ with the transpose pushed to the leaves: (AB)ᵀ = BᵀAᵀ, (Aᵀ)ᵀ = A, Sᵀ = S for symmetric S. */
export function transposeOf(e: MatrixExpr): MatrixExpr {
  if (isScalar(e)) return e;
  switch (e.kind) {
    case 'symbol':
      return e.symmetric ? e : { kind: 'transpose', arg: e };
    case 'transpose':
      return e.arg;
    case 'identity': case 'diag': case 'commutation':
      return e.kind === 'commutation' ? { kind: 'commutation', rows: e.cols, cols: e.rows } : e;
    case 'product':
      // scalars commute: they keep their order (nu^-1 nv^-1 in either layout), the rest reverses
      return productOf([...e.factors.filter(isScalar), ...e.factors.filter((f) => !isScalar(f)).reverse().map(transposeOf)]);
    case 'hadamard':
      return { kind: 'hadamard', factors: e.factors.map(transposeOf) };
    case 'sum':
      return { kind: 'sum', terms: e.terms.map((t) => ({ coefficient: t.coefficient, expr: transposeOf(t.expr) })) };
    case 'apply':
      return { kind: 'apply', fn: e.fn, arg: transposeOf(e.arg) };
    case 'kron':
      return { kind: 'kron', left: transposeOf(e.left), right: transposeOf(e.right) };
    case 'matfn': {
      const inner = transposeOf(e.arg);
      return inner.kind === 'transpose' ? { kind: 'transpose', arg: e } : { kind: 'matfn', fn: e.fn, arg: inner };
    }
    case 'number': case 'trace': case 'ones': case 'diagonal': case 'index': case 'reduce': case 'softmax': case 'vec':
      return { kind: 'transpose', arg: e };
    default:
      return assertNever(e);
  }
}

/**
 * A matrix product: numbers multiplied into one leading coefficient, scalar-valued factors
 * (xᵀy, tr(A)) kept whole and moved to the front, other nested products flattened.
 */
export function productOf(factors: readonly MatrixExpr[]): MatrixExpr {
  const flat = factors.flatMap((f) => (f.kind === 'product' && !isScalar(f) ? f.factors : [f]));
  const value = flat.reduce((v, f) => (f.kind === 'number' ? v * f.value : v), 1);
  const scalars = flat.filter((f) => f.kind !== 'number' && isScalar(f));
  const wide = flat.filter((f) => !isScalar(f));
  // I A = A: identities go once anything else non-scalar remains
  const rest = wide.some((f) => f.kind !== 'identity') ? wide.filter((f) => f.kind !== 'identity') : wide.slice(0, 1);
  const all: MatrixExpr[] = [...(value === 1 ? [] : [{ kind: 'number' as const, value }]), ...scalars, ...rest];
  if (all.length === 0) return { kind: 'number', value: 1 };
  return all.length === 1 ? all[0]! : { kind: 'product', factors: all };
}

/** A sum with nested sums flattened; a single unit term unwrapped. */
export function sumOf(terms: readonly MatrixTerm[]): MatrixExpr {
  const flat = terms.flatMap((t) => (t.expr.kind === 'sum'
    ? t.expr.terms.map((u) => ({ coefficient: t.coefficient * u.coefficient, expr: u.expr }))
    : [t]));
  const only = flat[0];
  if (flat.length === 1 && only !== undefined) return only.coefficient === 1 ? only.expr : productOf([{ kind: 'number', value: only.coefficient }, only.expr]);
  return { kind: 'sum', terms: flat };
}

/** How many transposes a form shows; orientation choices minimise it. */
export function transposeCount(e: MatrixExpr): number {
  switch (e.kind) {
    case 'transpose':
      return 1 + transposeCount(e.arg);
    case 'product': case 'hadamard':
      return e.factors.reduce((n, f) => n + transposeCount(f), 0);
    case 'sum':
      return e.terms.reduce((n, t) => n + transposeCount(t.expr), 0);
    case 'diag': case 'diagonal': case 'trace': case 'apply': case 'matfn': case 'reduce': case 'softmax': case 'vec':
      return transposeCount(e.arg);
    case 'kron':
      return transposeCount(e.left) + transposeCount(e.right);
    case 'symbol': case 'number': case 'identity': case 'ones': case 'index': case 'commutation':
      return 0;
    default:
      return assertNever(e);
  }
}

/** A factor of a network in matrix form: rows = indices[0], cols = indices[1]; rank 1 = column. */
export interface MatrixFactor {
  readonly expr: MatrixExpr;
  readonly indices: readonly IndexName[];
}
