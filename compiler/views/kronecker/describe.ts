import { type Size } from '../../2-network/network.js';
import { withoutHiddenSizes, type SizeShown } from '../matrix-notation/shown-sizes.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import type { Expression } from '../../3-calculus/derivation.js';
import { indexNotation } from '../../2-network/print-network.js';
import type { DisplayNames } from '../../2-network/index-text.js';
import { indexFormula, type Formula } from '../index-notation/formula.js';
import { latexName, latexOperator } from '../latex/latex-symbols.js';
import { latexNotation } from '../matrix-notation/latex-notation.js';
import { productOf, sumOf, type MatrixExpr } from '../matrix-notation/matrix-expr.js';
import { tidyMatrix } from '../matrix-notation/tidy.js';
import { renderMatrix, type MatrixNotation } from '../matrix-notation/render.js';
import { textNotation } from '../matrix-notation/text-notation.js';
import type { KroneckerForm, KroneckerOptions, KroneckerTerm, VecOrder } from './kronecker-form.js';

export interface KroneckerText {
  readonly indexForm: Formula;
  /** J for column-major vec (Magnus–Neudecker), or undefined when there is no closed form. */
  readonly column: Formula | undefined;
  readonly row: Formula | undefined;
  /** Why the two orders give different J (or why there is no closed form). */
  readonly explanation: string;
  readonly text: string;
  readonly latex: string;
}

export const whyTheyDiffer = 'column-major vec stacks columns, so F\'s row index runs fastest and its factor stands on the right of ⊗; '
  + 'row-major vec stacks rows, so the factors swap sides (and each K_(m,n) becomes K_(n,m)).';

/** The Kronecker view as text and LaTeX: the index form, J for column- and row-major vec, and why they differ. */
export function describeKronecker(expr: Expression, form: KroneckerForm, options: KroneckerOptions): KroneckerText {
  const names = options.names ?? {};
  const indexForm = indexFormula(indexNotation(expr, { names: options.definitions ?? new Map(), ...(options.factored ? { factored: options.factored } : {}) }), names);
  const column = jacobianOf(form, 'column', names, options.shownSize);
  const row = jacobianOf(form, 'row', names, options.shownSize);
  const explanation = form.kind === 'none' ? `no closed Kronecker form: ${form.reason}; the index form is the Jacobian`
    : form.kind === 'matrix' ? 'F and X have rank ≤ 1, so vec changes nothing: J is the same for both orders'
      : form.kind === 'vectorized' ? 'J is the gradient G stacked by vec: column-major stacks G\'s columns, row-major its rows' : whyTheyDiffer;
  const of = options.of ?? 'F';
  const wrt = options.wrt ?? 'X';
  const hessian = options.order === 'hessian';
  const first = hessian ? options.first ?? wrt : undefined;
  const indices = `[${expr.indices.join(',')}]`;
  const symbolText = options.symbol === undefined ? '' : `${options.symbol}${indices} = `;
  const lhsText = `${symbolText}${first !== undefined ? `∂²${of}/∂${first}∂${wrt}` : `∂${of}/∂${wrt}`}${indices}`;
  const orders: readonly VecOrder[] = options.vec === 'column' ? ['column', 'row'] : ['row', 'column'];
  const lines = orders.map((o) => {
    const j = o === 'column' ? column : row;
    const label = o === 'column' ? 'column-major vec (Magnus–Neudecker)' : 'row-major vec';
    return j ? `${label}: ${identityText(o, of, wrt, first, options.symmetric)}, J = ${j.text}` : `${label}: no closed form`;
  });
  const symmetric = [...new Set([first, wrt])].filter((x): x is string => x !== undefined && (options.symmetric?.has(x) ?? false));
  const symmetricNote = symmetric.map((x) => symmetricSentence(of, x, options.symmetric!.get(x)!, first === x && wrt === x));
  const text = [`index form: ${lhsText} = ${indexForm.text}`, ...lines, explanation, ...symmetricNote].join('\n');
  const latexLines = orders.map((o) => {
    const j = o === 'column' ? column : row;
    return j ? `&${identityLatex(o, of, wrt, first, options.symmetric)}, \\quad J = ${j.latex}` : `&\\text{${o}-major vec: no closed form}`;
  });
  const lhsLatex = first !== undefined ? `\\frac{\\partial^2 ${latexName(of)}}{${first === wrt ? `\\partial ${latexName(wrt)}^2` : `\\partial ${latexName(first)}\\,\\partial ${latexName(wrt)}`}}` : `\\frac{\\partial ${latexName(of)}}{\\partial ${latexName(wrt)}}`;
  const symbolLatex = options.symbol === undefined ? '' : `${latexName(options.symbol)} = `;
  const latex = `\\begin{aligned}&${symbolLatex}${lhsLatex}\\;:\\; ${indexForm.latex} \\\\ ${latexLines.join(' \\\\ ')}\\end{aligned}`;
  return { indexForm, column, row, explanation, text, latex };
}

/**
 * A second derivative by `first` then `wrt` reads d²f = (d vec first)ᵀ J (d vec wrt). A symmetric
 * S moves by its independent entries: d vec S is replaced by L_nᵀ d vech S.
 */
function identityText(order: VecOrder, of: string, wrt: string, first: string | undefined, symmetric: ReadonlyMap<string, Size> | undefined): string {
  const r = order === 'column' ? '' : 'ᵣ';
  const dx = (x: string): string => {
    const n = symmetric?.get(x);
    return n === undefined ? `d vec${r} ${x}` : `L_${n}ᵀ d vech${r} ${x}`;
  };
  return first !== undefined ? `d²${of} = (${dx(first)})ᵀ J (${dx(wrt)})` : `d vec${r} ${of} = J ${dx(wrt)}`;
}

function identityLatex(order: VecOrder, of: string, wrt: string, first: string | undefined, symmetric: ReadonlyMap<string, Size> | undefined): string {
  const sub = order === 'column' ? '' : '_r';
  const dx = (x: string): string => {
    const n = symmetric?.get(x);
    return n === undefined ? `\\mathrm{d}\\,${latexOperator('vec')}${sub} ${latexName(x)}`
      : `L_{${n}}^{\\top} \\mathrm{d}\\,${latexOperator('vech')}${sub} ${latexName(x)}`;
  };
  const f = latexName(of);
  return first !== undefined ? `\\mathrm{d}^2 ${f} = (${dx(first)})^{\\top} J \\,${dx(wrt)}` : `\\mathrm{d}\\,${latexOperator('vec')}${sub} ${f} = J \\,${dx(wrt)}`;
}

/** The convention for a symmetric variable in Magnus–Neudecker's terms (duplication and elimination matrices). */
function symmetricSentence(of: string, x: string, n: Size, hessian: boolean): string {
  const identity = hessian ? `L_${n} J L_${n}ᵀ = D_${n}ᵀ (∂²${of}/∂ vec ${x} ∂ vec ${x}ᵀ) D_${n}` : `J L_${n}ᵀ = (∂ vec ${of}/∂ vec ${x}) D_${n}`;
  return `${x} is symmetric: J is by its independent entries (vech ${x} = L_${n} vec ${x}, L the elimination matrix), `
    + `so ${identity} with the duplication matrix D_${n} (vec ${x} = D_${n} vech ${x})`;
}

function jacobianOf(form: KroneckerForm, order: VecOrder, names: DisplayNames, shown: SizeShown | undefined): Formula | undefined {
  if (form.kind === 'vectorized') {
    const g = (notation: MatrixNotation): string => renderMatrix(withoutHiddenSizes(tidyMatrix(form.matrix, 'kronecker'), shown), { notation, vectors: 'column', names });
    const vec = order === 'column' ? ['vec', latexOperator('vec')] : ['vecᵣ', `${latexOperator('vec')}_r`];
    return form.gradient
      ? { text: `${vec[0]}(${g(textNotation)})ᵀ`, latex: `${vec[1]}\\left(${g(latexNotation)}\\right)^{\\top}` }
      : { text: `${vec[0]}(${g(textNotation)})`, latex: `${vec[1]}\\left(${g(latexNotation)}\\right)` };
  }
  const found = jacobianMatrix(form, order);
  if (!found) return undefined;
  const j = withoutHiddenSizes(tidyMatrix(found, 'kronecker'), shown);
  const render = (notation: MatrixNotation): string => renderMatrix(j, { notation, vectors: 'column', names });
  return { text: render(textNotation), latex: render(latexNotation) };
}

/** J as a matrix expression with ⊗ and K. */
export function jacobianMatrix(form: KroneckerForm, order: VecOrder): MatrixExpr | undefined {
  switch (form.kind) {
    case 'none':
    case 'vectorized':
      return undefined;
    case 'matrix':
      return form.matrix;
    case 'kronecker':
      return sumOf(form.terms.map((t) => ({ coefficient: t.coefficient, expr: termMatrix(t, order, form.wrtShape) })));
    default:
      return assertNever(form);
  }
}

function termMatrix(term: KroneckerTerm, order: VecOrder, wrtShape: readonly Size[]): MatrixExpr {
  const [first, second] = order === 'column' ? [term.right.matrix, term.left.matrix] : [term.left.matrix, term.right.matrix];
  const [c1, left] = pullNumber(first);
  const [c2, right] = pullNumber(second);
  const bare: MatrixExpr = isOne(left) ? right : isOne(right) ? left
    : left.kind === 'identity' && right.kind === 'identity' ? { kind: 'identity', size: sizeProduct(left.size, right.size) }
      : { kind: 'kron', left, right };
  const scale: MatrixExpr[] = term.mask ? [{ kind: 'diag', arg: { kind: 'vec', arg: term.mask.matrix, order } }] : [];
  const kron = productOf([{ kind: 'number', value: c1 * c2 }, ...scale, bare]);
  if (!term.commuted) return kron;
  const [m, n] = [wrtShape[0]!, wrtShape[1]!];
  const k: MatrixExpr = order === 'column' ? { kind: 'commutation', rows: m, cols: n } : { kind: 'commutation', rows: n, cols: m };
  return productOf([kron, k]);
}

/** −S⁻¹ → [−1, S⁻¹], so signs stand in front of ⊗: (−a) ⊗ b = −(a ⊗ b). */
function pullNumber(e: MatrixExpr): [number, MatrixExpr] {
  if (e.kind !== 'product' || e.factors[0]?.kind !== 'number') return [e.kind === 'number' ? e.value : 1, e.kind === 'number' ? { kind: 'number', value: 1 } : e];
  return [e.factors[0].value, productOf(e.factors.slice(1))];
}

/** I_m ⊗ I_n = I_mn. */
function sizeProduct(a: Size, b: Size): Size {
  return typeof a === 'number' && typeof b === 'number' ? a * b : `${a}${b}`;
}

const isOne = (e: MatrixExpr): boolean => e.kind === 'number' && e.value === 1;
