import type { Graph } from './graph.js';
import { createNameSupply } from './name-supply.js';
import { elementwiseLabel, topologicalOrder, type IndexName, type Node } from './network.js';
import { assertNever } from '../diagnostics/assert-never.js';
import { canonicalLabelling, createWorkBudget, spendWork, type WorkBudget } from './canonical-search.js';
import { isSymmetricNode } from './symmetric-nodes.js';
import { expandNetwork, type Atom, type AtomNode, type Factored, type Monomial, type SumOfProducts } from './canonical-terms.js';

/**
 * Canonical form of a monomial: factors ordered and summed indices named by first appearance so
 * that `A[i,s] B[s,j]` and `B[t,j] A[i,t]` get one key (canonical-search.ts). Free names are kept.
 */
export interface CanonicalOptions {
  /** Use X[i,j] = X[j,i] for symmetric matrices, declared or implied (symmetric-nodes.ts); δ always. */
  readonly symmetric: boolean;
  /** Contract/Add nodes kept whole when they occur below a root (canonical-terms.ts). */
  readonly factored?: Factored;
  /** Work shared with other canonicalisations of the same derivation (canonical-search.ts). */
  readonly budget?: WorkBudget;
}

/** Keys of atoms, memoised per node object; a Map/MatFn key includes its argument's canonical key. */
export interface AtomKeys {
  key(node: AtomNode): string;
  /** canonicalMonomial, memoised per monomial object (a sum's key is asked for before and after every pass). */
  monomial(m: Monomial, out: readonly IndexName[]): CanonicalMonomial;
  readonly graph: Graph;
  readonly options: CanonicalOptions;
  /** Which square nodes are symmetric (symmetric-nodes.ts), memoised. */
  readonly symmetry: Map<Node, boolean>;
  readonly budget: WorkBudget;
}

export function createAtomKeys(graph: Graph, options: CanonicalOptions): AtomKeys {
  const cache = new Map<AtomNode, string>();
  const monomials = new WeakMap<Monomial, { readonly out: readonly IndexName[]; readonly canonical: CanonicalMonomial }>();
  const shapes = new Map<string, { readonly names: readonly IndexName[]; readonly canonical: CanonicalMonomial }>();
  const self: AtomKeys = {
    graph,
    options,
    symmetry: new Map(),
    budget: options.budget ?? createWorkBudget(),
    monomial(m, out) {
      const found = monomials.get(m);
      if (found && sameNames(found.out, out)) return found.canonical;
      const canonical = searchOrRecall(self, shapes, m, out);
      monomials.set(m, { out, canonical });
      monomials.set(canonical.monomial, { out, canonical });
      return canonical;
    },
    key(node) {
      const found = cache.get(node);
      if (found !== undefined) return found;
      // keys of the atoms below first, in a loop (a chain of 1,000 definitions is 1,000 deep)
      for (const d of topologicalOrder([node]))
        if (d !== node && !cache.has(d as AtomNode) && isKeyedAtom(self, d)) cache.set(d, atomKey(self, d));
      const key = atomKey(self, node);
      // a key spells out its argument, so shared subterms can make keys grow exponentially: charge their length
      spendWork(self.budget, Math.ceil(key.length / 32), `a factor whose key is ${key.length} characters long`);
      cache.set(node, key);
      return key;
    },
  };
  return self;
}

/** Nodes whose key argumentKey asks for: functions of an argument and the factored sums. */
function isKeyedAtom(keys: AtomKeys, d: Node): d is AtomNode {
  return d.kind === 'map' || d.kind === 'matfn' || d.kind === 'reduce' || ((d.kind === 'contract' || d.kind === 'add') && (keys.options.factored?.(d) ?? false));
}

function atomKey(keys: AtomKeys, node: AtomNode): string {
  switch (node.kind) {
    case 'input':
      return node.name;
    case 'delta':
      return `δ{${node.shape[0]}}`;
    case 'map':
      return `${elementwiseLabel(node.fn)}(${argumentKey(keys, node.arg)})`;
    case 'matfn':
      return `${node.fn}(${argumentKey(keys, node.arg)})`;
    case 'reduce':
      return `${node.op}[${node.axes.join(',')}](${argumentKey(keys, node.arg)})`;
    case 'contract':
    case 'add':
      return `{${argumentKey(keys, node)}}`;
    default:
      return assertNever(node);
  }
}

/** The key of a function argument or a factored sum, equal terms merged: sin(X + X) ≡ sin(2 X). */
function argumentKey(keys: AtomKeys, arg: Node): string {
  const out = arg.shape.map((_, k) => `$${k}`);
  const sop = expandNetwork(keys.graph, arg, out, createNameSupply(out), keys.options.factored);
  const merged = new Map<string, number>();
  for (const m of sop.terms) {
    const key = canonicalMonomial(keys, m, sop.out).key;
    merged.set(key, (merged.get(key) ?? 0) + m.coefficient);
  }
  const parts = [...merged].filter(([, c]) => c !== 0).map(([key, c]) => `${c}*${key}`).sort();
  return `${out.length}|${parts.join(' + ')}`;
}

/** The key of a whole sum: its canonical monomials with coefficients, sorted. */
export function sumKey(keys: AtomKeys, sop: SumOfProducts): string {
  const parts = sop.terms.map((m) => `${m.coefficient}*${canonicalMonomial(keys, m, sop.out).key}`).sort();
  return `${sop.out.length}|${parts.join(' + ')}`;
}

export interface CanonicalMonomial {
  /** The monomial's factors in canonical order (symmetric factors possibly with swapped indices). */
  readonly monomial: Monomial;
  /** Independent of summed names and factor order; equal keys ⇔ isomorphic monomials. */
  readonly key: string;
}

export function canonicalMonomial(keys: AtomKeys, m: Monomial, out: readonly IndexName[]): CanonicalMonomial {
  return keys.monomial(m, out);
}

/**
 * The canonical form of `m`, searched once per shape: a monomial that differs from one seen before
 * only by its coefficient and the spelling of its summed indices (the 10,000 terms of a long sum)
 * reuses that search, its summed names mapped back. Hash lookup, not pairwise comparison.
 */
function searchOrRecall(keys: AtomKeys, shapes: Map<string, { readonly names: readonly IndexName[]; readonly canonical: CanonicalMonomial }>,
  m: Monomial, out: readonly IndexName[]): CanonicalMonomial {
  const free = new Set(out);
  const names: IndexName[] = [];
  const local = new Map<IndexName, string>();
  const spell = (n: IndexName): string => {
    if (free.has(n)) return `${n}`;
    let l = local.get(n);
    if (l === undefined) { l = `#${local.size}`; local.set(n, l); names.push(n); }
    return l;
  };
  const shape = `${m.factors.map((f) => `${f.node.id}[${f.indices.map(spell).join(',')}]`).join(' ')}->${out.join(',')}`;
  const seen = shapes.get(shape);
  if (seen === undefined) {
    const canonical = searchMonomial(keys, m, out);
    shapes.set(shape, { names, canonical });
    return canonical;
  }
  const rename = new Map(seen.names.map((n, k) => [n, names[k]!]));
  const factors = seen.canonical.monomial.factors.map((a) => ({ node: a.node, indices: a.indices.map((n) => rename.get(n) ?? n) }));
  return { monomial: { coefficient: m.coefficient, factors }, key: seen.canonical.key };
}

function searchMonomial(keys: AtomKeys, m: Monomial, out: readonly IndexName[]): CanonicalMonomial {
  const best = canonicalLabelling(m.factors, new Set(out), {
    key: (a) => keys.key(a.node),
    symmetric: (a) => isSymmetric(keys, a),
    budget: keys.budget,
  });
  return { monomial: { coefficient: m.coefficient, factors: best.factors }, key: best.key };
}

function isSymmetric(keys: AtomKeys, a: Atom): boolean {
  if (a.indices.length !== 2 || a.indices[0] === a.indices[1]) return false;
  if (a.node.kind === 'delta') return true;
  const keyOf = (node: Node, out: readonly string[]): string =>
    sumKey(keys, expandNetwork(keys.graph, node, out, createNameSupply(out), keys.options.factored));
  return keys.options.symmetric && isSymmetricNode(a.node, keyOf, keys.symmetry);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every monomial in canonical order, terms sorted by key (then coefficient): a deterministic sum. */
export function canonicalSum(keys: AtomKeys, sop: SumOfProducts): SumOfProducts {
  const terms = sop.terms.map((m) => canonicalMonomial(keys, m, sop.out))
    .sort((a, b) => compare(a.key, b.key) || a.monomial.coefficient - b.monomial.coefficient)
    .map((c) => c.monomial);
  return { ...sop, terms };
}

function sameNames(a: readonly IndexName[], b: readonly IndexName[]): boolean {
  return a === b || (a.length === b.length && a.every((n, k) => n === b[k]));
}
