import { fail } from '../compiler/diagnostics/pipeline-errors.js';
import { span, type Where } from '../compiler/diagnostics/span.js';
import { rowMajorStrides } from '../compiler/driver/index.js';
import type { DenseArray, DType, FloatData, StridedArray } from '../runtime/strided-array.js';
import { describe } from './arguments.js';

/**
 * einsum's `out`: the caller's ndarray the result is written into (numpy's `out=`), saving the
 * allocation and first touch of a fresh result. It must have the result's shape and dtype, be a
 * contiguous row-major view (any offset; a size-1 axis may have any stride) and share no byte with
 * an operand: numpy allows some aliasing, but a kernel that reads an operand after writing the
 * output over it gives a plausible wrong answer, so any overlap of their spans is refused.
 * Returns the dense view the kernels write (offset 0).
 */
export function checkOut(out: unknown, shape: readonly number[], dtype: DType, operands: readonly StridedArray[], where: Where): DenseArray {
  if (!isStrided(out)) return fail('einsum_out_type', where, describe(out));
  const { data, stride, offset } = out;
  if (!sameShape(out.shape, shape)) fail('einsum_out_shape', where, shape, [...out.shape]);
  if (!(dtype === 'float32' ? data instanceof Float32Array : data instanceof Float64Array))
    fail('einsum_out_dtype', where, dtype, typeof data === 'object' && data !== null ? `a ${data.constructor.name}` : describe(data));
  const rowMajor = rowMajorStrides(shape);
  let n = 1;
  for (const size of shape) n *= size;
  const f = data as FloatData;
  if (n > 0 && !(Number.isInteger(offset) && offset >= 0 && offset + n <= f.length && shape.every((size, d) => size <= 1 || stride[d] === rowMajor[d])))
    fail('einsum_out_layout', where, [...stride], offset, f.length, rowMajor);
  const view = n === 0 ? f.subarray(0, 0) : offset === 0 && f.length === n ? f : f.subarray(offset, offset + n);
  if (n > 0) for (let k = 0; k < operands.length; k++) disjoint(view, operands[k]!, k, where);
  return { data: view, shape, stride: rowMajor, offset: 0 };
}

/** Where an `out` error points: the output term after '->', else the whole subscripts. */
export function outWhere(subscripts: string): Where {
  const arrow = subscripts.indexOf('->');
  return { source: subscripts, span: arrow >= 0 && arrow + 2 < subscripts.length ? span(arrow + 2, subscripts.length) : span(0, subscripts.length) };
}

/** Refuses an operand whose reachable bytes meet `view`'s. */
function disjoint(view: FloatData, a: StridedArray, k: number, where: Where): void {
  const data = a.data;
  if (!ArrayBuffer.isView(data) || data.buffer !== view.buffer) return;
  let low = a.offset, high = a.offset;
  for (let d = 0; d < a.shape.length; d++) {
    if (a.shape[d] === 0) return;
    const reach = (a.shape[d]! - 1) * a.stride[d]!;
    if (reach < 0) low += reach; else high += reach;
  }
  const width = (data as unknown as FloatData).BYTES_PER_ELEMENT;
  const theirs = [data.byteOffset + low * width, data.byteOffset + (high + 1) * width - 1];
  const ours = [view.byteOffset, view.byteOffset + view.byteLength - 1];
  if (theirs[0]! <= ours[1]! && ours[0]! <= theirs[1]!) fail('einsum_out_overlap', where, k, ours, theirs);
}

function isStrided(x: unknown): x is { readonly data: unknown; readonly shape: readonly number[]; readonly stride: readonly number[]; readonly offset: number } {
  if (typeof x !== 'object' || x === null || !('data' in x) || !('offset' in x)) return false;
  const { shape, stride } = x as { shape?: unknown; stride?: unknown };
  return Array.isArray(shape) && Array.isArray(stride) && shape.length === stride.length;
}

function sameShape(x: readonly number[], y: readonly number[]): boolean {
  return x.length === y.length && x.every((n, d) => n === y[d]);
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
