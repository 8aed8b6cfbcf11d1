import { fail } from '../diagnostics/ricci-error.js';
import type { Graph } from './graph.js';
import type { NameSupply } from './name-supply.js';
import { type AddNode, type ContractNode, type DeltaNode, type IndexName, type InputNode, type MapNode, type MatFnNode, type Node, type ReduceNode, type Size } from './network.js';
import { assertNever } from '../diagnostics/assert-never.js';

/**
 * A network flattened into a sum of products of atoms (the canonical form):
 *   (a[i] + b[i]) c[i]  →  a[i] c[i] + b[i] c[i]
 * Every index a monomial binds that is not in `out` is summed inside that monomial; an `out` index
 * a monomial does not bind is broadcast, as in an Add.
 */
export type AtomNode = InputNode | DeltaNode | MapNode | MatFnNode | ReduceNode | FactoredNode;

/** A Contract or Add kept whole below the root (a shared definition, a chain-rule factor g′(u)). */
export type FactoredNode = ContractNode | AddNode;

/** Which Contract/Add nodes below the root stay factored; by default none (everything is multiplied out). */
export type Factored = (node: Node) => boolean;

export interface Atom {
  readonly node: AtomNode;
  readonly indices: readonly IndexName[];
}

export interface Monomial {
  readonly coefficient: number;
  readonly factors: readonly Atom[];
}

export interface SumOfProducts {
  readonly out: readonly IndexName[];
  /** The size of every index name used by `out` or any monomial. */
  readonly sizes: ReadonlyMap<IndexName, Size>;
  readonly terms: readonly Monomial[];
}

/** Expansion beyond this many monomials is refused rather than allowed to exhaust memory. */
const maxMonomials = 20000;
/** Nor beyond this many factors in all its monomials together (20,000 terms of 50 factors). */
export const maxExpandedFactors = 1_000_000;

/**
 * Flattens nested Contracts and Adds of `node`, its axes named `out`, into a sum of products.
 * The root is always flattened; a `factored` node below it is an atom (not multiplied out).
 */
export function expandNetwork(graph: Graph, node: Node, out: readonly IndexName[], names: NameSupply,
  factored: Factored = () => false, keepNames = false): SumOfProducts {
  const sizes = new Map<IndexName, Size>();
  out.forEach((name, axis) => sizes.set(name, node.shape[axis]!));
  const terms = expandNode({ graph, names, sizes, factored, root: node, keepNames }, node, out);
  return { out: [...out], sizes, terms };
}

interface Expansion {
  readonly graph: Graph;
  readonly names: NameSupply;
  readonly sizes: Map<IndexName, Size>;
  readonly factored: Factored;
  readonly root: Node;
  /** Summed names are fresh names that start with the name as written, `i#1` (a printout's stable names). */
  readonly keepNames: boolean;
}

function expandNode(x: Expansion, node: Node, names: readonly IndexName[]): Monomial[] {
  if ((node.kind === 'contract' || node.kind === 'add') && node !== x.root && x.factored(node))
    return [{ coefficient: 1, factors: [{ node, indices: names }] }];
  switch (node.kind) {
    case 'input':
    case 'delta':
    case 'map':
    case 'matfn':
    case 'reduce':
      return [{ coefficient: 1, factors: [{ node, indices: names }] }];
    case 'const':
      return [{ coefficient: node.value, factors: [] }];
    case 'contract': {
      const rename = localRenaming(x, node.out, names, node.factors);
      const parts = node.factors.map((f) => expandNode(x, f.node, f.indices.map(rename)));
      const summed = [...new Set(node.factors.flatMap((f) => f.indices))].filter((i) => !node.out.includes(i)).map(rename);
      return product(parts).map((m) => sumUnbound(x, m, summed));
    }
    case 'add': {
      const rename = localRenaming(x, node.out, names, []);
      return node.terms.flatMap((t) =>
        expandNode(x, t.node, t.indices.map(rename)).map((m) => ({ ...m, coefficient: m.coefficient * t.coefficient })));
    }
    default:
      return assertNever(node);
  }
}

/** Output names map to the caller's names; every summed name gets a fresh one, sized from its factor. */
function localRenaming(x: Expansion, out: readonly IndexName[], names: readonly IndexName[],
  bindings: readonly { readonly node: Node; readonly indices: readonly IndexName[] }[]): (i: IndexName) => IndexName {
  const map = new Map<IndexName, IndexName>(out.map((o, k) => [o, names[k]!]));
  for (const b of bindings)
    b.indices.forEach((i, axis) => {
      if (map.has(i)) return;
      // kept names stay recoverable (i#1, i#2: each monomial's printer gives back i where it is free)
      const fresh = x.names.fresh(x.keepNames ? `${i}#` : 's');
      map.set(i, fresh);
      x.sizes.set(fresh, b.node.shape[axis]!);
    });
  return (i) => map.get(i)!;
}

function product(parts: readonly Monomial[][]): Monomial[] {
  const count = parts.reduce((n, p) => n * p.length, 1);
  if (count > maxMonomials) fail('expansion_too_large', undefined, count, maxMonomials);
  // each monomial of part k appears count / |part k| times in the product
  const factors = parts.reduce((n, p) => n + (p.length === 0 ? 0 : (count / p.length) * p.reduce((a, m) => a + m.factors.length, 0)), 0);
  if (factors > maxExpandedFactors) fail('expression_too_large', undefined, 'the number of factors after expansion', factors, maxExpandedFactors);
  return parts.reduce<Monomial[]>((acc, part) => acc.flatMap((a) => part.map((b) => ({
    coefficient: a.coefficient * b.coefficient, factors: [...a.factors, ...b.factors],
  }))), [{ coefficient: 1, factors: [] }]);
}

/** Σ_s over nothing is size(s): a number folds into the coefficient, a symbol stays as δ[s,s]. */
function sumUnbound(x: Expansion, m: Monomial, summed: readonly IndexName[]): Monomial {
  let result = m;
  for (const s of summed) {
    if (result.factors.some((f) => f.indices.includes(s))) continue;
    const size = x.sizes.get(s)!;
    result = typeof size === 'number'
      ? { ...result, coefficient: result.coefficient * size }
      : { ...result, factors: [...result.factors, { node: x.graph.delta(size), indices: [s, s] }] };
  }
  return result;
}

/** The indices a monomial binds, in order of first appearance. */
export function boundIndices(m: Monomial): IndexName[] {
  return [...new Set(m.factors.flatMap((f) => f.indices))];
}

/** Names bound by a monomial but not free: the ones it sums over. */
export function summedIndices(m: Monomial, out: readonly IndexName[]): IndexName[] {
  return boundIndices(m).filter((i) => !out.includes(i));
}
