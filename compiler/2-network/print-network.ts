import { canonicalSum, createAtomKeys, type AtomKeys } from './canonical-order.js';
import { expandNetwork, summedIndices, type Atom, type Monomial, type SumOfProducts } from './canonical-terms.js';
import { createGraph } from './graph.js';
import { product, type IndexTree, type SumTerm } from './index-tree.js';
import { indexText } from './index-text.js';
import { createNameSupply } from './name-supply.js';
import { type IndexName, type Node, type Size } from './network.js';
import type { NameSupply } from './name-supply.js';
import { assertNever } from '../diagnostics/assert-never.js';

/**
 * Index notation that reads like a textbook, in canonical form: equal networks up to renaming of
 * summed indices and factor order print identically (golden tests rely on it).
 *   x[i] y[j]    A[k,l] + A[l,k]    2 A[k,l]    -inv(X)[i,k] inv(X)[l,j]
 */
export interface PrintOptions {
  /** Treat inputs declared symmetric as X[i,j] = X[j,i] when ordering (default true). */
  readonly symmetric?: boolean;
  /**
   * Nodes to print by name (a program's definitions): tanh(W[i,j] x[j] + b[i]) → a[i]. A Kronecker
   * delta's name is its size's, printed for its trace only: δ[j,j] over a declared n is n.
   */
  readonly names?: ReadonlyMap<Node, string>;
  /** Sums kept whole, printed in parentheses: (1 - a[j]^2) rather than multiplied out. Named nodes always are. */
  readonly factored?: ReadonlySet<Node>;
  /**
   * Summed indices keep the single-letter names they were written with (x[i] W[i,j] stays so),
   * renamed only on a clash — to the next free name in textbook order, deterministically: a
   * derivation's steps then read with the user's names. Default false: canonical i, j, k, …
   */
  readonly keepNames?: boolean;
}

/** `expr` printed in canonical index notation (see PrintOptions): the text of `indexNotation`. */
export function printExpression(expr: { readonly node: Node; readonly indices: readonly IndexName[] }, options: PrintOptions = {}): string {
  return indexText(indexNotation(expr, options));
}

/**
 * `expr` as a canonical IndexTree — the one tree behind every index-notation printout (toString,
 * LaTeX, steps): positive terms first, each group in canonical order; summed indices named i, j,
 * k, … avoiding the free ones; equal factors as powers; named nodes by name.
 */
export function indexNotation(expr: { readonly node: Node; readonly indices: readonly IndexName[] }, options: PrintOptions = {}): IndexTree {
  const names = options.names ?? new Map<Node, string>();
  const kept = options.factored ?? new Set<Node>();
  const factored = (n: Node): boolean => (names.has(n) && n.kind !== 'delta') || kept.has(n);
  const keys = createAtomKeys(createGraph(), { symmetric: options.symmetric ?? true, factored });
  const sizes = new Map(expr.indices.map((i, k) => [i, expr.node.shape[k]!] as const));
  const printer: Printer = { keys, names, factored, keepNames: options.keepNames ?? false, sizes };
  const taken = new Set(expr.indices);
  return sumTree(printer, expand(printer, expr.node, expr.indices, taken), taken);
}

interface Printer {
  readonly keys: AtomKeys;
  readonly names: ReadonlyMap<Node, string>;
  readonly factored: (node: Node) => boolean;
  readonly keepNames: boolean;
  /**
   * The size each index name stands for so far in this printout: the language gives a name one
   * size per definition, so a name is reused (in another term, a reduction, an argument) only for
   * the same size — W[i,k] x[k] - logsumexp[k](W[k,l] x[l]) would not read back.
   */
  readonly sizes: Map<IndexName, Size>;
}

/** A fresh name from `supply` (`preferred` if it can be) that no other size has taken in this printout. */
function sizedName(p: Printer, supply: NameSupply, size: Size, preferred?: IndexName): IndexName {
  for (let name = supply.index(preferred); ; name = supply.index()) {
    const other = p.sizes.get(name);
    if (other === undefined || other === size) {
      p.sizes.set(name, size);
      return name;
    }
  }
}

/** Whether index `i` of a monomial occurs only in traces printed as their size's name (δ[j,j] over a declared n). */
function namedTraceOnly(p: Printer, m: Monomial, i: IndexName): boolean {
  return m.factors.every((f) => !f.indices.includes(i) || (f.node.kind === 'delta' && p.names.has(f.node) && f.indices[0] === f.indices[1]));
}

/** The size of index `i` in a monomial: the axis of the first factor that carries it. */
function sizeIn(m: Monomial, i: IndexName): Size {
  for (const f of m.factors) {
    const k = f.indices.indexOf(i);
    if (k >= 0) return f.node.shape[k]!;
  }
  return 1;
}

function expand(p: Printer, node: Node, out: readonly IndexName[], taken: Iterable<IndexName>): SumOfProducts {
  return expandNetwork(p.keys.graph, node, out, createNameSupply(['s', ...taken]), p.factored, p.keepNames);
}

/** `elementwise`: under a function or a power, where the language's implied sum stays outside. */
function nodeTree(p: Printer, node: Node, out: readonly IndexName[], taken: ReadonlySet<IndexName>, elementwise = false): IndexTree {
  const name = node.kind === 'delta' ? undefined : p.names.get(node);
  if (name !== undefined) return access(name, out);
  return sumTree(p, expand(p, node, out, taken), taken, elementwise);
}

/** A sum whose free names are chosen; summed names avoid `taken`. A lone term with coefficient 1 is that term. */
function sumTree(p: Printer, sop: SumOfProducts, taken: ReadonlySet<IndexName>, elementwise = false): IndexTree {
  const ordered = canonicalSum(p.keys, { ...sop, terms: sop.terms.filter((m) => m.coefficient !== 0) });
  // positive terms first, each group in canonical order: o[l] - y[l], not -y[l] + o[l]
  const terms = [...ordered.terms.filter((m) => m.coefficient > 0), ...ordered.terms.filter((m) => m.coefficient < 0)]
    .map((m): SumTerm => ({ coefficient: m.coefficient, tree: monomialTree(p, m, sop.out, taken, elementwise) }));
  return terms.length === 1 && terms[0]!.coefficient === 1 ? terms[0]!.tree : { kind: 'sum', terms };
}

function access(name: string, indices: readonly IndexName[]): IndexTree {
  return { kind: 'access', name, indices, differential: false };
}

/** A monomial without its coefficient: summed indices renamed i, j, k, …, equal factors as powers. */
function monomialTree(p: Printer, m: Monomial, out: readonly IndexName[], taken: ReadonlySet<IndexName>, elementwise = false): IndexTree {
  const supply = createNameSupply([...taken, ...out]);
  const rename = new Map<IndexName, IndexName>();
  const summed = summedIndices(m, out);
  // kept names first, so a renamed one never takes the name the user wrote for another
  // a trace printed as its size's name (N) shows no index, so its name claims no size
  const name = (s: IndexName, preferred?: IndexName): IndexName =>
    (namedTraceOnly(p, m, s) ? supply.index(preferred) : sizedName(p, supply, sizeIn(m, s), preferred));
  if (p.keepNames) for (const s of summed.filter((i) => written(asWritten(i)))) rename.set(s, name(s, asWritten(s)));
  for (const s of summed) if (!rename.has(s)) rename.set(s, name(s));
  const used = new Set([...taken, ...out, ...rename.values()]);
  const atoms = withoutOnes(m.factors, new Set(rename.keys()))
    .map((f) => ({ node: f.node, indices: f.indices.map((i) => rename.get(i) ?? i) }));
  const powers = groupPowers(atoms.map((a) => asPower(p, a, used)));
  // an index summed but written once needs an explicit sum: Σ_j exp(z[j]) → sum[j](exp(z[j])); so
  // does, under a function or a power, a trace: A[k,k]^2 would read as Σₖ A[k,k]^2, δ[k,k]^(-1) as n
  // and so does one that a product inside a factor mentions twice: there the Einstein rule would sum
  // it again, so X[i,j] sigmoid(X[i,k] w[k] y[i]) y[i] must read sum[i](X[i,j] sigmoid(…) y[i])
  const names = [...rename.values()];
  const lonely = withTwiceInside(powers, names, names.filter((i) => powers.flatMap((g) => g.indices).filter((j) => j === i).length === 1
    || (elementwise && powers.filter((g) => g.indices.includes(i) && !isBareName(g.base)).length === 1)
    || powers.some((g) => summedInside(g.base, i))));
  const inside = powers.filter((q) => q.indices.some((i) => lonely.includes(i)));
  const outside = powers.filter((q) => !inside.includes(q)).map(powerTree);
  const factors = inside.length === 0 ? outside : [...outside, { kind: 'sigma' as const, indices: lonely, body: product(inside.map(powerTree)) }];
  return factors.length === 0 ? { kind: 'number', value: 1 } : product(factors);
}

/**
 * `lonely` and every other summed index that two factors inside their explicit sum mention: the
 * Einstein rule would sum it again there (δ[i,k] sum[p,j](W[i,i,p] exp(v[j] - v[i])) sums i inside
 * the sum; sum[p,j,i](δ[i,k] W[i,i,p] exp(v[j] - v[i])) is what it means). Those factors join the sum.
 */
function withTwiceInside(powers: readonly Power[], summed: readonly IndexName[], lonely: readonly IndexName[]): readonly IndexName[] {
  const inside = powers.filter((q) => q.indices.some((i) => lonely.includes(i)));
  const again = summed.filter((i) => !lonely.includes(i) && inside.filter((q) => q.indices.includes(i)).length >= 2);
  return again.length === 0 ? lonely : withTwiceInside(powers, summed, [...lonely, ...again]);
}

/** Whether a product within `tree` (not under a sum or reduction over `i`) has two factors mentioning free `i`. */
function summedInside(tree: IndexTree, i: IndexName): boolean {
  return (tree.kind === 'product' && tree.factors.filter((f) => mentions(f, i)).length >= 2)
    || freeChildren(tree, i).some((c) => summedInside(c, i));
}

/** Whether `i` occurs free in `tree`. */
function mentions(tree: IndexTree, i: IndexName): boolean {
  return ((tree.kind === 'access' || tree.kind === 'delta' || tree.kind === 'matfn') && tree.indices.includes(i))
    || freeChildren(tree, i).some((c) => mentions(c, i));
}

/** The subtrees of `tree` in which `i` is still free: none under a sum or a reduction over `i`. */
function freeChildren(tree: IndexTree, i: IndexName): readonly IndexTree[] {
  switch (tree.kind) {
    case 'access': case 'delta': case 'number':
      return [];
    case 'product':
      return tree.factors;
    case 'sum':
      return tree.terms.map((t) => t.tree);
    case 'apply': case 'matfn':
      return [tree.arg];
    case 'sigma':
      return tree.indices.includes(i) ? [] : [tree.body];
    case 'reduce':
      return tree.over.includes(i) ? [] : [tree.arg];
    default:
      return assertNever(tree);
  }
}

/** The name an index was written with, before expansion made it fresh (`i#2` → `i`). */
function asWritten(name: IndexName): IndexName {
  const at = name.indexOf('#');
  return at < 0 ? name : name.slice(0, at);
}

/** A name as a user writes an index (one letter): not a compiler's provisional name (s1, t2, ∂1). */
function written(name: IndexName): boolean {
  return /^\p{L}$/u.test(name) && name !== 'δ';
}

/** Σ_t δ[i,t] with t in nothing else is a ones vector: it only broadcasts, so `0.5` not `0.5 sum[t](δ[t,i])`. */
function withoutOnes(factors: readonly Atom[], summed: ReadonlySet<IndexName>): Atom[] {
  const count = (i: IndexName): number => factors.reduce((n, f) => n + f.indices.filter((j) => j === i).length, 0);
  return factors.filter((f) => !(f.node.kind === 'delta' && f.indices[0] !== f.indices[1]
    && f.indices.some((i) => summed.has(i) && count(i) === 1)));
}

/** A trace printed as its size's name (δ[j,j] over a declared n is n) shows no index to sum. */
function isBareName(tree: IndexTree): boolean {
  return tree.kind === 'access' && tree.indices.length === 0;
}

interface Power {
  readonly base: IndexTree;
  /** The base's text: equal texts are one base (σ[j]^2 σ[j] → σ[j]^3). */
  readonly key: string;
  readonly exponent: number;
  /** The indices the base is written with, for counting how often a summed index appears. */
  readonly indices: readonly IndexName[];
}

/** u^p of a single access is the power p of u, so σ[j]^2 σ[j] can print as σ[j]^3. */
function asPower(p: Printer, atom: Atom, taken: ReadonlySet<IndexName>): Power {
  const node = atom.node;
  if (node.kind === 'map' && node.fn.name === 'pow' && !p.names.has(node) && isSingleAccess(p, node.arg, atom.indices)) {
    const base = nodeTree(p, node.arg, atom.indices, taken, true);
    return { base, key: indexText(base), exponent: node.fn.exponent, indices: atom.indices };
  }
  const base = atomTree(p, atom, taken);
  return { base, key: indexText(base), exponent: 1, indices: atom.indices };
}

function groupPowers(powers: readonly Power[]): Power[] {
  const grouped: Power[] = [];
  for (const q of powers) {
    const k = grouped.findIndex((g) => g.key === q.key);
    if (k < 0) grouped.push(q);
    else grouped[k] = { ...grouped[k]!, exponent: grouped[k]!.exponent + q.exponent };
  }
  return grouped.filter((g) => g.exponent !== 0);
}

function powerTree(q: Power): IndexTree {
  return q.exponent === 1 ? q.base : { kind: 'apply', fn: { name: 'pow', exponent: q.exponent }, derivative: 0, arg: q.base, indices: q.indices };
}

function atomTree(p: Printer, atom: Atom, taken: ReadonlySet<IndexName>): IndexTree {
  const node = atom.node;
  const name = p.names.get(node);
  if (name !== undefined && node.kind !== 'delta') return access(name, atom.indices);
  switch (node.kind) {
    case 'input':
      return access(node.name, atom.indices);
    case 'delta':
      // a trace, Σ_j δ[j,j], is the size: n where the size has a name
      return name !== undefined && atom.indices[0] === atom.indices[1] ? access(name, []) : { kind: 'delta', indices: atom.indices };
    case 'map':
      return { kind: 'apply', fn: node.fn, derivative: 0, arg: nodeTree(p, node.arg, atom.indices, taken, true), indices: atom.indices };
    case 'matfn': {
      // the argument is written with its own axes (inv(X)[i,j] reads X over them)
      const supply = createNameSupply(taken);
      const argIndices = node.arg.shape.map((size) => sizedName(p, supply, size));
      const arg = node.arg.kind === 'input' ? access(node.arg.name, argIndices) : nodeTree(p, node.arg, argIndices, new Set([...taken, ...argIndices]));
      return { kind: 'matfn', fn: node.fn, arg, argIndices, indices: atom.indices };
    }
    case 'reduce': {
      // the reduced axes get fresh names; the kept ones are the atom's
      const supply = createNameSupply([...taken, ...atom.indices]);
      const over = node.axes.map((axis) => sizedName(p, supply, node.arg.shape[axis]!));
      const kept = [...atom.indices];
      const argIndices = node.arg.shape.map((_, k) => (node.axes.includes(k) ? over[node.axes.indexOf(k)]! : kept.shift()!));
      const arg = nodeTree(p, node.arg, argIndices, new Set([...taken, ...atom.indices, ...over]));
      return { kind: 'reduce', op: node.op, over, arg, indices: atom.indices };
    }
    case 'contract':
    case 'add':
      return nodeTree(p, node, atom.indices, taken);
    default:
      return assertNever(node);
  }
}

function isSingleAccess(p: Printer, node: Node, out: readonly IndexName[]): boolean {
  if (p.names.has(node)) return true;
  const sop = expand(p, node, out, out);
  return sop.terms.length === 1 && sop.terms[0]!.coefficient === 1 && sop.terms[0]!.factors.length === 1;
}
