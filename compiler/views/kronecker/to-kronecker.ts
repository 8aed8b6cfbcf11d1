import type { Graph } from '../../2-network/graph.js';
import type { Factor, Node } from '../../2-network/network.js';
import type { Expression } from '../../3-calculus/derivation.js';
import { transposeOf, type MatrixExpr } from '../matrix-notation/matrix-expr.js';
import { matrixOfNode, memoWithNames, type MatrixMemo } from '../matrix-notation/matrix-of-node.js';
import { tidyMatrix } from '../matrix-notation/tidy.js';
import { flatTerms, maskOf, pairingsOf, partExpression, separate } from './terms.js';
import { describeKronecker, type KroneckerText } from './describe.js';
import type { KroneckerForm, KroneckerInput, KroneckerOptions, KroneckerPart, KroneckerTerm, VecOrder } from './kronecker-form.js';

/**
 * The Magnus–Neudecker identification d vec F = J d vec X: J in ⊗ form (or why there is none), as text and LaTeX.
 * @example
 * import { jacobian, toKronecker, type KroneckerView } from 'ricci';
 * const view: KroneckerView = toKronecker(jacobian('F[a,b] = A[a,i] X[i,j] B[j,b]', 'F', 'X'), { vec: 'column' });
 * view.text.split('\n')[1]; // → column-major vec (Magnus–Neudecker): d vec F = J d vec X, J = Bᵀ ⊗ A
 */
export interface KroneckerView extends KroneckerText {
  readonly vec: VecOrder;
  readonly form: KroneckerForm;
  readonly result: Expression;
  readonly ofRank: number;
  readonly carriers: readonly Node[];
  toString(): string;
}

/**
 * The Magnus–Neudecker identification d vec F = J d vec X, read off the index form term by term:
 *   ∂F[a,b]/∂X[k,l] = P[a,k] Q[b,l]  →  column: Q ⊗ P, row: P ⊗ Q
 *   ∂F[a,b]/∂X[k,l] = P[a,l] Q[b,k]  →  column: (Q ⊗ P) K_mn, row: (P ⊗ Q) K_nm
 */
export function toKronecker(input: KroneckerInput, options: KroneckerOptions): KroneckerView {
  const expr = input.result;
  const form = kroneckerForm(input, options.ofRank, memoWithNames(options.definitions ?? new Map()));
  const text = describeKronecker(expr, form, options);
  return { ...text, vec: options.vec, form, result: expr, ofRank: options.ofRank, carriers: options.carriers ?? [], toString: () => text.text };
}

/** `memo` starts with the named definitions, so P and Q print as M⁻¹, not (Xᵀ X)⁻¹. */
function kroneckerForm(input: KroneckerInput, ofRank: number, memo: MatrixMemo): KroneckerForm {
  const expr = input.result;
  const rank = expr.indices.length;
  const wrtRank = rank - ofRank;
  if (ofRank > 2 || wrtRank > 2 || ofRank < 0 || wrtRank < 0)
    return { kind: 'none', reason: `F has rank ${ofRank} and X rank ${wrtRank}: vec/Kronecker covers ranks up to 2` };
  // numerator layout: a scalar's J by a vector is a row (1×n), where the index form reads as a column
  if (ofRank <= 1 && wrtRank <= 1) {
    const matrix = matrixOfNode(expr.node, memo);
    return { kind: 'matrix', matrix: ofRank === 0 && wrtRank === 1 ? tidyMatrix(transposeOf(matrix), 'column') : matrix };
  }
  const terms = flatTerms(expr);
  if (!terms) return { kind: 'none', reason: 'an addend is constant along one of the indices (a broadcast)' };
  const rows = expr.indices.slice(0, ofRank);
  const cols = expr.indices.slice(ofRank);
  const found: KroneckerTerm[] = [];
  for (const term of terms) {
    const splitOf = (factors: typeof term.factors) => pairingsOf(rows, cols).map((p) => ({ p, parts: separate(factors, expr.indices, p) })).find((s) => s.parts);
    // an elementwise factor on F's entries (M[a,b]) comes out as diag(vec M) when the rest splits
    const masked = splitOf(term.factors) ? undefined : maskOf(term.factors, rows, cols);
    const split = splitOf(masked ? masked[1] : term.factors);
    if (!split?.parts && (ofRank === 0 || wrtRank === 0)) return { kind: 'vectorized', matrix: matrixOfNode(expr.node, memo), gradient: ofRank === 0 };
    if (!split?.parts) return { kind: 'none', reason: 'a term couples the row and column indices of F with both indices of X (no P ⊗ Q split)' };
    const [left, right] = split.parts;
    found.push({
      coefficient: term.coefficient,
      ...(masked ? { mask: part(input.graph, masked[0], rows, memo) } : {}),
      commuted: split.p.commuted,
      left: part(input.graph, left, split.p.left, memo),
      right: part(input.graph, right, split.p.right, memo),
    });
  }
  return { kind: 'kronecker', terms: found, wrtShape: expr.node.shape.slice(ofRank) };
}

function part(graph: Graph, factors: readonly Factor[], pair: readonly (string | undefined)[], memo: MatrixMemo): KroneckerPart {
  const expression = partExpression(graph, factors, pair);
  const [hasRows, hasCols] = [pair[0] !== undefined, pair[1] !== undefined];
  if (!expression) return { expression, matrix: { kind: 'number', value: 1 }, hasRows, hasCols };
  const canonical = matrixOfNode(expression.node, memo);
  const matrix = hasCols && !hasRows ? transposeOf(canonical) : canonical;
  return { expression, matrix, hasRows, hasCols };
}
