import type { Graph } from '../../2-network/graph.js';
import type { SizeShown } from '../matrix-notation/shown-sizes.js';
import type { Node, Size } from '../../2-network/network.js';
import type { Expression } from '../../3-calculus/derivation.js';
import type { DisplayNames } from '../../2-network/index-text.js';
import type { MatrixExpr } from '../matrix-notation/matrix-expr.js';

/**
 * The order vec stacks entries in: column-major (Magnus–Neudecker) or row-major (numpy, C).
 * @example
 * import { jacobian, toKronecker, type VecOrder } from 'ricci';
 * const orders: VecOrder[] = ['column', 'row'];
 * const d = jacobian('F[a,b] = A[a,i] X[i,j] B[j,b]', 'F', 'X');
 * orders.map((vec) => toKronecker(d, { vec }).vec); // → [column, row]
 */
export type VecOrder = 'column' | 'row';

export interface KroneckerOptions {
  readonly vec: VecOrder;
  /** How many leading indices of the result belong to F (for a Hessian: the variable's rank). */
  readonly ofRank: number;
  readonly of?: string;
  readonly wrt?: string;
  /** 'hessian' reads the result as d²f = (d vec X)ᵀ H (d vec X). */
  readonly order?: 'jacobian' | 'hessian';
  /** A named adjoint's symbol (δz1 for ∂C/∂z1): the index form leads with it, as the other views do. */
  readonly symbol?: string;
  /** A second derivative's first variable (∂²f/∂first∂wrt); default wrt. */
  readonly first?: string;
  /** Variables declared symmetric, with their size n: J is by the independent entries (d vech). */
  readonly symmetric?: ReadonlyMap<string, Size>;
  readonly names?: DisplayNames;
  /** Definitions by node: the index form prints them by name. */
  readonly definitions?: ReadonlyMap<Node, string>;
  /** Sums the index form keeps whole, as the derivative's own printout does: (1 - a[i]^2), not expanded. */
  readonly factored?: ReadonlySet<Node>;
  /** Nodes evaluated alongside J so every symbolic size is bound (a derivative's function and variables). */
  readonly carriers?: readonly Node[];
  /** Which sizes I and K name (matrix-notation/shown-sizes.ts); default: every size. */
  readonly shownSize?: SizeShown;
}

/** The derivative and the graph its nodes live in (a src Derivative fits). */
export interface KroneckerInput {
  readonly graph: Graph;
  readonly result: Expression;
}

/** One Kronecker factor: P[a,k] as a matrix (a row/column vector or scalar when indices are missing). */
export interface KroneckerPart {
  /** undefined: the scalar 1. */
  readonly expression: Expression | undefined;
  readonly matrix: MatrixExpr;
  readonly hasRows: boolean;
  readonly hasCols: boolean;
}

/**
 * coefficient · M[a,b] P[a,k] Q[b,l] (or P[a,l] Q[b,k] when commuted): column J = diag(vec M) (Q ⊗ P) (· K),
 * row J = diag(vecᵣ M) (P ⊗ Q) (· K); without M (an elementwise factor on F's entries) just the ⊗.
 */
export interface KroneckerTerm {
  readonly coefficient: number;
  /** M[a,b]: a factor on both of F's indices and none of X's (1 − Z², a mask), scaling each entry of vec F. */
  readonly mask?: KroneckerPart;
  readonly left: KroneckerPart;
  readonly right: KroneckerPart;
  readonly commuted: boolean;
}

export type KroneckerForm =
  | { readonly kind: 'kronecker'; readonly terms: readonly KroneckerTerm[]; readonly wrtShape: readonly Size[] }
  /** Both sides have rank ≤ 1: J is the numerator-layout matrix itself, the same for both orders. */
  | { readonly kind: 'matrix'; readonly matrix: MatrixExpr }
  /** A scalar by a matrix (J = vec(G)ᵀ) or a matrix by a scalar (J = vec(G)) with no P ⊗ Q split. */
  | { readonly kind: 'vectorized'; readonly matrix: MatrixExpr; readonly gradient: boolean }
  | { readonly kind: 'none'; readonly reason: string };
