import { assertNever } from '../compiler/diagnostics/assert-never.js';
import { fail } from '../compiler/diagnostics/pipeline-errors.js';
import { RicciError } from '../compiler/diagnostics/ricci-error.js';
import type { Where } from '../compiler/diagnostics/span.js';
import { rowMajorStrides } from '../compiler/driver/index.js';
import type { StridedArray } from '../runtime/strided-array.js';
import { describe } from './arguments.js';

export { describe };

/**
 * Numbers nested to any depth, rectangular: [[1, 2], [3, 4]].
 * @example
 * import { einsum, type NestedNumbers } from 'ricci';
 * const M: NestedNumbers = [[1, 2], [3, 4]];
 * einsum('ij->', M).get(); // → 10
 */
export type NestedNumbers = number | readonly NestedNumbers[];

/** Typed arrays of numbers (BigInt arrays are not numbers). */
export type NumericTypedArray =
  | Float64Array | Float32Array | Int32Array | Int16Array | Int8Array
  | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray;

/**
 * Anything einsum accepts as an operand; a scijs ndarray is a StridedArray (same four fields).
 * @example
 * import ndarray from 'ndarray';
 * import { einsum, type TensorLike } from 'ricci';
 * const operands: TensorLike[] = [ndarray(new Float64Array([1, 2, 3, 4]), [2, 2]), [[1], [1]], 2];
 * einsum('ij,jk,->ik', ...operands).data; // → [6, 14]
 */
export type TensorLike = StridedArray | NestedNumbers | NumericTypedArray;

/**
 * What is wrong with a value that should be a tensor, as data: einsum reports it under the
 * operand's number, a Ricci program under the input's name (never by re-reading message text).
 */
export type TensorProblem =
  | { readonly kind: 'type'; readonly got: string }
  | { readonly kind: 'too_deep'; readonly limit: number }
  | { readonly kind: 'ragged'; readonly path: string; readonly found: string; readonly expected: string }
  | { readonly kind: 'not_numeric'; readonly path: string; readonly got: string }
  | { readonly kind: 'malformed'; readonly detail: string };

type Report = (problem: TensorProblem) => never;

/** Where a nested array's packed copy goes (einsum passes its slab: small copies then cost no allocation of their own). */
export type Fresh = (length: number) => Float64Array;

const allocateFresh: Fresh = (length) => new Float64Array(length);

/**
 * Reads an operand without copying when it already is strided data (ndarray, typed array);
 * nested arrays are validated and packed row-major. `where` points at the operand's term.
 */
export function toStridedArray(value: unknown, operand: number, where?: Where, fresh?: Fresh): StridedArray {
  return readTensor(value, (p) => reportOperand(p, operand, where), fresh);
}

/**
 * Reads a named input of a Ricci program (evaluate, a Derivative's evaluate/check): the same
 * checks as an einsum operand, reported as invalid_input under the input's name.
 */
export function toNamedInput(name: string, value: unknown, where?: Where): StridedArray {
  return readTensor(value, (p) => fail('invalid_input', where, name, problemText(p)));
}

function reportOperand(p: TensorProblem, operand: number, where: Where | undefined): never {
  switch (p.kind) {
    case 'type': return fail('einsum_operand_type', where, operand, p.got);
    case 'too_deep': return fail('einsum_operand_too_deep', where, operand, p.limit);
    case 'ragged': return fail('einsum_operand_ragged', where, operand, p.path, p.found, p.expected);
    case 'not_numeric': return fail('einsum_operand_not_numeric', where, operand, p.path, p.got);
    case 'malformed': return fail('einsum_operand_malformed', where, operand, p.detail);
    default: return assertNever(p);
  }
}

/** The problem as the rest of a sentence about the input ("Input 'x' …"). */
function problemText(p: TensorProblem): string {
  switch (p.kind) {
    case 'type': return `is ${p.got}; expected an ndarray, a (nested) array of numbers, a typed array or a number`;
    case 'too_deep': return `is an array nested more than ${p.limit} levels deep (or contains itself)`;
    case 'ragged': return `is a ragged nested array: ${p.path} is ${p.found} where ${p.expected} was expected`;
    case 'not_numeric': return `holds ${p.got} at ${p.path}; every element must be a number`;
    case 'malformed': return `is not a valid ndarray: ${p.detail}`;
    default: return assertNever(p);
  }
}

/**
 * Reads a value once into owned memory before checking it, so a getter or Proxy cannot change it
 * between the check and the use; an exception a user getter throws becomes the RicciError's cause.
 */
function readTensor(value: unknown, report: Report, fresh: Fresh = allocateFresh): StridedArray {
  try {
    return readOwned(value, report, fresh);
  } catch (e) {
    if (e instanceof RicciError) throw e;
    try {
      return report({ kind: 'type', got: `a value whose reading threw ${describe(e instanceof Error ? e.message : e)}` });
    } catch (coded) {
      if (coded instanceof RicciError) Object.defineProperty(coded, 'cause', { value: e, enumerable: false });
      throw coded;
    }
  }
}

function readOwned(value: unknown, report: Report, fresh: Fresh): StridedArray {
  if (typeof value === 'number') return { data: Float64Array.of(value), shape: [], stride: [], offset: 0 };
  if (Array.isArray(value)) return fromNested(value, report, fresh);
  if (ArrayBuffer.isView(value)) return fromTypedArray(value, report);
  if (isStridedShaped(value)) return checkStrided(value, report);
  return report({ kind: 'type', got: describe(value) });
}

function fromTypedArray(value: ArrayBufferView, report: Report): StridedArray {
  if (!isNumericArray(value)) return report({ kind: 'type', got: `a ${value.constructor.name}` });
  return { data: value, shape: [value.length], stride: [1], offset: 0 };
}

function isNumericArray(data: unknown): data is ArrayLike<number> {
  return data instanceof Float64Array || data instanceof Float32Array || Array.isArray(data) || (ArrayBuffer.isView(data) && !(data instanceof DataView) &&
    !(data instanceof BigInt64Array) && !(data instanceof BigUint64Array));
}

/** numpy's limit on the number of dimensions; also stops self-containing arrays. */
const MAX_RANK = 64;

/** The shape is read along the first elements; every other element is then checked against it. */
function fromNested(value: readonly unknown[], report: Report, fresh: Fresh): StridedArray {
  const shape: number[] = [];
  for (let cur: unknown = value; Array.isArray(cur); cur = cur[0]) {
    if (shape.length === MAX_RANK) report({ kind: 'too_deep', limit: MAX_RANK });
    shape.push(cur.length);
  }
  let count = 1;
  for (const n of shape) count *= n;
  const data = fresh(count);
  // plain functions, the multi-index kept in place (the error path reads it): nested operands are read on every call
  packNested(value, 0, { shape, data, index: new Array<number>(shape.length).fill(0), report }, 0);
  return { data, shape, stride: rowMajorStrides(shape), offset: 0 };
}

interface Packing {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  /** The position being read, at depths below the current one. */
  readonly index: number[];
  readonly report: Report;
}

/** Checks `x`, the subarray at `depth`, against the shape and writes its numbers from `next`; returns the next position. */
function packNested(x: unknown, depth: number, p: Packing, next: number): number {
  const { shape, data, index, report } = p;
  const expected = shape[depth]!;
  if (!Array.isArray(x)) return report({ kind: 'ragged', path: pathTo(index, depth), found: describe(x), expected: `an array of length ${expected}` });
  if (x.length !== expected) report({ kind: 'ragged', path: pathTo(index, depth), found: `an array of length ${x.length}`, expected: `an array of length ${expected}` });
  if (depth + 1 < shape.length) {
    for (let k = 0; k < x.length; k++) { index[depth] = k; next = packNested(x[k], depth + 1, p, next); }
    return next;
  }
  for (let k = 0; k < x.length; k++) {
    const v: unknown = x[k];
    if (typeof v !== 'number') {
      index[depth] = k;
      if (Array.isArray(v)) report({ kind: 'ragged', path: pathTo(index, depth + 1), found: `an array of length ${v.length}`, expected: 'a number' });
      report({ kind: 'not_numeric', path: pathTo(index, depth + 1), got: describe(v) });
    }
    data[next++] = v as number;
  }
  return next;
}

/** "element [1][0]": the first `depth` entries of the multi-index. */
function pathTo(index: readonly number[], depth: number): string {
  return `element ${index.slice(0, depth).map((k) => `[${k}]`).join('')}`;
}

type StridedShaped = { readonly data: unknown; readonly shape: unknown; readonly stride: unknown; readonly offset: unknown };

function isStridedShaped(value: unknown): value is StridedShaped {
  return typeof value === 'object' && value !== null && 'data' in value && 'shape' in value && 'stride' in value && 'offset' in value;
}

/** An ndarray must stay inside its buffer on every reachable element: no silent undefined → NaN. */
function checkStrided(value: StridedShaped, report: Report): StridedArray {
  // a plain function, not a closure: this runs on every call with an ndarray operand
  const bad = malformed;
  const { data: given, shape: givenShape, stride: givenStride, offset } = value;
  const shape = Array.isArray(givenShape) ? Array.from(givenShape as unknown[]) : givenShape;
  const stride = Array.isArray(givenStride) ? Array.from(givenStride as unknown[]) : givenStride;
  const data = Array.isArray(given) ? Array.from(given as unknown[]) : given;
  if (!isIntegerList(shape) || !nonNegative(shape)) return bad(report, `shape ${show(shape)} is not a list of non-negative integers`);
  if (!isIntegerList(stride) || stride.length !== shape.length) return bad(report, `stride ${show(stride)} does not match shape ${show(shape)}`);
  if (!Number.isInteger(offset)) return bad(report, `offset ${show(offset)} is not an integer`);
  if (!isNumericArray(data)) return bad(report, `its data is ${describe(data)}, not an array or a numeric typed array`);
  const start = offset as number;
  // plain loops (no closures): this runs for every ndarray operand of every call
  let low = start, high = start, empty = false;
  for (let k = 0; k < shape.length; k++) {
    const reach = (shape[k]! - 1) * stride[k]!;
    if (shape[k] === 0) empty = true;
    else if (reach < 0) low += reach;
    else high += reach;
  }
  if (!empty && (low < 0 || high >= data.length)) return bad(report, `it reaches positions ${low}..${high} of a buffer of length ${data.length}`);
  if (Array.isArray(data)) {
    const k = data.findIndex((x) => typeof x !== 'number');
    if (k >= 0) report({ kind: 'not_numeric', path: `data[${k}]`, got: describe(data[k]) });
    return { data: Float64Array.from(data as number[]), shape, stride, offset: start };
  }
  return { data, shape, stride, offset: start };
}

function malformed(report: Report, detail: string): never {
  return report({ kind: 'malformed', detail });
}

function isIntegerList(x: unknown): x is number[] {
  if (!Array.isArray(x)) return false;
  for (let k = 0; k < x.length; k++) if (!Number.isInteger(x[k])) return false;
  return true;
}

function nonNegative(list: readonly number[]): boolean {
  for (let k = 0; k < list.length; k++) if (list[k]! < 0) return false;
  return true;
}

function show(x: unknown): string {
  return Array.isArray(x) ? `[${x.map(String).join(', ')}]` : String(x);
}

