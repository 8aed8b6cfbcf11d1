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
    map: (fn, u) => graph.map(fn, u),
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
