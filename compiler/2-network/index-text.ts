import { assertNever } from '../diagnostics/assert-never.js';
import { tensorPower, type IndexTree, type SumTerm } from './index-tree.js';
import type { ElementwiseFn } from './network.js';

/** Display names for tensors (`{ d: 'δ_next' }`); unnamed tensors print as themselves. */
export type DisplayNames = Readonly<Record<string, string>>;

export const displayName = (names: DisplayNames, name: string): string =>
  Object.prototype.hasOwnProperty.call(names, name) ? names[name]! : name;

/**
 * Index notation as plain text, the one text form of an IndexTree (toString, steps, the
 * differential, index parts of matrix views):  x[i] dW[i,j] y[j]    -inv(X)[i,k] inv(X)[l,j]
 */
export function indexText(tree: IndexTree, names: DisplayNames = {}): string {
  const t = (x: IndexTree): string => indexText(x, names);
  const bracket = (indices: readonly string[]): string => (indices.length === 0 ? '' : `[${indices.join(',')}]`);
  switch (tree.kind) {
    case 'access':
      return `${tree.differential ? 'd' : ''}${displayName(names, tree.name)}${bracket(tree.indices)}`;
    case 'delta':
      return `δ${bracket(tree.indices)}`;
    case 'number':
      return numberText(tree.value);
    case 'product':
      return productParts(tree.factors, (f) => (f.kind === 'sum' ? `(${t(f)})` : t(f)), ' ', '-');
    case 'sum':
      return sumParts(tree.terms, t, numberText);
    case 'apply': {
      const power = tensorPower(tree);
      if (power) return `${isAtom(power.base) ? t(power.base) : `(${t(power.base)})`}^${isAtom(power.exponent) ? t(power.exponent) : `(${t(power.exponent)})`}`;
      if (tree.fn.name === 'pow' && tree.derivative === 0) {
        const base = isAtom(tree.arg) ? t(tree.arg) : `(${t(tree.arg)})`;
        return `${base}^${tree.fn.exponent < 0 ? `(${numberText(tree.fn.exponent)})` : numberText(tree.fn.exponent)}`;
      }
      return `${functionText(tree.fn)}${'′'.repeat(tree.derivative)}(${t(tree.arg)})`;
    }
    case 'matfn': {
      const plain = plainArgument(tree);
      const arg = plain !== undefined ? displayName(names, plain) : `${t(tree.arg)} over ${tree.argIndices.join(',')}`;
      return `${tree.fn}(${arg})${bracket(tree.indices)}`;
    }
    case 'sigma':
      return `sum[${tree.indices.join(',')}](${t(tree.body)})`;
    case 'reduce':
      return `${tree.op}[${tree.over.join(',')}](${t(tree.arg)})`;
    default:
      return assertNever(tree);
  }
}

/** Numbers as short, stable text (12 significant digits): 2, -0.5, 0.333333333333. */
export function numberText(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Plain text names of the elementwise functions (`pow` shows its exponent). */
export function functionText(fn: ElementwiseFn): string {
  return fn.name === 'pow' ? `pow${fn.exponent}` : fn.name;
}

/** A tree a power binds to without parentheses: h[i]^2, tanh(u)^2, inv(X)[i,j]^2 (not x[i]^p[i]). */
export function isAtom(tree: IndexTree): boolean {
  return tree.kind === 'access' || tree.kind === 'delta' || tree.kind === 'matfn' || tree.kind === 'reduce'
    || (tree.kind === 'apply' && tree.fn.name !== 'pow' && tensorPower(tree) === undefined) || (tree.kind === 'number' && tree.value >= 0);
}

/** Joins product factors, folding a leading −1 into a sign. */
export function productParts(factors: readonly IndexTree[], show: (f: IndexTree) => string, join: string, minus: string): string {
  const first = factors[0];
  if (first?.kind === 'number' && first.value === -1 && factors.length > 1)
    return minus + factors.slice(1).map(show).join(join);
  return factors.map(show).join(join);
}

/** `a + 2 b - c`; a term that is the number 1 shows its coefficient alone (`x[i] - 3`). */
export function sumParts(terms: readonly SumTerm[], show: (t: IndexTree) => string, number: (value: number) => string): string {
  if (terms.length === 0) return '0';
  return terms.map((term, k) => {
    const c = term.coefficient;
    const one = term.tree.kind === 'number' && term.tree.value === 1;
    const magnitude = one ? number(Math.abs(c)) : Math.abs(c) === 1 ? '' : `${number(Math.abs(c))} `;
    const body = one ? '' : term.tree.kind === 'sum' ? `(${show(term.tree)})` : show(term.tree);
    const sign = c < 0 ? (k === 0 ? '-' : ' - ') : k === 0 ? '' : ' + ';
    return `${sign}${magnitude}${body}`;
  }).join('');
}

/** `X` when a matrix function's argument is a plain tensor read in axis order; else undefined. */
export function plainArgument(tree: Extract<IndexTree, { kind: 'matfn' }>): string | undefined {
  const a = tree.arg;
  return a.kind === 'access' && !a.differential && a.indices.join(',') === tree.argIndices.join(',') ? a.name : undefined;
}
