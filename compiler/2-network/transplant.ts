import type { Graph } from './graph.js';
import { topologicalOrder, type InputNode, type Node } from './network.js';
import { assertNever } from '../diagnostics/assert-never.js';

/**
 * `node`, built in another graph, rebuilt in `graph` with each input replaced by `input(it)`:
 * a derivative taken in a program cut at a definition (the definition an input there) joins the
 * graph of the whole program, the cut input replaced by the definition's own node, so one plan
 * computes it with the program's other results. Children first (no recursion).
 */
export function transplant(graph: Graph, node: Node, input: (n: InputNode) => Node): Node {
  const done = new Map<number, Node>();
  const get = (n: Node): Node => done.get(n.id)!;
  for (const n of topologicalOrder([node])) done.set(n.id, rebuilt(graph, n, get, input));
  return get(node);
}

function rebuilt(graph: Graph, n: Node, get: (n: Node) => Node, input: (n: InputNode) => Node): Node {
  return rebuiltOver(graph, n, get, (leaf) => {
    switch (leaf.kind) {
      case 'input': return input(leaf);
      case 'const': return graph.constant(leaf.value);
      case 'delta': return graph.delta(leaf.shape[0]!);
      default: return assertNever(leaf);
    }
  });
}

/** A leaf of the graph: what `rebuiltOver` leaves to its caller. */
export type LeafNode = Extract<Node, { kind: 'input' | 'const' | 'delta' }>;

/** `n` rebuilt in `graph` over its children's images `get(child)`; a leaf becomes `leaf(n)`. */
export function rebuiltOver(graph: Graph, n: Node, get: (n: Node) => Node, leaf: (n: LeafNode) => Node): Node {
  switch (n.kind) {
    case 'input':
    case 'const':
    case 'delta':
      return leaf(n);
    case 'contract':
      return graph.contract(n.factors.map((f) => ({ node: get(f.node), indices: f.indices })), n.out);
    case 'add':
      return graph.add(n.terms.map((t) => ({ node: get(t.node), indices: t.indices, coefficient: t.coefficient })), n.out);
    case 'map':
      return graph.map(n.fn, get(n.arg));
    case 'matfn':
      return graph.matfn(n.fn, get(n.arg));
    case 'reduce':
      return graph.reduce(n.op, get(n.arg), n.axes);
    default:
      return assertNever(n);
  }
}
