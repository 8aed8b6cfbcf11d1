import { indexLatex } from '../index-notation/formula.js';
import type { MatrixNotation } from './render.js';
import { latexCall, latexFunction, latexIndices, latexName, latexNumber, latexOperator, latexThinSpace } from '../latex/latex-symbols.js';

const sizeLatex = (size: number | string): string => (typeof size === 'number' ? String(size) : latexName(size));

/** Matrix notation as LaTeX: x y^{\top}, A^{\top} B, x \odot y, X^{-\top} \otimes X^{-1}. */
export const latexNotation: MatrixNotation = {
  symbol: latexName,
  number: latexNumber,
  identity: (size) => (size === '' ? 'I' : `I_{${sizeLatex(size)}}`),
  size: sizeLatex,
  ones: () => '\\mathbf{1}',
  commutation: (rows, cols) => (rows === '' ? 'K' : `K_{${sizeLatex(rows)},${sizeLatex(cols)}}`),
  transposed: (atom) => `{${atom}}^{\\top}`,
  inverse: (atom, transposed) => `{${atom}}^{${transposed ? '-\\top' : '-1'}}`,
  paren: (body) => `\\left(${body}\\right)`,
  call: (name, body) => `${name === 'vecᵣ' ? `${latexOperator('vec')}_r` : latexOperator(name)}\\left(${body}\\right)`,
  apply: (fn, body, scalar, bare) => (fn.name === 'pow'
    ? `${bare ? `{${body}}` : `\\left(${body}\\right)`}^{${scalar ? '' : '\\circ '}${latexNumber(fn.exponent)}}`
    : latexCall(fn, body)),
  power: (base, exponent, scalar) => `{${base}}^{${scalar ? '' : '\\circ '}${exponent}}`,
  reduce: (op, along, body) => `\\operatorname{${op}}${along === 'rows' ? '_{\\text{rows}}' : ''}\\left(${body}\\right)`,
  matfn: (fn, body) => (fn === 'det' ? `\\det\\left(${body}\\right)` : `\\log\\left\\lvert\\det\\left(${body}\\right)\\right\\rvert`),
  index: (tree, indices) => `\\left[${indexLatex(tree)}\\right]_{${latexIndices(indices)}}`,
  times: latexThinSpace,
  hadamard: ' \\odot ',
  kron: ' \\otimes ',
  minus: '-',
};
