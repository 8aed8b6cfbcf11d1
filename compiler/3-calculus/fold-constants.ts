import { expandNetwork, type Atom, type Monomial, type SumOfProducts } from '../2-network/canonical-terms.js';
import { applyElementwise } from '../2-network/elementwise.js';
import type { Graph } from '../2-network/graph.js';
import { createNameSupply } from '../2-network/name-supply.js';
import { childrenOf, type Node } from '../2-network/network.js';
import { contractDeltas } from './contract-deltas.js';
import { pruneZeros } from './prune-zeros.js';

/**
 * Evaluates an elementwise function of a constant argument into the coefficient:
 *   exp(0) x[i] = x[i]. A non-finite value (log 0) stays symbolic for the evaluator to report.
 */
export function foldConstants(graph: Graph, sop: SumOfProducts): SumOfProducts {
  const constant = new Map<Node, boolean>();
  return { ...sop, terms: sop.terms.map((m) => foldMonomial(graph, m, constant)) };
}

function foldMonomial(graph: Graph, m: Monomial, constant: Map<Node, boolean>): Monomial {
  let coefficient = m.coefficient;
  const factors: Atom[] = [];
  for (const f of m.factors) {
    const folded = f.node.kind === 'map' && !readsInput(f.node.arg, constant) ? foldedValue(graph, f.node.fn, f.node.arg) : undefined;
    if (folded === undefined) factors.push(f);
    else coefficient *= folded;
  }
  return factors.length === m.factors.length ? m : { coefficient, factors };
}

/** Whether a node reads an input (then it is no constant), memoised per node: deep compositions share subterms. */
function readsInput(node: Node, memo: Map<Node, boolean>): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack[stack.length - 1]!;
    if (memo.has(n)) { stack.pop(); continue; }
    if (n.kind === 'input') { memo.set(n, true); stack.pop(); continue; }
    const pending = childrenOf(n).filter((c) => !memo.has(c));
    if (pending.length > 0) { stack.push(...pending); continue; }
    memo.set(n, childrenOf(n).some((c) => memo.get(c)!));
    stack.pop();
  }
  return memo.get(node)!;
}

function foldedValue(graph: Graph, fn: Parameters<typeof applyElementwise>[0], arg: Node): number | undefined {
  const value = constantValue(graph, arg);
  if (value === undefined) return undefined;
  const y = applyElementwise(fn)(value);
  return Number.isFinite(y) ? y : undefined;
}

/** The value of a node that is one constant everywhere (after δ contraction), else undefined. */
function constantValue(graph: Graph, node: Node): number | undefined {
  if (node.kind === 'map') return foldedValue(graph, node.fn, node.arg); // sqrt(4)^(-1) = 0.5
  const out = node.shape.map((_, k) => `c${k}`);
  const sop = pruneZeros(contractDeltas(expandNetwork(graph, node, out, createNameSupply(out))));
  if (sop.terms.some((t) => t.factors.length > 0)) return undefined;
  return sop.terms.reduce((s, t) => s + t.coefficient, 0);
}
