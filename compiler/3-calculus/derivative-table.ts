import type { Graph } from '../2-network/graph.js';
import type { ElementwiseFn, IndexName, Node, ReduceNode } from '../2-network/network.js';
import { assertNever } from '../diagnostics/assert-never.js';
import type { ElementwiseAlgebra } from './elementwise-algebra.js';

type Rule = (u: Node, e: ElementwiseAlgebra, exponent: number) => Node | undefined;

/** g′(u) for each elementwise g, one line each; undefined means g′ = 0. */
export const derivativeTable = {
  exp: (u, e) => e.map({ name: 'exp' }, u),
  log: (u, e) => e.map({ name: 'pow', exponent: -1 }, u),
  sin: (u, e) => e.map({ name: 'cos' }, u),
  cos: (u, e) => e.scale(-1, e.map({ name: 'sin' }, u)),
  tan: (u, e) => e.affine(1, 1, e.map({ name: 'pow', exponent: 2 }, e.map({ name: 'tan' }, u))),
  tanh: (u, e) => e.affine(1, -1, e.map({ name: 'pow', exponent: 2 }, e.map({ name: 'tanh' }, u))),
  sigmoid: (u, e) => e.hadamard(e.map({ name: 'sigmoid' }, u), e.affine(1, -1, e.map({ name: 'sigmoid' }, u))),
  softplus: (u, e) => e.map({ name: 'sigmoid' }, u),
  relu: (u, e) => e.map({ name: 'step' }, u),
  abs: (u, e) => e.map({ name: 'sign' }, u),
  sqrt: (u, e) => e.scale(0.5, e.map({ name: 'pow', exponent: -1 }, e.map({ name: 'sqrt' }, u))),
  sign: () => undefined,
  step: () => undefined,
  atZero: () => undefined,
  pow: (u, e, p) => p === 0 ? undefined
    : p === 1 ? e.filled(1, u.shape)
      : e.scale(p, p === 2 ? u : e.map({ name: 'pow', exponent: p - 1 }, u)),
} satisfies Record<ElementwiseFn['name'], Rule>;

/** g′(u) for `fn` from the table (with pow's exponent); undefined means g′ = 0. */
export function elementwiseDerivative(fn: ElementwiseFn, u: Node, e: ElementwiseAlgebra): Node | undefined {
  return derivativeTable[fn.name](u, e, fn.name === 'pow' ? fn.exponent : 1);
}


/**
 * The weight w of a reduction r = op_R(u): dr[O] = Σ_R w[O,R] du[O,R], w with u's shape.
 *   logsumexp: w = exp(u − r), the softmax, computed with the shift (finite at logits of ±1000)
 *   max, min:  w = [u = r] / Σ_R [u = r], the arg-max indicator split equally among ties
 */
export function reductionWeight(r: ReduceNode, graph: Graph): Node {
  const u = r.arg;
  const all: IndexName[] = u.shape.map((_, k) => `a${k}`);
  const kept = all.filter((_, k) => !r.axes.includes(k));
  const shifted = graph.add([{ node: u, indices: all, coefficient: 1 }, { node: r, indices: kept, coefficient: -1 }], all);
  switch (r.op) {
    case 'logsumexp':
      return graph.map({ name: 'exp' }, shifted);
    case 'max':
    case 'min': {
      const hit = graph.map({ name: 'atZero' }, shifted);
      const ties = graph.contract([{ node: hit, indices: all }], kept);
      return graph.contract([{ node: hit, indices: all }, { node: graph.map({ name: 'pow', exponent: -1 }, ties), indices: kept }], all);
    }
    default:
      return assertNever(r.op);
  }
}
