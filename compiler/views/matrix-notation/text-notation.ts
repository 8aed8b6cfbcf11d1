import { indexText } from '../../2-network/index-text.js';
import type { MatrixNotation } from './render.js';
import { functionText } from '../../2-network/index-text.js';
import { textNumber } from '../latex/latex-symbols.js';

/** Matrix notation as Unicode text: x yᵀ, Aᵀ B, x ⊙ y, diag(x) A, X⁻ᵀ ⊗ X⁻¹. */
export const textNotation: MatrixNotation = {
  symbol: (name) => name,
  number: textNumber,
  identity: (size) => (size === '' ? 'I' : `I_${size}`),
  size: (size) => String(size),
  ones: () => '𝟏',
  commutation: (rows, cols) => (rows === '' ? 'K' : `K_(${rows},${cols})`),
  transposed: (atom) => `${atom}ᵀ`,
  inverse: (atom, transposed) => `${atom}${transposed ? '⁻ᵀ' : '⁻¹'}`,
  paren: (body) => `(${body})`,
  call: (name, body) => `${name}(${body})`,
  apply: (fn, body, scalar, bare) => (fn.name === 'pow' ? `${bare ? body : `(${body})`}^${scalar ? '' : '∘'}${textNumber(fn.exponent)}` : `${functionText(fn)}(${body})`),
  power: (base, exponent, scalar) => `${base}^${scalar ? '' : '∘'}${exponent}`,
  reduce: (op, along, body) => `${op}${along === 'rows' ? '_rows' : ''}(${body})`,
  matfn: (fn, body) => (fn === 'det' ? `det(${body})` : `log|det(${body})|`),
  index: (tree, indices) => `[${indexText(tree)}]_(${indices.join(',')}) (index notation)`,
  times: ' ',
  hadamard: ' ⊙ ',
  kron: ' ⊗ ',
  minus: '−',
};
