import type { Definition, ProgramNetwork } from '../2-network/program.js';
import { fail } from '../diagnostics/ricci-error.js';
import { unflattenIndex } from '../../runtime/strided-array.js';
import { evaluateExpression } from './evaluate-expression.js';
import { richardsonDifferences, type Estimate, type Inputs } from './finite-differences.js';

/**
 * How `Derivative.check` compares with finite differences.
 * @example
 * import { grad, type CheckOptions } from 'ricci';
 * const strict: CheckOptions = { tolerance: 1e-9 };
 * grad('f = x[i] x[i]', 'f', 'x').check({ x: [1, 2, 3] }, strict).ok; // → true
 */
export interface CheckOptions {
  /**
   * The largest relative step h (scaled by max(1, |x|)); h/10, h/100, … are tried too, each
   * extrapolated with h/2. Default 1e-2 (5 steps) for first order, 3e-2 (4 steps) for higher.
   */
  readonly step?: number;
  /**
   * Accepted |symbolic − numeric| beyond the finite differences' own estimated error, relative to
   * max(1, |numeric|); default 1e-6, 1e-5 for higher order.
   */
  readonly tolerance?: number;
}

/**
 * What `Derivative.check` found: the worst relative error, where, and whether it passes.
 * @example
 * import { grad, type CheckResult } from 'ricci';
 * const result: CheckResult = grad('f = exp(x[i]) x[i]', 'f', 'x').check({ x: [0.5, -1] });
 * result.ok; // → true
 * result.maxError < 1e-6; // → true
 */
export interface CheckResult {
  /** |symbolic − numeric| / max(1, |numeric|) at the worst entry. */
  readonly maxError: number;
  /** The entry furthest outside what it is allowed, by multi-index into the derivative. */
  readonly worst: {
    readonly index: readonly number[]; readonly symbolic: number; readonly numeric: number;
    /** The finite differences' own error estimate there, |D(h) − D(h/2)|. */
    readonly estimatedError: number;
  };
  readonly ok: boolean;
}

type Values = { readonly data: ArrayLike<number>; readonly shape: readonly number[] };

/**
 * The acceptance policy of `check()`: symbolic vs nested central differences of the definition
 * itself (never of a derivative), Richardson-extrapolated over h and h/2 for a ladder of steps.
 * An entry passes when
 *   |symbolic − numeric| ≤ tolerance · max(1, |numeric|) + |D(h) − D(h/2)|,
 * so large-magnitude values (cos of 5e4) are judged against what finite differences can resolve.
 */
export function checkDerivative(program: ProgramNetwork, of: Definition, wrt: readonly string[],
  symbolic: Values, inputs: Inputs, options: CheckOptions): CheckResult {
  const firstOrder = wrt.length === 1;
  const f = (values: Inputs) => evaluateExpression(of.node, [...program.inputs.values()], values);
  const ladder = firstOrder ? { largest: 1e-2, levels: 5 } : { largest: 3e-2, levels: 4 };
  // a NaN or negative tolerance would let every comparison pass: refused, never silently ok
  const step = option('step', options.step, ladder.largest, (x) => x > 0, 'a finite number > 0');
  const tolerance = option('tolerance', options.tolerance, firstOrder ? 1e-6 : 1e-5, (x) => x >= 0, 'a finite number ≥ 0');
  // a symmetric S moves symmetrically: the derivative is by its independent entries (symmetric-inputs.ts)
  const symmetric = new Set([...program.inputs.values()].filter((x) => x.symmetric).map((x) => x.name));
  const numeric = richardsonDifferences(f, inputs, wrt, { ...ladder, largest: step, symmetric });
  const worst = worstEntry(symbolic, numeric, tolerance);
  return {
    maxError: worst.error,
    worst: {
      index: unflattenIndex(symbolic.shape, worst.flat), symbolic: symbolic.data[worst.flat] ?? 0,
      numeric: numeric.value.data[worst.flat] ?? 0, estimatedError: numeric.error.data[worst.flat] ?? 0,
    },
    ok: worst.ratio <= 1,
  };
}

function option(name: string, value: unknown, fallback: number, valid: (x: number) => boolean, allowed: string): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && valid(value)) return value;
  return fail('check_option_invalid', undefined, name, typeof value === 'number' ? String(value) : `a ${typeof value}`, allowed);
}

/** The entry with the largest error relative to what it is allowed (ratio > 1 fails). */
function worstEntry(symbolic: Values, numeric: Estimate, tolerance: number): { flat: number; ratio: number; error: number } {
  let worst = { flat: 0, ratio: -1, error: 0 };
  for (let k = 0; k < numeric.value.data.length; k++) {
    const s = symbolic.data[k]!;
    const n = numeric.value.data[k]!;
    if (!Number.isFinite(s)) fail('check_not_finite', undefined, 'symbolic', showIndex(symbolic.shape, k));
    if (!Number.isFinite(n)) fail('check_not_finite', undefined, 'finite-difference', showIndex(symbolic.shape, k));
    const scale = Math.max(1, Math.abs(n));
    const ratio = Math.abs(s - n) / (tolerance * scale + numeric.error.data[k]!);
    if (ratio > worst.ratio) worst = { flat: k, ratio, error: Math.abs(s - n) / scale };
  }
  return worst;
}

function showIndex(shape: readonly number[], flat: number): string {
  return `index [${unflattenIndex(shape, flat).join(', ')}]`;
}
