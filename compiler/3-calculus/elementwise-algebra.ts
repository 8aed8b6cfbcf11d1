import type { Graph } from '../2-network/graph.js';
import type { ElementwiseFn, IndexName, Node, Size } from '../2-network/network.js';

/**
 * Small elementwise constructors on one Graph, used by the derivative table and the rules.
 * Every node keeps its argument's shape; axes are named a0, a1, … locally.
 */
export interface ElementwiseAlgebra {
  map(fn: ElementwiseFn, u: Node): Node;
  /** c · u */
  scale(c: number, u: Node): Node;
  /** c + s · u (the constant broadcast over u's axes) */
  affine(c: number, s: number, u: Node): Node;
  /** u ⊙ v, same shape */
  hadamard(u: Node, v: Node): Node;
  /** c broadcast to `shape`: c · Π_k Σ_t δ[a_k, t] */
  filled(c: number, shape: readonly Size[]): Node;
}

export function elementwiseAlgebra(graph: Graph): ElementwiseAlgebra {
  const axes = (u: { readonly shape: readonly Size[] }): IndexName[] => u.shape.map((_, k) => `a${k}`);
  const ones = (shape: readonly Size[]): Node => {
    const names = shape.map((_, k) => `a${k}`);
    const factors = shape.map((size, k) => ({
      node: graph.contract([{ node: graph.delta(size), indices: ['o', 't'] }], ['o']), indices: [names[k]!],
    }));
    return shape.length === 0 ? graph.constant(1) : graph.contract(factors, names);
  };
  return {
    map: (fn, u) => (fn.name === 'pow' && fn.exponent < 0 && Number.isInteger(fn.exponent) ? reciprocalPower(graph, fn.exponent, u) : graph.map(fn, u)),
    scale: (c, u) => graph.add([{ node: u, indices: axes(u), coefficient: c }], axes(u)),
    affine: (c, s, u) => graph.add([
      { node: graph.constant(1), indices: [], coefficient: c },
      { node: u, indices: axes(u), coefficient: s },
    ], axes(u)),
    hadamard: (u, v) => graph.contract([{ node: u, indices: axes(u) }, { node: v, indices: axes(v) }], axes(u)),
    filled: (c, shape) => {
      const o = ones(shape);
      return c === 1 ? o : graph.add([{ node: o, indices: axes(o), coefficient: c }], axes(o));
    },
  };
}

/**
 * u^k for a negative whole k, taken factor by factor when u is a quotient: a product that sums
 * nothing (each factor's indices among the result's) with a reciprocal among its factors. Then
 * (p q^(-1))^(-1) is p^(-1) q, and the powers meet their bases (combine-powers.ts): ∂ Σ p log(p/q) / ∂q
 * reads −p q^(-1), not −p² (p q^(-1))^(-1) q^(-2). A product without a reciprocal stays whole, so
 * a definition it is (p = 0.5 (1 + tanh z), the nu nv of a cosine) still prints by name. Exact
 * wherever the left side is defined (no factor is 0 there) because k is whole: a fractional k is
 * not split ((p q)^(-0.5) is defined at p = q = −1, p^(-0.5) is not).
 */
function reciprocalPower(graph: Graph, k: number, u: Node): Node {
  const quotient = u.kind === 'contract' && u.factors.every((f) => f.indices.every((i) => u.out.includes(i)))
    && u.factors.some((f) => f.node.kind === 'map' && f.node.fn.name === 'pow' && f.node.fn.exponent < 0);
  if (!quotient) return graph.map({ name: 'pow', exponent: k }, u);
  // (q^a)^k and a constant's power are the canonical form's to fold (canonical-form.ts, fold-constants.ts)
  return graph.contract(u.factors.map((f) => ({ node: graph.map({ name: 'pow', exponent: k }, f.node), indices: f.indices })), u.out);
}
