import type ndarray from 'ndarray';
import { checkOperandCount, resolveParsed } from '../compiler/2-network/resolve-einsum.js';
import type { EinsumSpec } from '../compiler/2-network/einsum-spec.js';
import { parseEinsum } from '../compiler/1-parse/einsum-parse.js';
import { fail } from '../compiler/diagnostics/ricci-error.js';
import { toNdarray } from '../runtime/from-ndarray.js';
import { interpretPairwise } from '../runtime/interpret-pair.js';
import type { StridedArray } from '../runtime/strided-array.js';
import { describe, toStridedArray, type TensorLike } from './tensor-like.js';

/** Contraction-path strategies einsum accepts (DESIGN.md §7). */
export const optimizeStrategies = ['auto', 'optimal', 'dp', 'branch', 'greedy', 'random-greedy'] as const;
export type OptimizeStrategy = (typeof optimizeStrategies)[number];

export interface EinsumOptions {
  readonly optimize?: OptimizeStrategy;
}

/**
 * numpy.einsum on ndarrays, nested arrays, typed arrays and numbers; a plain options object may
 * follow the operands. Returns a fresh ndarray over a Float64Array (shape [] for a scalar).
 *   einsum('ij,jk->ik', A, B)   einsum('ii', M)   einsum('...ij,...jk', X, Y, { optimize: 'greedy' })
 */
export function einsum(subscripts: string, ...args: readonly (TensorLike | EinsumOptions)[]): ndarray.NdArray<Float64Array> {
  if (typeof subscripts !== 'string') fail('einsum_subscripts_type', undefined, describe(subscripts));
  // Options are validated here; `optimize` takes effect once the path engine is behind executeEinsum.
  const { operands } = splitOptions(args);
  const ast = parseEinsum(subscripts);
  checkOperandCount(ast, operands.length);
  const arrays = operands.map((x, k) => toStridedArray(x, k, { source: subscripts, span: ast.inputs[k]!.span }));
  const spec = resolveParsed(ast, arrays.map((a) => a.shape));
  return toNdarray(executeGuarded(spec, arrays));
}

/** A result too large for a typed array surfaces as a coded error, not a bare RangeError. */
function executeGuarded(spec: EinsumSpec, arrays: readonly StridedArray[]): StridedArray<Float64Array> {
  try {
    return executeEinsum(spec, arrays);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const shape = spec.output.map((l) => spec.sizes.get(l)!);
    return fail('einsum_allocation_failed', { source: spec.subscripts, span: { start: 0, end: spec.subscripts.length } },
      shape, shape.reduce((p, n) => p * n, 1));
  }
}

/** The executor behind einsum: swap this for compiled kernels, same contract. */
export function executeEinsum(spec: EinsumSpec, operands: readonly StridedArray[]): StridedArray<Float64Array> {
  return interpretPairwise(operands.map((array, k) => ({ array, labels: spec.inputs[k]! })), spec.output);
}

/** A trailing plain object without a `shape` is the options, not an operand. */
function splitOptions(args: readonly unknown[]): { operands: readonly unknown[]; options: EinsumOptions } {
  const last = args[args.length - 1];
  if (!isPlainObject(last) || 'shape' in last) return { operands: args, options: {} };
  return { operands: args.slice(0, -1), options: checkOptions(last) };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function checkOptions(options: Record<string, unknown>): EinsumOptions {
  for (const key of Object.keys(options)) if (key !== 'optimize') fail('einsum_option_unknown', undefined, key, ['optimize']);
  const optimize = options['optimize'];
  if (optimize === undefined) return {};
  if (!optimizeStrategies.includes(optimize as OptimizeStrategy))
    fail('einsum_optimize_unknown', undefined, typeof optimize === 'string' ? `'${optimize}'` : describe(optimize), optimizeStrategies);
  return { optimize: optimize as OptimizeStrategy };
}
