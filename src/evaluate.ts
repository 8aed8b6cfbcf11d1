import type ndarray from 'ndarray';
import { buildProgram, denseNdarray, evaluateProgramReference, mergeLimits, type CompileOptions } from '../compiler/driver/index.js';
import { checkOptionsObject } from './arguments.js';
import type { DenseArray } from '../runtime/strided-array.js';
import { readNamed } from './compile.js';
import { toProgram, type ProgramSource } from './parse.js';
import type { TensorLike } from './tensor-like.js';

export type NdArray = ndarray.NdArray<Float64Array>;

/**
 * Computes every definition of a Ricci program with the reference evaluator — the same function
 * as `evaluateReference`, under the name the public API has always had. (A Derivative's `evaluate`
 * runs generated kernels: it owns a cache for their plans, which a one-shot call has nowhere to
 * keep.) Symbolic sizes are bound from the inputs' shapes by the one binder; a disagreement is a
 * RicciError pointing at the input's declaration; declared symmetry and overflow are checked.
 *   evaluate('L = x[i] W[i,j] y[j]', { x, W, y }).L   // a 0-d ndarray
 * @example
 * import { evaluate } from 'ricci';
 * const values = evaluate('f[j] = x[i] W[i,j]\nL = f[j] y[j]', { x: [1, 2], W: [[1, 0], [0, 1]], y: [3, 4] });
 * values['f']!.data; // → [1, 2]
 * values['L']!.get(); // → 11
 * evaluate('L = x[i] y[i]', { x: [1, 2], y: [3, 4] }, { limits: { maxReferenceWork: 100 } })['L']!.get(); // → 11
 */
export function evaluate(source: ProgramSource, inputs: Readonly<Record<string, TensorLike>>, options?: EvaluateOptions): Record<string, NdArray> {
  return evaluateReference(source, inputs, options);
}

/** Resource limits for this call (CompileOptions.limits: elements, and the reference evaluator's steps). */
type EvaluateOptions = { readonly limits?: CompileOptions['limits'] };

/**
 * Every definition through the reference evaluator: the oracle generated kernels are tested against.
 * @example
 * import { evaluate, evaluateReference } from 'ricci';
 * const inputs = { x: [1, 2], W: [[1, 0], [0, 1]], y: [3, 4] };
 * evaluateReference('L = x[i] W[i,j] y[j]', inputs)['L']!.get(); // → 11
 * evaluate('L = x[i] W[i,j] y[j]', inputs)['L']!.get(); // → 11
 */
export function evaluateReference(source: ProgramSource, inputs: Readonly<Record<string, TensorLike>>, options?: EvaluateOptions): Record<string, NdArray> {
  const { limits } = checkOptionsObject<EvaluateOptions>('evaluate', options, ['limits']);
  const checked = mergeLimits(limits);
  const built = buildProgram(toProgram(source));
  return wrap(evaluateProgramReference(built, readNamed(inputs, built.network.inputs.keys(), built.where), checked));
}

/** One ndarray per definition, copied (a definition may be an input itself: C[i,j] = A[i,j]). */
function wrap(results: ReadonlyMap<string, DenseArray>): Record<string, NdArray> {
  const out: Record<string, NdArray> = Object.create(null);
  for (const [name, r] of results)
    Object.defineProperty(out, name, {
      value: denseNdarray(Float64Array.from(r.data), r.shape), enumerable: true, writable: true, configurable: true,
    });
  return out;
}
