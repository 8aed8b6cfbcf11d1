import type { ElementwiseFn, ElementwiseName } from '../2-network/network.js';
import { jsNumber } from './js-tokens.js';

/**
 * Each elementwise function as a JavaScript expression of an identifier `x` (already validated),
 * the same formulas as 2-network/elementwise.ts so compiled and reference results agree exactly.
 */
const elementwiseTemplates = {
  exp: (x) => `Math.exp(${x})`,
  log: (x) => `Math.log(${x})`,
  sin: (x) => `Math.sin(${x})`,
  cos: (x) => `Math.cos(${x})`,
  tan: (x) => `Math.tan(${x})`,
  tanh: (x) => `Math.tanh(${x})`,
  sigmoid: (x) => `(${x} >= 0 ? 1 / (1 + Math.exp(-${x})) : Math.exp(${x}) / (1 + Math.exp(${x})))`,
  softplus: (x) => `(${x} > 0 ? ${x} + Math.log1p(Math.exp(-${x})) : Math.log1p(Math.exp(${x})))`,
  relu: (x) => `(${x} > 0 ? ${x} : 0)`,
  abs: (x) => `Math.abs(${x})`,
  sqrt: (x) => `Math.sqrt(${x})`,
  sign: (x) => `(${x} > 0 ? 1 : ${x} < 0 ? -1 : 0)`,
  step: (x) => `(${x} > 0 ? 1 : 0)`,
  atZero: (x) => `(${x} === 0 ? 1 : 0)`,
} as const satisfies Record<ElementwiseName, (x: string) => string>;

export function elementwiseSource(fn: ElementwiseFn, x: string): string {
  if (fn.name !== 'pow') return elementwiseTemplates[fn.name](x);
  const e = fn.exponent;
  return e === 2 ? `(${x} * ${x})` : e === -1 ? `(1 / ${x})` : `Math.pow(${x}, ${jsNumber(e)})`;
}
