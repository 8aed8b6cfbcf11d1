import type { IndexName, Node } from '../../2-network/network.js';
import type { Expression } from '../../3-calculus/derivation.js';
import { expandDifferential, type Monomial } from './expand.js';
import { differentialOf } from './rules.js';
import { indicesIn, product, renameIndices, type IndexTree } from '../../2-network/index-tree.js';
import type { DisplayNames } from '../../2-network/index-text.js';
import { createNameSupply, type NameSupply } from '../../2-network/name-supply.js';
import { indexNotation } from '../../2-network/print-network.js';
import { indexFormula, type Formula } from '../index-notation/formula.js';
import { definitionTree, definitionUnfolder } from './definition-tree.js';
import { latexAccess, latexName } from '../latex/latex-symbols.js';

export type DifferentialRule = 'function' | 'differential' | 'collect' | 'identify' | 'simplify';

export interface DifferentialStep {
  readonly rule: DifferentialRule;
  readonly description: string;
  /** The whole line, e.g. `dL = x[i] y[j] dW[i,j]`. */
  readonly formula: Formula;
}

export interface DifferentialView {
  readonly steps: readonly DifferentialStep[];
  /** ∂F/∂X with the variable's axes named `indices` after F's. */
  readonly derivative: IndexTree;
  readonly indices: readonly IndexName[];
  readonly text: string;
  readonly latex: string;
  toString(): string;
}

export interface DifferentialOptions {
  /** The function's name (`L`); default 'f'. */
  readonly of?: string;
  readonly names?: DisplayNames;
  /** A named adjoint's symbol (δz1 for ∂C/∂z1): the identified derivative leads with it, as the other views do. */
  readonly symbol?: string;
  /** The program's definitions, printed by name and unfolded one level where the chain rule reaches them. */
  readonly definitions?: ReadonlyMap<Node, string>;
  /**
   * The derivative as the calculus simplified it (a Derivative's result, axes F's then X's): when
   * given and printed otherwise, a last line shows it in the index printer's form and factor order,
   * the variable's axes named as in the identified line.
   */
  readonly simplified?: Expression;
  /** Definitions the simplified result keeps factored (a Derivative's form.factored). */
  readonly factored?: ReadonlySet<Node>;
}

/**
 * Magnus–Neudecker's first identification, in index notation and without any trace:
 *   dL = x[i] dW[i,j] y[j]  =  x[i] y[j] dW[i,j]  ⇒  ∂L/∂W[i,j] = x[i] y[j]
 * Returns undefined when `expr` does not depend on `wrt`.
 */
export function toDifferential(expr: Expression, wrt: string, options: DifferentialOptions = {}): DifferentialView | undefined {
  const names = options.names ?? {};
  const of = options.of ?? 'f';
  const definitions = options.definitions ?? new Map<Node, string>();
  const tree = definitionTree(expr, definitions);
  const scope = createNameSupply([...expr.indices, ...indicesIn(tree)]);
  const d = differentialOf(tree, wrt, scope, definitionUnfolder(definitions));
  if (!d) return undefined;
  const monomials = expandDifferential(d);
  const target = targetIndices(monomials, expr.indices, scope);
  const gradient = sumTree(monomials.map((m) => collect(m, target, expr.indices, scope)));
  const dX: IndexTree = { kind: 'access', name: wrt, indices: target, differential: true };
  const lhs = { of, wrt, free: expr.indices, target, names, ...(options.symbol !== undefined ? { symbol: options.symbol } : {}) };
  const steps: DifferentialStep[] = [
    { rule: 'function', description: 'the function in index notation', formula: line(valueLhs(lhs), indexFormula(tree, names)) },
    { rule: 'differential', description: `product and chain rules: d${of} as a linear map of d${wrt}`, formula: line(differentialLhs(lhs), indexFormula(sumTree(monomials.map(asTree)), names)) },
    { rule: 'collect', description: `rename summed indices so every term reads G[${target.join(',')}] d${wrt}[${target.join(',')}]`, formula: line(differentialLhs(lhs), indexFormula(product([gradient, dX]), names)) },
    { rule: 'identify', description: `d${of} = G d${wrt} summed over ${target.join(',')} ⇒ ∂${of}/∂${wrt} = G (no trace needed)`, formula: line(derivativeLhs(lhs), indexFormula(gradient, names)) },
  ];
  const simplified = options.simplified && simplifiedLine(options.simplified, lhs, definitions, options.factored);
  if (simplified && simplified.text !== steps[steps.length - 1]!.formula.text)
    steps.push({ rule: 'simplify', description: `the same ∂${of}/∂${wrt}, simplified and printed as the derivative prints it`, formula: simplified });
  const text = steps.map((s) => `${s.formula.text}    (${s.rule})`).join('\n');
  const latex = `\\begin{aligned}${steps.map((s) => `&${s.formula.latex}`).join(' \\\\ ')}\\end{aligned}`;
  return { steps, derivative: gradient, indices: [...expr.indices, ...target], text, latex, toString: () => text };
}

/** The simplified derivative with its axes named as the identified line names them (F's, then target). */
function simplifiedLine(result: Expression, lhs: Lhs, definitions: ReadonlyMap<Node, string>, factored: ReadonlySet<Node> | undefined): Formula | undefined {
  if (result.indices.length !== lhs.free.length + lhs.target.length) return undefined;
  const tree = indexNotation({ node: result.node, indices: [...lhs.free, ...lhs.target] }, { names: definitions, ...(factored ? { factored } : {}) });
  return line(derivativeLhs(lhs), indexFormula(tree, lhs.names));
}

/** The variable's axes: the first term's dX indices when usable, fresh names otherwise. */
function targetIndices(monomials: readonly Monomial[], free: readonly IndexName[], scope: NameSupply): IndexName[] {
  const first = differentialFactor(monomials[0]!);
  const usable = new Set(first.indices).size === first.indices.length && first.indices.every((i) => !free.includes(i));
  return usable ? [...first.indices] : first.indices.map(() => scope.index());
}

function differentialFactor(m: Monomial): Extract<IndexTree, { kind: 'access' }> {
  const found = m.factors.find((f): f is Extract<IndexTree, { kind: 'access' }> => f.kind === 'access' && f.differential);
  if (!found) throw new Error('internal: a term of the differential has no dX factor');
  return found;
}

/** G of one term: dX[p,q] removed, p → target (or δ[p,target] when p is free or repeated). */
function collect(m: Monomial, target: readonly IndexName[], free: readonly IndexName[], scope: NameSupply): IndexTree {
  const dX = differentialFactor(m);
  const rest = m.factors.filter((f) => f !== dX);
  const renamed = new Map<IndexName, IndexName>();
  const pairs: [IndexName, IndexName][] = [];
  const seen = new Set<IndexName>();
  dX.indices.forEach((p, axis) => {
    const t = target[axis]!;
    if (free.includes(p) || seen.has(p)) pairs.push([p, t]);
    else if (p !== t) renamed.set(p, t);
    seen.add(p);
  });
  const clashes = new Map<IndexName, IndexName>();
  for (const t of target) if (!dX.indices.includes(t) && rest.some((f) => indicesIn(f).includes(t))) clashes.set(t, scope.index());
  const rename = (i: IndexName): IndexName => clashes.get(i) ?? renamed.get(i) ?? i;
  const deltas: IndexTree[] = pairs.map(([p, t]) => ({ kind: 'delta', indices: [renamed.get(p) ?? p, t] }));
  const factors = [...rest.map((f) => renameIndices(f, rename)), ...deltas];
  const sums = m.sums.filter((s) => !dX.indices.includes(s)).map(rename);
  const gradient = factors.length === 0 ? { kind: 'number' as const, value: m.coefficient }
    : product([...(m.coefficient === 1 ? [] : [{ kind: 'number' as const, value: m.coefficient }]), ...factors]);
  return sums.length === 0 ? gradient : { kind: 'sigma', indices: sums, body: gradient };
}

function asTree(m: Monomial): IndexTree {
  const factors = m.coefficient === 1 ? m.factors : [{ kind: 'number' as const, value: m.coefficient }, ...m.factors];
  const body = product(factors);
  return m.sums.length === 0 ? body : { kind: 'sigma', indices: m.sums, body };
}

function sumTree(terms: readonly IndexTree[]): IndexTree {
  return terms.length === 1 ? terms[0]! : { kind: 'sum', terms: terms.map((tree) => ({ coefficient: 1, tree })) };
}

interface Lhs {
  readonly of: string;
  readonly wrt: string;
  readonly free: readonly IndexName[];
  readonly target: readonly IndexName[];
  readonly names: DisplayNames;
  readonly symbol?: string;
}

const bracket = (indices: readonly IndexName[]): string => (indices.length === 0 ? '' : `[${indices.join(',')}]`);
const shown = (lhs: Lhs, name: string): string => (Object.prototype.hasOwnProperty.call(lhs.names, name) ? lhs.names[name]! : name);

function valueLhs(lhs: Lhs): Formula {
  return { text: `${shown(lhs, lhs.of)}${bracket(lhs.free)}`, latex: latexAccess(latexName(shown(lhs, lhs.of)), lhs.free) };
}

function differentialLhs(lhs: Lhs): Formula {
  return { text: `d${shown(lhs, lhs.of)}${bracket(lhs.free)}`, latex: `\\mathrm{d}${latexAccess(latexName(shown(lhs, lhs.of)), lhs.free)}` };
}

function derivativeLhs(lhs: Lhs): Formula {
  const [f, x] = [shown(lhs, lhs.of), shown(lhs, lhs.wrt)];
  // a named adjoint δz has z's axes (of is a scalar): δz1[j] = ∂C/∂z1[j]
  const symbol = lhs.symbol === undefined ? undefined : [...lhs.free, ...lhs.target];
  return {
    text: `${symbol ? `${lhs.symbol}${bracket(symbol)} = ` : ''}∂${f}${bracket(lhs.free)}/∂${x}${bracket(lhs.target)}`,
    latex: `${symbol ? `${latexAccess(latexName(lhs.symbol!), symbol)} = ` : ''}\\frac{\\partial ${latexAccess(latexName(f), lhs.free)}}{\\partial ${latexAccess(latexName(x), lhs.target)}}`,
  };
}

function line(left: Formula, right: Formula): Formula {
  return { text: `${left.text} = ${right.text}`, latex: `${left.latex} = ${right.latex}` };
}
