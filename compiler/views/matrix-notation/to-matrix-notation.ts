import type { Expression } from '../../3-calculus/derivation.js';
import { indexNotation } from '../../2-network/print-network.js';
import { withoutHiddenSizes, type SizeShown } from './shown-sizes.js';
import type { DisplayNames } from '../../2-network/index-text.js';
import { indexFormula, type Formula } from '../index-notation/formula.js';
import { latexMatrixLine, textMatrixLine } from './line.js';
import { transposeOf, type MatrixExpr } from './matrix-expr.js';
import { matrixOfNode, memoWithNames } from './matrix-of-node.js';
import { tidyMatrix } from './tidy.js';
import { foldDefinitions, foldsOf, rootsOf } from './fold.js';
import type { IndexName, Node } from '../../2-network/network.js';
import type { VectorConvention } from './render.js';

/**
 * Where a derivative's indices go in matrix form. numerator: rows follow the function (∂f/∂x is
 * a row for scalar f); denominator: rows follow the variable (∂L/∂W has W's shape); mixed:
 * denominator for a scalar function, numerator otherwise.
 * @example
 * import { grad, toMatrixNotation, type Layout } from 'ricci';
 * const layouts: Layout[] = ['denominator', 'numerator'];
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * layouts.map((layout) => toMatrixNotation(d, { layout }).text.split('\n')[0]); // → [∂L/∂W = x yᵀ, ∂L/∂W = y xᵀ]
 */
export type Layout = 'numerator' | 'denominator' | 'mixed';

/** Which leading indices of a derivative belong to the function (`of`); the rest to `wrt`. */
export interface DerivativeLabel {
  readonly of: string;
  readonly wrt: string;
  readonly ofRank: number;
  /** For a second derivative ∂²f/∂x∂y: the first variable x (`wrt` is y). */
  readonly first?: string;
  /** The derivative's own name when it is a named adjoint: the line reads `δz1 = ∂C/∂z1 = …`. */
  readonly symbol?: string;
}

export interface MatrixViewOptions {
  readonly layout: Layout;
  readonly vectors?: VectorConvention;
  readonly names?: DisplayNames;
  readonly derivative?: DerivativeLabel;
  /** Definitions by node: a sub-expression equal to one prints as its name (a1, z). */
  readonly definitions?: ReadonlyMap<Node, string>;
  /** Which sizes to name (shown-sizes.ts); default: every size. */
  readonly shownSize?: SizeShown;
}

/**
 * A value in matrix notation: text and LaTeX, the layout convention in words, and the index form it came from.
 * @example
 * import { grad, toMatrixNotation, type MatrixView } from 'ricci';
 * const view: MatrixView = toMatrixNotation(grad('W: [m, n]\nL = x[i] W[i,j] y[j]', 'L', 'W'));
 * view.latex; // → \frac{\partial L}{\partial W} = x\mkern3mu {y}^{\top}
 * view.convention; // → denominator layout: ∂L/∂W has the shape of W (m×n); vectors are columns
 */
export interface MatrixView {
  readonly layout: Layout;
  readonly vectors: VectorConvention;
  /** The value in matrix notation; an `index` expression when it has no matrix form. */
  readonly matrix: MatrixExpr;
  /** Whether the layout reads the index order transposed (rows = the last index). */
  readonly transposed: boolean;
  /** The convention in one sentence, e.g. "denominator layout: ∂L/∂W has the shape of W". */
  readonly convention: string;
  readonly indexForm: Formula;
  readonly text: string;
  readonly latex: string;
  toString(): string;
}

/**
 * `expr` in matrix notation: read by index pattern, transposed as `layout` and the vector
 * convention ask, definitions folded back in by name, then tidied into textbook form;
 * a value with no matrix form (rank > 2) stays in index notation.  dL/dW[i,j] = x[i] y[j] → x yᵀ
 */
export function toMatrixNotation(expr: Expression, options: MatrixViewOptions): MatrixView {
  const vectors = options.vectors ?? 'column';
  const names = options.names ?? {};
  const rank = expr.node.shape.length;
  const definitions = options.definitions ?? new Map<Node, string>();
  const canonical = matrixOfNode(expr.node, memoWithNames(definitions));
  const layoutFlip = options.derivative ? layoutTransposes(options.derivative.ofRank, rank - options.derivative.ofRank, options.layout) : false;
  // A rank-1 result in index notation has no orientation to flip.
  const transposed = rank === 1 ? canonical.kind !== 'index' && layoutFlip !== (vectors === 'row') : rank === 2 && layoutFlip;
  const matrix = canonical.kind === 'index'
    ? { ...canonical, indices: indexOrder(expr, options.derivative, layoutFlip, transposed), tree: indexNotation(expr, { names: definitions }) }
    : tidyMatrix(foldDefinitions(transposed ? transposeOf(canonical) : canonical, foldsOf(definitions), rootsOf(definitions)), vectors);
  const indexForm = indexFormula(indexNotation(expr, { names: definitions }), names);
  const convention = matrix.kind === 'index' ? indexConvention(options, expr, layoutFlip) : conventionOf(options, vectors, expr, transposed, layoutFlip);
  const line = { matrix: withoutHiddenSizes(matrix, options.shownSize), expr, derivative: options.derivative, names, vectors, indexForm, transposed, layoutFlip };
  const text = `${textMatrixLine(line)}\n  (${convention})`;
  const latex = latexMatrixLine(line);
  return { layout: options.layout, vectors, matrix, transposed, convention, indexForm, text, latex, toString: () => text };
}

/** Does `layout` put the variable's index first where the index order puts the function's first? */
export function layoutTransposes(ofRank: number, wrtRank: number, layout: Layout): boolean {
  if (ofRank === 0 && wrtRank === 0) return false;
  if (ofRank === 0) return layout === 'numerator';
  return layout === 'denominator';
}

/** The index part's axis order: a layout that puts the variable first lists its indices first. */
function indexOrder(expr: Expression, d: DerivativeLabel | undefined, layoutFlip: boolean, transposed: boolean): IndexName[] {
  if (expr.indices.length <= 2) return transposed ? [...expr.indices].reverse() : [...expr.indices];
  if (!d || !layoutFlip) return [...expr.indices];
  return [...expr.indices.slice(d.ofRank), ...expr.indices.slice(0, d.ofRank)];
}

function indexConvention(options: MatrixViewOptions, expr: Expression, layoutFlip: boolean): string {
  const rank = expr.node.shape.length;
  const d = options.derivative;
  const note = `rank ${rank}: no matrix form, kept in index notation`;
  if (!d || rank <= 2) return note;
  const first = layoutFlip ? d.wrt : d.first ?? d.of;
  return `${note}; ${options.layout} layout lists ${first}'s indices first`;
}

/**
 * The layout in one sentence, matching the printed shape: a vector result is compared with the
 * variable read by the same vector convention (with rows, ∂L/∂b printed as a row has b's shape).
 */
function conventionOf(options: MatrixViewOptions, vectors: VectorConvention, expr: Expression, transposed: boolean, layoutFlip: boolean): string {
  const vectorsText = vectors === 'column' ? 'vectors are columns' : 'vectors are rows';
  const rank = expr.node.shape.length;
  if (options.shownSize && !expr.node.shape.every(options.shownSize)) return conventionOf({ ...options, shownSize: undefined }, vectors, expr, transposed, layoutFlip).replace(/ \([^()]*\);/, ';');
  const column = vectors === 'row' ? `${expr.node.shape[0]}×1` : `${expr.node.shape[0]}`;
  const shape = rank === 1 ? (transposed ? `1×${expr.node.shape[0]}` : column) : (transposed ? [...expr.node.shape].reverse() : expr.node.shape).join('×');
  const flipped = rank === 1 ? layoutFlip : transposed;
  const d = options.derivative;
  if (!d || expr.node.shape.length === 0) return `${vectorsText}; shape ${shape || '1×1 (a scalar)'}`;
  const wrtRank = expr.node.shape.length - d.ofRank;
  if (d.first !== undefined) return `${hessianSentence(d, transposed)} (${shape}); ${vectorsText}`;
  const rows = transposed ? d.wrt : d.of;
  const what = d.ofRank === 0 ? `∂${d.of}/∂${d.wrt} ${flipped ? `is the transpose of ${d.wrt}'s shape` : `has the shape of ${d.wrt}`}`
    : wrtRank === 0 ? `∂${d.of}/∂${d.wrt} ${flipped ? `is the transpose of ${d.of}'s shape` : `has the shape of ${d.of}`}`
      : `rows follow ${rows}, columns follow ${rows === d.of ? d.wrt : d.of}`;
  return `${options.layout} layout: ${what} (${shape}); ${vectorsText}`;
}

/** Second derivatives: which variable the rows follow; a pure Hessian reads the same in every layout. */
function hessianSentence(d: DerivativeLabel, transposed: boolean): string {
  if (d.first === d.wrt) return `Hessian: rows and columns both follow ${d.wrt}, H[k,l] = ∂²${d.of}/∂${d.wrt}[k]∂${d.wrt}[l], the same in every layout`;
  const [rows, cols] = transposed ? [d.wrt, d.first!] : [d.first!, d.wrt];
  return `second derivative: rows follow ${rows}, columns follow ${cols}`;
}
