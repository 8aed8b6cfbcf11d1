/**
 * The meaning of each elementwise function: one home for the formulas the reference evaluator,
 * constant folding and the kernel interpreter compute, and that 6-emit-js writes out as source
 * (elementwise-source.ts, the same formulas, so every path agrees bit for bit).
 */
export type ElementwiseFunctionName =
  | 'exp' | 'log' | 'sin' | 'cos' | 'tan' | 'tanh' | 'sigmoid' | 'softplus'
  | 'relu' | 'abs' | 'sqrt' | 'sign' | 'step' | 'atZero';

/** An elementwise function as plain data; `pow` carries its constant exponent. */
export type ElementwiseFunction =
  | { readonly name: ElementwiseFunctionName }
  | { readonly name: 'pow'; readonly exponent: number };

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
  atZero: (x) => (x === 0 ? 1 : 0),
} satisfies Record<ElementwiseFunctionName, (x: number) => number>;

export function applyElementwise(fn: ElementwiseFunction): (x: number) => number {
  if (fn.name === 'pow') {
    const e = fn.exponent;
    return e === 2 ? (x) => x * x : e === -1 ? (x) => 1 / x : (x) => Math.pow(x, e);
  }
  return elementwiseValue[fn.name];
}
