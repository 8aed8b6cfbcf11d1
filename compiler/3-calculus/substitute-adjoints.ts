import type { Graph } from '../2-network/graph.js';
import { topologicalOrder, type Node } from '../2-network/network.js';
import { rebuiltOver } from '../2-network/transplant.js';
import type { NamedAdjoint } from './differentiate-reverse.js';

/**
 * A result written in terms of named adjoints (δz2) with each symbol replaced by the adjoint it
 * stands for — the same value as a node of ordinary inputs, for evaluation and compiled kernels.
 * Symbols are replaced in the order they were named (δz1's value reads δz2, named before it).
 */
export function substituteAdjoints(graph: Graph, node: Node, adjoints: readonly NamedAdjoint[]): Node {
  const full = new Map<Node, Node>();
  for (const a of adjoints) full.set(a.symbol, replace(graph, a.value, full));
  return replace(graph, node, full);
}

/** `node` rebuilt with every node in `by` replaced, children first (no recursion). */
function replace(graph: Graph, node: Node, by: ReadonlyMap<Node, Node>): Node {
  if (by.size === 0) return node;
  const done = new Map<number, Node>();
  const get = (n: Node): Node => done.get(n.id) ?? n;
  for (const n of topologicalOrder([node])) done.set(n.id, by.get(n) ?? rebuiltOver(graph, n, get, (leaf) => leaf));
  return get(node);
}
