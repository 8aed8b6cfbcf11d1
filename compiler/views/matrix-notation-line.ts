import type { Expression } from '../3-calculus/derivation.js';
import type { DisplayNames, Formula } from './latex-index.js';
import { latexIndices, latexName } from './latex-symbols.js';
import { latexNotation } from './latex-matrix.js';
import type { MatrixExpr } from './matrix-notation-expr.js';
import { renderMatrix, type VectorConvention } from './matrix-notation-render.js';
import { textNotation } from './matrix-notation-text.js';

/** What one line of the matrix view shows: `∂L/∂W = x yᵀ`, or the index form when rank > 2. */
export interface MatrixLine {
  readonly matrix: MatrixExpr;
  readonly expr: Expression;
  readonly derivative: { readonly of: string; readonly wrt: string } | undefined;
  readonly names: DisplayNames;
  readonly vectors: VectorConvention;
  readonly indexForm: Formula;
}

const shown = (names: DisplayNames, name: string): string =>
  Object.prototype.hasOwnProperty.call(names, name) ? names[name]! : name;

export function textMatrixLine(line: MatrixLine): string {
  const d = line.derivative;
  const lhs = d ? `∂${shown(line.names, d.of)}/∂${shown(line.names, d.wrt)}` : '';
  if (line.matrix.kind === 'index') {
    const indices = line.expr.indices.length === 0 ? '' : `[${line.expr.indices.join(',')}]`;
    const note = `   (index notation: rank ${line.expr.indices.length})`;
    return d ? `${lhs}${indices} = ${line.indexForm.text}${note}` : `${line.indexForm.text}${note}`;
  }
  const body = renderMatrix(line.matrix, { notation: textNotation, vectors: line.vectors, names: line.names });
  return d ? `${lhs} = ${body}` : body;
}

export function latexMatrixLine(line: MatrixLine): string {
  const d = line.derivative;
  const lhs = d ? `\\frac{\\partial ${latexName(shown(line.names, d.of))}}{\\partial ${latexName(shown(line.names, d.wrt))}}` : '';
  if (line.matrix.kind === 'index') {
    const sub = line.expr.indices.length === 0 ? '' : `_{${latexIndices(line.expr.indices)}}`;
    return d ? `\\left(${lhs}\\right)${sub} = ${line.indexForm.latex}` : line.indexForm.latex;
  }
  const body = renderMatrix(line.matrix, { notation: latexNotation, vectors: line.vectors, names: line.names });
  return d ? `${lhs} = ${body}` : body;
}
