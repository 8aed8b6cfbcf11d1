import { assertNever } from '../../diagnostics/assert-never.js';
import { tensorPower, type IndexTree } from '../../2-network/index-tree.js';
import {
  displayName, indexText, isAtom, plainArgument, productParts, sumParts, type DisplayNames,
} from '../../2-network/index-text.js';
import { latexAccess, latexCall, latexFunction, latexIndices, latexName, latexNumber, latexReduction, latexThinSpace } from '../latex/latex-symbols.js';

/** A formula in both forms every view offers. */
export interface Formula {
  readonly text: string;
  readonly latex: string;
}

/** One tree, two renderings: text and LaTeX list the same terms in the same order. */
export function indexFormula(tree: IndexTree, names: DisplayNames = {}): Formula {
  return { text: indexText(tree, names), latex: indexLatex(tree, names) };
}

/** Index notation as LaTeX: `x_{i} \mathrm{d}W_{ij} y_{j}`. */
export function indexLatex(tree: IndexTree, names: DisplayNames = {}): string {
  const t = (x: IndexTree): string => indexLatex(x, names);
  switch (tree.kind) {
    case 'access':
      return `${tree.differential ? '\\mathrm{d}' : ''}${latexAccess(latexName(displayName(names, tree.name)), tree.indices)}`;
    case 'delta':
      return latexAccess('\\delta', tree.indices);
    case 'number':
      return latexNumber(tree.value);
    case 'product':
      return productParts(tree.factors, (f) => (f.kind === 'sum' ? `\\left(${t(f)}\\right)` : t(f)), latexThinSpace, '-');
    case 'sum':
      return sumParts(tree.terms, t, latexNumber);
    case 'apply': {
      const power = tensorPower(tree);
      if (power) return `${isAtom(power.base) ? `{${t(power.base)}}` : `\\left(${t(power.base)}\\right)`}^{${t(power.exponent)}}`;
      if (tree.fn.name === 'pow' && tree.derivative === 0)
        return `${isAtom(tree.arg) ? `{${t(tree.arg)}}` : `\\left(${t(tree.arg)}\\right)`}^{${latexNumber(tree.fn.exponent)}}`;
      if (tree.derivative === 0) return latexCall(tree.fn, t(tree.arg));
      return `${latexFunction(tree.fn)}${"'".repeat(tree.derivative)}\\left(${t(tree.arg)}\\right)`;
    }
    case 'matfn':
      return matfnLatex(tree, t, names);
    case 'sigma':
      return `\\sum_{${latexIndices(tree.indices)}}\\left(${t(tree.body)}\\right)`;
    case 'reduce':
      return `${latexReduction(tree.op)}_{${latexIndices(tree.over)}}\\left(${t(tree.arg)}\\right)`;
    default:
      return assertNever(tree);
  }
}

function matfnLatex(tree: Extract<IndexTree, { kind: 'matfn' }>, show: (t: IndexTree) => string, names: DisplayNames): string {
  const plain = plainArgument(tree);
  const arg = plain !== undefined ? latexName(displayName(names, plain)) : `\\left[${show(tree.arg)}\\right]_{${latexIndices(tree.argIndices)}}`;
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
