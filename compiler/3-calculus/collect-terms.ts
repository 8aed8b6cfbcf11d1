import type { AtomKeys } from '../2-network/canonical-order.js';
import { boundIndices, expandNetwork, type Atom, type Monomial, type SumOfProducts } from '../2-network/canonical-terms.js';
import type { Graph } from '../2-network/graph.js';
import { createNameSupply } from '../2-network/name-supply.js';
import type { IndexName, Node, Size } from '../2-network/network.js';
import { contractDeltas } from './contract-deltas.js';
import { mergeTerms } from './merge-terms.js';
import { pruneZeros } from './prune-zeros.js';

/**
 * Collect like terms hidden in a factored sum: multiply out one factored Add at a time, merge
 * isomorphic terms, and keep the result only if terms cancelled or merged and the sum did not grow:
 *   X p − X (p ⊙ y) − X (y ⊙ (1 − p))  →  X p − X y        (logistic regression: Xᵀ (p − y))
 * A sum that stays as long when multiplied out (X (a + b)) is left factored.
 */
export function collectTerms(graph: Graph, keys: AtomKeys, sop: SumOfProducts): SumOfProducts {
  let current = sop;
  for (const node of factoredSums(current)) {
    const expanded = multiplyOut(graph, current, node);
    const merged = pruneZeros(mergeTerms(keys, contractDeltas(expanded)));
    if (merged.terms.length < expanded.terms.length && merged.terms.length <= current.terms.length) current = merged;
  }
  return current;
}

/** The distinct Add atoms of a sum, in order of appearance. */
function factoredSums(sop: SumOfProducts): Node[] {
  return [...new Set(sop.terms.flatMap((m) => m.factors.map((f) => f.node).filter((n) => n.kind === 'add')))];
}

/** Every occurrence of `node` replaced by its terms; summed indices it alone carried become sizes. */
function multiplyOut(graph: Graph, sop: SumOfProducts, node: Node): SumOfProducts {
  const names = createNameSupply([...sop.sizes.keys(), ...sop.out]);
  const sizes = new Map(sop.sizes);
  const terms = sop.terms.flatMap((m) => {
    if (!m.factors.some((f) => f.node === node)) return [m];
    const parts = m.factors.map((f): Monomial[] => {
      if (f.node !== node) return [{ coefficient: 1, factors: [f] }];
      const inner = expandNetwork(graph, f.node, f.indices, names, (n) => n !== f.node && (n.kind === 'add' || n.kind === 'contract'));
      for (const [name, size] of inner.sizes) sizes.set(name, size);
      return [...inner.terms];
    });
    const summed = boundIndices(m).filter((i) => !sop.out.includes(i));
    return product(parts, m.coefficient).map((p) => keepSums(graph, p, summed, sizes));
  });
  return { ...sop, sizes, terms };
}

function product(parts: readonly Monomial[][], coefficient: number): Monomial[] {
  return parts.reduce<Monomial[]>((acc, part) => acc.flatMap((a) => part.map((b) => ({
    coefficient: a.coefficient * b.coefficient, factors: [...a.factors, ...b.factors],
  }))), [{ coefficient, factors: [] }]);
}

/** Σ_s of a term that no longer carries s is size(s) times the term: a number, or δ[s,s]. */
function keepSums(graph: Graph, m: Monomial, summed: readonly IndexName[], sizes: ReadonlyMap<IndexName, Size>): Monomial {
  let result = m;
  for (const s of summed) {
    if (result.factors.some((f) => f.indices.includes(s))) continue;
    const size = sizes.get(s)!;
    const delta: Atom = { node: graph.delta(size), indices: [s, s] };
    result = typeof size === 'number' ? { ...result, coefficient: result.coefficient * size } : { ...result, factors: [...result.factors, delta] };
  }
  return result;
}
