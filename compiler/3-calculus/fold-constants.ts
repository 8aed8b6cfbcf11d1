import { expandNetwork, type Atom, type Monomial, type SumOfProducts } from '../2-network/canonical-terms.js';
import { applyElementwise } from '../2-network/elementwise.js';
import type { Graph } from '../2-network/graph.js';
import { createNameSupply } from '../2-network/name-supply.js';
import type { Node } from '../2-network/network.js';
import { contractDeltas } from './contract-deltas.js';
import { pruneZeros } from './prune-zeros.js';

/**
 * Evaluates an elementwise function of a constant argument into the coefficient:
 *   exp(0) x[i] = x[i]. A non-finite value (log 0) stays symbolic for the evaluator to report.
 */
export function foldConstants(graph: Graph, sop: SumOfProducts): SumOfProducts {
  return { ...sop, terms: sop.terms.map((m) => foldMonomial(graph, m)) };
}

function foldMonomial(graph: Graph, m: Monomial): Monomial {
  let coefficient = m.coefficient;
  const factors: Atom[] = [];
  for (const f of m.factors) {
    const folded = f.node.kind === 'map' ? foldedValue(graph, f.node.fn, f.node.arg) : undefined;
    if (folded === undefined) factors.push(f);
    else coefficient *= folded;
  }
  return { coefficient, factors };
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
