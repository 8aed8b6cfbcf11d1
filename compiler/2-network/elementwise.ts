import type { ElementwiseFn, ElementwiseName } from './network.js';
import { applyElementwise as applyRuntime, elementwiseValue as runtimeValues } from '../../runtime/elementwise.js';

/** The meaning of each elementwise function, used by the reference evaluator (its home is runtime/elementwise.ts). */
export const elementwiseValue: Readonly<Record<ElementwiseName, (x: number) => number>> = runtimeValues;

export function applyElementwise(fn: ElementwiseFn): (x: number) => number {
  return applyRuntime(fn);
}
