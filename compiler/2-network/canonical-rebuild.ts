import type { Graph } from './graph.js';
import type { Factor, IndexName, Node, Size, Term } from './network.js';
import { boundIndices, type Monomial, type SumOfProducts } from './canonical-terms.js';

/**
 * A sum of products back as IR: Add(coefficient · Contract(atoms)). A lone monomial that is a
 * single atom in output order is that atom's node. An output index no monomial binds is carried
 * by a ones vector Σ_t δ[o,t], so the node keeps its shape (a zero sum is 0 · ones).
 */
export function rebuildNetwork(graph: Graph, sop: SumOfProducts): Node {
  const bound = new Set(sop.terms.flatMap(boundIndices));
  const unbound = sop.out.filter((o) => !bound.has(o));
  const terms: Term[] = sop.terms.map((m, k) => monomialTerm(graph, m, sop, k === 0 ? unbound : []));
  if (terms.length === 0) terms.push({ node: ones(graph, sop.out, sop.sizes), indices: [...sop.out], coefficient: 0 });
  const only = terms[0]!;
  if (terms.length === 1 && only.coefficient === 1 && sameNames(only.indices, sop.out)) return only.node;
  return graph.add(terms, sop.out);
}

function monomialTerm(graph: Graph, m: Monomial, sop: SumOfProducts, unbound: readonly IndexName[]): Term {
  const carried = [...m.factors, ...unbound.map((o) => onesFactor(graph, o, sop.sizes.get(o)!))];
  const bound = new Set(carried.flatMap((f) => f.indices));
  const out = sop.out.filter((o) => bound.has(o));
  if (carried.length === 0) return { node: graph.constant(1), indices: [], coefficient: m.coefficient };
  const single = carried.length === 1 && sameNames(carried[0]!.indices, out) ? carried[0]!.node : undefined;
  return { node: single ?? graph.contract(carried, out), indices: out, coefficient: m.coefficient };
}

/** ones[o] = Σ_t δ[o,t], a vector of `size` ones over index `o` (a broadcast along o). */
export function onesFactor(graph: Graph, o: IndexName, size: Size): Factor {
  return { node: graph.contract([{ node: graph.delta(size), indices: ['o', 't'] }], ['o']), indices: [o] };
}

function ones(graph: Graph, out: readonly IndexName[], sizes: ReadonlyMap<IndexName, Size>): Node {
  if (out.length === 0) return graph.constant(1);
  return graph.contract(out.map((o) => onesFactor(graph, o, sizes.get(o)!)), out);
}

function sameNames(a: readonly IndexName[], b: readonly IndexName[]): boolean {
  return a.length === b.length && a.every((n, k) => n === b[k]);
}
