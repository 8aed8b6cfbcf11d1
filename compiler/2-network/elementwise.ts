import type { ElementwiseFn, ElementwiseName } from './network.js';

/** The meaning of each elementwise function, used by the reference evaluator. */
export const elementwiseValue = {
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  softplus: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  relu: (x) => (x > 0 ? x : 0),
  abs: Math.abs,
  sqrt: Math.sqrt,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  step: (x) => (x > 0 ? 1 : 0),
} satisfies Record<ElementwiseName, (x: number) => number>;

export function applyElementwise(fn: ElementwiseFn): (x: number) => number {
  if (fn.name === 'pow') {
    const e = fn.exponent;
    return e === 2 ? (x) => x * x : e === -1 ? (x) => 1 / x : (x) => Math.pow(x, e);
  }
  return elementwiseValue[fn.name];
}
