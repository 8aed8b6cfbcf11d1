import type { Graph } from './graph.js';
import type { ContractNode, Factor, IndexName, Node } from './network.js';

/**
 * Roots compiled together (a value and its gradients) whose Contracts share factors: when root B's
 * factors are a subset of root A's (dW1 = {W2, X, G, 1−h²}, db1 = {W2, G, 1−h²}), the product of
 * the shared factors becomes one node C (δ1 = (G W2ᵀ) ⊙ (1−h²)), and A = C · (A's other factors),
 * B = C summed: each root's contraction path is private, so without this the shared product is
 * computed twice (once inside each path). C keeps only indices one of its factors has whole, so it
 * is never larger than a factor; the roots' values are unchanged (the same sums, regrouped).
 */
export function factorSharedContractions(graph: Graph, roots: readonly Node[]): Node[] {
  const result = [...roots];
  for (let b = 0; b < result.length; b++) {
    for (let a = 0; a < result.length; a++) {
      const [outer, inner] = [result[a]!, result[b]!];
      if (a === b || outer.kind !== 'contract' || inner.kind !== 'contract') continue;
      const split = splitShared(graph, outer, inner);
      if (split) [result[a], result[b]] = split;
    }
  }
  return result;
}

/** [outer rewritten over C, inner as C summed], or undefined when inner's factors are not a strict part of outer's. */
function splitShared(graph: Graph, outer: ContractNode, inner: ContractNode): [Node, Node] | undefined {
  if (inner.factors.length < 2 || inner.factors.length >= outer.factors.length) return undefined;
  const ids = inner.factors.map((f) => f.node.id);
  if (new Set(ids).size !== ids.length) return undefined;
  const used = new Set<number>();
  const rename = new Map<IndexName, IndexName>();
  const taken = new Set<IndexName>();
  for (const f of inner.factors) {
    const at = outer.factors.findIndex((g) => g.node.id === f.node.id);
    if (at < 0 || outer.factors.filter((g) => g.node.id === f.node.id).length !== 1) return undefined;
    used.add(at);
    const indices = outer.factors[at]!.indices;
    for (let k = 0; k < f.indices.length; k++) {
      const known = rename.get(f.indices[k]!);
      if (known === undefined) {
        if (taken.has(indices[k]!)) return undefined;
        rename.set(f.indices[k]!, indices[k]!);
        taken.add(indices[k]!);
      } else if (known !== indices[k]) return undefined;
    }
  }
  const shared = outer.factors.filter((_, k) => used.has(k));
  const rest = outer.factors.filter((_, k) => !used.has(k));
  const kept = new Set<IndexName>([...outer.out, ...rest.flatMap((f) => f.indices), ...inner.out.map((i) => rename.get(i)!)]);
  const cOut = [...taken].filter((i) => kept.has(i));
  // never larger than a factor: some shared factor has every index C keeps
  if (!shared.some((f) => cOut.every((i) => f.indices.includes(i)))) return undefined;
  const c = graph.contract(shared, cOut);
  const back = new Map([...rename].map(([from, to]) => [to, from] as const));
  const cFactor: Factor = { node: c, indices: cOut };
  return [graph.contract([cFactor, ...rest], outer.out), graph.contract([{ node: c, indices: cOut.map((i) => back.get(i)!) }], inner.out)];
}
