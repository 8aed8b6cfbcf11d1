import type { Expression } from '../../3-calculus/derivation.js';
import type { DisplayNames } from '../../2-network/index-text.js';
import type { Formula } from '../index-notation/formula.js';
import { latexAccess, latexIndices, latexName } from '../latex/latex-symbols.js';
import { latexNotation } from './latex-notation.js';
import type { MatrixExpr } from './matrix-expr.js';
import { renderMatrix, type VectorConvention } from './render.js';
import { textNotation } from './text-notation.js';

/** What one line of the matrix view shows: `∂L/∂W = x yᵀ`, or the index form when rank > 2. */
export interface MatrixLine {
  readonly matrix: MatrixExpr;
  readonly expr: Expression;
  readonly derivative: { readonly of: string; readonly wrt: string; readonly first?: string; readonly symbol?: string } | undefined;
  /** Whether rows follow the last variable (a second derivative's label then reads ∂²f/∂y∂xᵀ). */
  readonly transposed: boolean;
  /** Whether the layout prints the transpose of the index order: a named adjoint δz then reads `δzᵀ = ∂C/∂z`. */
  readonly layoutFlip: boolean;
  readonly names: DisplayNames;
  readonly vectors: VectorConvention;
  readonly indexForm: Formula;
}

const shown = (names: DisplayNames, name: string): string =>
  Object.prototype.hasOwnProperty.call(names, name) ? names[name]! : name;

/**
 * A second derivative's variables in row, column order: ∂²f/∂x∂yᵀ has rows x and columns y (x a
 * column, yᵀ a row); with row vectors the same matrix reads ∂²f/∂xᵀ∂y.
 */
function secondOrder(line: MatrixLine): [string, string] | undefined {
  const d = line.derivative;
  if (d?.first === undefined) return undefined;
  const [rows, cols] = line.transposed ? [d.wrt, d.first] : [d.first, d.wrt];
  return [shown(line.names, rows), shown(line.names, cols)];
}

function textLabel(line: MatrixLine): string {
  const d = line.derivative;
  if (!d) return '';
  const second = secondOrder(line);
  if (second && line.matrix.kind !== 'index')
    return line.vectors === 'row' ? `∂²${shown(line.names, d.of)}/∂${second[0]}ᵀ∂${second[1]}` : `∂²${shown(line.names, d.of)}/∂${second[0]}∂${second[1]}ᵀ`;
  if (d.first !== undefined) return `∂²${shown(line.names, d.of)}/∂${shown(line.names, d.first)}∂${shown(line.names, d.wrt)}`;
  return `∂${shown(line.names, d.of)}/∂${shown(line.names, d.wrt)}`;
}

/**
 * A named adjoint's symbol before the label: δz is ∂C/∂z in index order (a column for a vector z),
 * so a layout that prints the transpose reads `δzᵀ = ∂C/∂z`; an index form names its indices.
 */
function symbolText(line: MatrixLine): string {
  const symbol = line.derivative?.symbol;
  if (symbol === undefined) return '';
  if (line.matrix.kind === 'index') return `${symbol}${line.expr.indices.length === 0 ? '' : `[${line.expr.indices.join(',')}]`} = `;
  return `${symbol}${line.layoutFlip ? 'ᵀ' : ''} = `;
}

function symbolLatex(line: MatrixLine): string {
  const symbol = line.derivative?.symbol;
  if (symbol === undefined) return '';
  if (line.matrix.kind === 'index') return `${latexAccess(latexName(symbol), line.expr.indices)} = `;
  return line.layoutFlip ? `{${latexName(symbol)}}^{\\top} = ` : `${latexName(symbol)} = `;
}

function latexLabel(line: MatrixLine): string {
  const d = line.derivative;
  if (!d) return '';
  const of = latexName(shown(line.names, d.of));
  const second = secondOrder(line);
  if (second && line.matrix.kind !== 'index') {
    const [rows, cols] = [latexName(second[0]), latexName(second[1])];
    return line.vectors === 'row' ? `\\frac{\\partial^{2} ${of}}{\\partial ${rows}^{\\top}\\,\\partial ${cols}}`
      : `\\frac{\\partial^{2} ${of}}{\\partial ${rows}\\,\\partial ${cols}^{\\top}}`;
  }
  if (d.first !== undefined)
    return `\\frac{\\partial^{2} ${of}}{\\partial ${latexName(shown(line.names, d.first))}\\,\\partial ${latexName(shown(line.names, d.wrt))}}`;
  return `\\frac{\\partial ${of}}{\\partial ${latexName(shown(line.names, d.wrt))}}`;
}

export function textMatrixLine(line: MatrixLine): string {
  const d = line.derivative;
  const lhs = `${symbolText(line)}${textLabel(line)}`;
  if (line.matrix.kind === 'index') {
    const order = line.matrix.indices;
    const indices = order.length === 0 ? '' : `[${order.join(',')}]`;
    const note = `   (index notation: rank ${line.expr.indices.length})`;
    return d ? `${lhs}${indices} = ${line.indexForm.text}${note}` : `${line.indexForm.text}${note}`;
  }
  const body = renderMatrix(line.matrix, { notation: textNotation, vectors: line.vectors, names: line.names });
  return d ? `${lhs} = ${body}` : body;
}

export function latexMatrixLine(line: MatrixLine): string {
  const d = line.derivative;
  const lhs = latexLabel(line);
  const symbol = symbolLatex(line);
  if (line.matrix.kind === 'index') {
    const sub = line.matrix.indices.length === 0 ? '' : `_{${latexIndices(line.matrix.indices)}}`;
    return d ? `${symbol}\\left(${lhs}\\right)${sub} = ${line.indexForm.latex}` : line.indexForm.latex;
  }
  const body = renderMatrix(line.matrix, { notation: latexNotation, vectors: line.vectors, names: line.names });
  return d ? `${symbol}${lhs} = ${body}` : body;
}
