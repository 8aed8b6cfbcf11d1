import { assertNever } from '../../diagnostics/assert-never.js';
import type { IndexTree, SumTerm } from './index-tree.js';
import {
  latexAccess, latexFunction, latexIndices, latexName, latexNumber, latexThinSpace, textFunction, textNumber,
} from '../latex/latex-symbols.js';

/** Display names for tensors (`{ d: 'δ_next' }`); unnamed tensors print as themselves. */
export type DisplayNames = Readonly<Record<string, string>>;

/** A formula in both forms every view offers. */
export interface Formula {
  readonly text: string;
  readonly latex: string;
}

export function indexFormula(tree: IndexTree, names: DisplayNames = {}): Formula {
  return { text: indexText(tree, names), latex: indexLatex(tree, names) };
}

const display = (names: DisplayNames, name: string): string =>
  Object.prototype.hasOwnProperty.call(names, name) ? names[name]! : name;

/** Index notation as plain text: `x[i] dW[i,j] y[j]`. */
export function indexText(tree: IndexTree, names: DisplayNames = {}): string {
  const t = (x: IndexTree): string => indexText(x, names);
  const bracket = (indices: readonly string[]): string => (indices.length === 0 ? '' : `[${indices.join(',')}]`);
  switch (tree.kind) {
    case 'access':
      return `${tree.differential ? 'd' : ''}${display(names, tree.name)}${bracket(tree.indices)}`;
    case 'delta':
      return `δ${bracket(tree.indices)}`;
    case 'number':
      return textNumber(tree.value);
    case 'product':
      return productParts(tree.factors, (f) => (f.kind === 'sum' ? `(${t(f)})` : t(f)), ' ', '-');
    case 'sum':
      return sumText(tree.terms, t);
    case 'apply':
      if (tree.fn.name === 'pow' && tree.derivative === 0) {
        const base = isAtom(tree.arg) ? t(tree.arg) : `(${t(tree.arg)})`;
        return `${base}^${tree.fn.exponent < 0 ? `(${textNumber(tree.fn.exponent)})` : textNumber(tree.fn.exponent)}`;
      }
      return `${textFunction(tree.fn)}${'′'.repeat(tree.derivative)}(${t(tree.arg)})`;
    case 'matfn':
      return `${tree.fn}(${matfnArgText(tree, t, names)})${bracket(tree.indices)}`;
    case 'sigma':
      return `sum[${tree.indices.join(',')}](${t(tree.body)})`;
    default:
      return assertNever(tree);
  }
}

/** Index notation as LaTeX: `x_{i} \mathrm{d}W_{ij} y_{j}`. */
export function indexLatex(tree: IndexTree, names: DisplayNames = {}): string {
  const t = (x: IndexTree): string => indexLatex(x, names);
  switch (tree.kind) {
    case 'access':
      return `${tree.differential ? '\\mathrm{d}' : ''}${latexAccess(latexName(display(names, tree.name)), tree.indices)}`;
    case 'delta':
      return latexAccess('\\delta', tree.indices);
    case 'number':
      return latexNumber(tree.value);
    case 'product':
      return productParts(tree.factors, (f) => (f.kind === 'sum' ? `\\left(${t(f)}\\right)` : t(f)), latexThinSpace, '-');
    case 'sum':
      return sumText(tree.terms, t);
    case 'apply':
      if (tree.fn.name === 'pow' && tree.derivative === 0)
        return `${isAtom(tree.arg) ? `{${t(tree.arg)}}` : `\\left(${t(tree.arg)}\\right)`}^{${latexNumber(tree.fn.exponent)}}`;
      return `${latexFunction(tree.fn)}${"'".repeat(tree.derivative)}\\left(${t(tree.arg)}\\right)`;
    case 'matfn':
      return matfnLatex(tree, t, names);
    case 'sigma':
      return `\\sum_{${latexIndices(tree.indices)}}\\left(${t(tree.body)}\\right)`;
    default:
      return assertNever(tree);
  }
}

/** A tree a power binds to without parentheses: h[i]^2, tanh(u)^2. */
function isAtom(tree: IndexTree): boolean {
  return tree.kind === 'access' || tree.kind === 'delta' || (tree.kind === 'apply' && tree.fn.name !== 'pow') || (tree.kind === 'number' && tree.value >= 0);
}

/** Joins product factors, folding a leading −1 into a sign. */
function productParts(factors: readonly IndexTree[], show: (f: IndexTree) => string, join: string, minus: string): string {
  const first = factors[0];
  if (first?.kind === 'number' && first.value === -1 && factors.length > 1)
    return minus + factors.slice(1).map(show).join(join);
  return factors.map(show).join(join);
}

function sumText(terms: readonly SumTerm[], show: (t: IndexTree) => string): string {
  if (terms.length === 0) return '0';
  return terms.map((term, k) => {
    const c = term.coefficient;
    const magnitude = Math.abs(c) === 1 ? '' : `${textNumber(Math.abs(c))} `;
    const body = term.tree.kind === 'sum' ? `(${show(term.tree)})` : show(term.tree);
    const sign = c < 0 ? (k === 0 ? '-' : ' - ') : k === 0 ? '' : ' + ';
    return `${sign}${magnitude}${body}`;
  }).join('');
}

type MatFnTree = Extract<IndexTree, { kind: 'matfn' }>;

/** `X` when the argument is a plain input read in axis order, otherwise the argument itself. */
function plainArgument(tree: MatFnTree): string | undefined {
  const a = tree.arg;
  return a.kind === 'access' && !a.differential && a.indices.join(',') === tree.argIndices.join(',') ? a.name : undefined;
}

function matfnArgText(tree: MatFnTree, show: (t: IndexTree) => string, names: DisplayNames): string {
  const plain = plainArgument(tree);
  return plain !== undefined ? display(names, plain) : `${show(tree.arg)} over ${tree.argIndices.join(',')}`;
}

function matfnLatex(tree: MatFnTree, show: (t: IndexTree) => string, names: DisplayNames): string {
  const plain = plainArgument(tree);
  const arg = plain !== undefined ? latexName(display(names, plain)) : `\\left[${show(tree.arg)}\\right]_{${latexIndices(tree.argIndices)}}`;
  switch (tree.fn) {
    case 'inv':
      return latexAccess(`\\left(${arg}^{-1}\\right)`, tree.indices);
    case 'det':
      return `\\det\\left(${arg}\\right)`;
    case 'logdet':
      return `\\log\\left\\lvert\\det\\left(${arg}\\right)\\right\\rvert`;
    default:
      return assertNever(tree.fn);
  }
}
