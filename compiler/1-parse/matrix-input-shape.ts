import { isReservedWord } from './ricci-ast.js';
import { fail } from './matrix-input-errors.js';
import { span } from '../diagnostics/span.js';

/** A declared size: a positive integer or a size name. */
export type MatrixSize = number | string;

/** A side of a matrix-notation value: a size, or null when it is 1 by construction (a vector's width). */
export type Side = MatrixSize | null;

/** Every value is rows × cols: a declared [n] is a column n×1, [] a scalar, [m, n] a matrix. */
export interface MatrixShape {
  readonly rows: Side;
  readonly cols: Side;
}

export const scalarShape: MatrixShape = { rows: null, cols: null };

export function isScalarShape(s: MatrixShape): boolean {
  return s.rows === null && s.cols === null;
}

export function sameShape(a: MatrixShape, b: MatrixShape): boolean {
  return a.rows === b.rows && a.cols === b.cols;
}

export function isSquare(s: MatrixShape): boolean {
  return s.rows !== null && s.rows === s.cols;
}

/** For messages: "3×1 (a column vector)", "1×n (a row vector)", "2×3", "a scalar". */
export function showMatrixShape(s: MatrixShape): string {
  if (isScalarShape(s)) return 'a scalar';
  if (s.cols === null) return `${s.rows}×1 (a column vector)`;
  if (s.rows === null) return `1×${s.cols} (a row vector)`;
  return `${s.rows}×${s.cols}`;
}

/** The Ricci lexer's identifier: a letter or `_`, then letters, combining marks, digits or `_`. */
const identifier = /^[\p{L}_][\p{L}\p{M}\p{Nd}_]*$/u;

/** Checks the declared shapes: names are identifiers (not Ricci words), sizes positive integers or names. */
export function readShapes(shapes: Readonly<Record<string, readonly MatrixSize[]>>): Map<string, MatrixShape> {
  const result = new Map<string, MatrixShape>();
  for (const [name, shape] of Object.entries(shapes)) {
    const where = { source: `${name}: ${JSON.stringify(shape)}`, span: span(0, name.length) };
    if (isReservedWord(name)) fail('matrix_input_reserved_name', where, name);
    const goodSize = (s: MatrixSize): boolean => (typeof s === 'number' ? Number.isInteger(s) && s > 0 : typeof s === 'string' && identifier.test(s));
    if (!identifier.test(name) || !Array.isArray(shape) || shape.length > 2 || !shape.every(goodSize))
      fail('matrix_input_bad_shape', where, name, JSON.stringify(shape));
    result.set(name, { rows: shape[0] ?? null, cols: shape.length === 2 ? shape[1]! : null });
  }
  return result;
}

/** The result's name (options.name): an identifier that is not a word of the Ricci language. */
export function readResultName(name: unknown): string {
  const text = typeof name === 'string' ? name : String(name);
  if (typeof name !== 'string' || !identifier.test(name) || isReservedWord(name))
    fail('matrix_input_bad_name', { source: text, span: span(0, text.length) }, JSON.stringify(text));
  return text;
}
