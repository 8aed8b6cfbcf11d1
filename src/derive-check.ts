import type { Definition, ProgramNetwork } from '../compiler/2-network/program.js';
import { evaluateExpression } from '../compiler/3-calculus/evaluate-expression.js';
import { centralDifferences, type Inputs } from '../compiler/3-calculus/finite-differences.js';
import { fail } from '../compiler/diagnostics/ricci-error.js';
import type { StridedArray } from '../runtime/strided-array.js';
import { toStridedArray, type TensorLike } from './tensor-like.js';

export interface CheckOptions {
  /** Relative step h (scaled by max(1, |x|)); default 1e-6 for first, 3e-4 for higher order. */
  readonly step?: number;
  /** Largest accepted |symbolic − numeric| / max(1, |numeric|); default 1e-6, 1e-5 for higher order. */
  readonly tolerance?: number;
}

export interface CheckResult {
  readonly maxError: number;
  /** The entry with the largest error, by multi-index into the derivative. */
  readonly worst: { readonly index: readonly number[]; readonly symbolic: number; readonly numeric: number };
  readonly ok: boolean;
}

/** Inputs the program declares, as strided arrays (others are ignored; missing ones are reported on use). */
export function readInputs(program: ProgramNetwork, given: Readonly<Record<string, TensorLike>>): Record<string, StridedArray> {
  const values: Record<string, StridedArray> = Object.create(null);
  program.inputs.forEach((_, name) => {
    if (Object.prototype.hasOwnProperty.call(given, name))
      Object.defineProperty(values, name, { value: toStridedArray(given[name], 0), enumerable: true });
  });
  return values;
}

/** symbolic vs nested central differences of the definition itself (never of a derivative). */
export function checkDerivative(program: ProgramNetwork, of: Definition, wrt: readonly string[],
  symbolic: { readonly data: ArrayLike<number>; readonly shape: readonly number[] },
  given: Readonly<Record<string, TensorLike>>, options: CheckOptions): CheckResult {
  const firstOrder = wrt.length === 1;
  const inputs = readInputs(program, given);
  const f = (values: Inputs) => evaluateExpression(of.node, [...program.inputs.values()], values);
  const numeric = centralDifferences(f, inputs, wrt, options.step ?? (firstOrder ? 1e-6 : 3e-4));
  let worst = { flat: 0, error: 0 };
  for (let k = 0; k < numeric.data.length; k++) {
    const s = symbolic.data[k]!;
    const n = numeric.data[k]!;
    if (!Number.isFinite(s)) fail('check_not_finite', undefined, 'symbolic', showIndex(symbolic.shape, k));
    if (!Number.isFinite(n)) fail('check_not_finite', undefined, 'finite-difference', showIndex(symbolic.shape, k));
    const error = Math.abs(s - n) / Math.max(1, Math.abs(n));
    if (error > worst.error) worst = { flat: k, error };
  }
  const tolerance = options.tolerance ?? (firstOrder ? 1e-6 : 1e-5);
  return {
    maxError: worst.error,
    worst: { index: unflatten(symbolic.shape, worst.flat), symbolic: symbolic.data[worst.flat] ?? 0, numeric: numeric.data[worst.flat] ?? 0 },
    ok: worst.error <= tolerance,
  };
}

function unflatten(shape: readonly number[], flat: number): number[] {
  const index: number[] = [];
  let rest = flat;
  for (let k = shape.length - 1; k >= 0; k--) {
    index.unshift(rest % shape[k]!);
    rest = Math.floor(rest / shape[k]!);
  }
  return index;
}

function showIndex(shape: readonly number[], flat: number): string {
  return `index [${unflatten(shape, flat).join(', ')}]`;
}
