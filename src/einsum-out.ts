import { fail } from '../compiler/diagnostics/pipeline-errors.js';
import type { Where } from '../compiler/diagnostics/span.js';
import { rowMajorStrides } from '../compiler/driver/index.js';
import type { DenseArray, DType, StridedArray } from '../runtime/strided-array.js';
import { describe } from './arguments.js';

/**
 * einsum's `out`: the caller's ndarray the result is written into (numpy's `out=`), saving the
 * allocation and first touch of a fresh result. It must have the result's shape and dtype, be a
 * contiguous row-major view inside its buffer (any offset; a size-1 axis may have any stride) and
 * share no byte with an operand: numpy allows some aliasing, but a kernel reading an operand after
 * writing over it gives a plausible wrong answer, so any overlap of their spans is refused.
 * Returns the dense view (offset 0) the kernels write. Errors point at the output term.
 */
export function checkOut(out: unknown, shape: readonly number[], dtype: DType, operands: readonly StridedArray[], subscripts: string): DenseArray {
  const arrow = subscripts.indexOf('->') + 2;
  const where: Where = { source: subscripts, span: { start: arrow > 1 && arrow < subscripts.length ? arrow : 0, end: subscripts.length } };
  const { data, shape: given, stride, offset } = (out ?? {}) as StridedArray;
  if (!Array.isArray(given) || !Array.isArray(stride) || !ArrayBuffer.isView(data)) return fail('einsum_out_type', where, describe(out));
  if (`${given}` !== `${shape}`) fail('einsum_out_shape', where, shape, given);
  if (data.constructor !== (dtype === 'float32' ? Float32Array : Float64Array)) fail('einsum_out_dtype', where, dtype, data.constructor.name);
  const rowMajor = rowMajorStrides(shape);
  const n = shape.reduce((p, s) => p * s, 1);
  const view = (data as Float64Array).subarray(offset, offset + n);
  if (n > 0 && (view.length < n || !Number.isInteger(offset) || offset < 0 || shape.some((s, d) => s > 1 && stride[d] !== rowMajor[d])))
    fail('einsum_out_layout', where, stride, offset, (data as Float64Array).length, rowMajor);
  const ours = view.byteOffset;
  operands.forEach(({ data: theirs, shape: sizes, stride: steps, offset: at }, k) => {
    // the operand's reachable elements from `low` to `high` (none for an empty one)
    let low = at, high = at;
    sizes.forEach((s, d) => { const reach = (s - 1) * steps[d]!; if (reach < 0) low += reach; else high += reach; });
    const width = (theirs as Float64Array).BYTES_PER_ELEMENT;
    const span = [(theirs as Float64Array).byteOffset + low * width, (theirs as Float64Array).byteOffset + high * width + width - 1];
    if ((theirs as Float64Array).buffer === view.buffer && n > 0 && !sizes.includes(0) && span[0]! < ours + view.byteLength && ours <= span[1]!)
      fail('einsum_out_overlap', where, k, [ours, ours + view.byteLength - 1], span);
  });
  return { data: view, shape, stride: rowMajor, offset: 0 };
}

/**
 * compileEinsum's `run(...operands, { out })`: a trailing plain object without a `shape` (never an
 * operand) is the run options, whose one key is `out`.
 */
export function splitRunOptions(args: readonly unknown[]): { readonly operands: readonly unknown[]; readonly out: unknown } {
  const last = args[args.length - 1];
  if (!isPlainObject(last) || 'shape' in last) return { operands: args, out: undefined };
  for (const key of Object.keys(last)) if (key !== 'out') fail('einsum_option_unknown', undefined, key, ['out']);
  return { operands: args.slice(0, -1), out: last['out'] };
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}
