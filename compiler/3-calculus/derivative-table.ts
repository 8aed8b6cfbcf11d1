import type { ElementwiseFn, Node } from '../2-network/network.js';
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
  sqrt: (u, e) => e.scale(0.5, e.map({ name: 'pow', exponent: -0.5 }, u)),
  sign: () => undefined,
  step: () => undefined,
  pow: (u, e, p) => p === 0 ? undefined
    : p === 1 ? e.filled(1, u.shape)
      : e.scale(p, p === 2 ? u : e.map({ name: 'pow', exponent: p - 1 }, u)),
} satisfies Record<ElementwiseFn['name'], Rule>;

/** g′(u) for `fn` from the table (with pow's exponent); undefined means g′ = 0. */
export function elementwiseDerivative(fn: ElementwiseFn, u: Node, e: ElementwiseAlgebra): Node | undefined {
  return derivativeTable[fn.name](u, e, fn.name === 'pow' ? fn.exponent : 1);
}

