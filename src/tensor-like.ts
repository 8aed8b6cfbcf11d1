import { fail, isRicciError } from '../compiler/diagnostics/ricci-error.js';
import type { Where } from '../compiler/diagnostics/span.js';
import { rowMajorStrides, type StridedArray } from '../runtime/strided-array.js';

/** Numbers nested to any depth, rectangular: [[1, 2], [3, 4]]. */
export type NestedNumbers = number | readonly NestedNumbers[];

/** Typed arrays of numbers (BigInt arrays are not numbers). */
export type NumericTypedArray =
  | Float64Array | Float32Array | Int32Array | Int16Array | Int8Array
  | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray;

/** Anything einsum accepts as an operand; a scijs ndarray is a StridedArray (same four fields). */
export type TensorLike = StridedArray | NestedNumbers | NumericTypedArray;

/**
 * Reads an operand without copying when it already is strided data (ndarray, typed array);
 * nested arrays are validated and packed row-major. `where` points at the operand's term.
 */
export function toStridedArray(value: unknown, operand: number, where?: Where): StridedArray {
  if (typeof value === 'number') return { data: Float64Array.of(value), shape: [], stride: [], offset: 0 };
  if (Array.isArray(value)) return fromNested(value, operand, where);
  if (ArrayBuffer.isView(value)) return fromTypedArray(value, operand, where);
  if (isStridedShaped(value)) return checkStrided(value, operand, where);
  return fail('einsum_operand_type', where, operand, describe(value));
}

function fromTypedArray(value: ArrayBufferView, operand: number, where: Where | undefined): StridedArray {
  if (!isNumericArray(value)) return fail('einsum_operand_type', where, operand, `a ${value.constructor.name}`);
  return { data: value, shape: [value.length], stride: [1], offset: 0 };
}

function isNumericArray(data: unknown): data is ArrayLike<number> {
  return Array.isArray(data) || (ArrayBuffer.isView(data) && !(data instanceof DataView) &&
    !(data instanceof BigInt64Array) && !(data instanceof BigUint64Array));
}

/** numpy's limit on the number of dimensions; also stops self-containing arrays. */
const MAX_RANK = 64;

/** The shape is read along the first elements; every other element is then checked against it. */
function fromNested(value: readonly unknown[], operand: number, where: Where | undefined): StridedArray {
  const shape: number[] = [];
  for (let cur: unknown = value; Array.isArray(cur); cur = cur[0]) {
    if (shape.length === MAX_RANK) fail('einsum_operand_too_deep', where, operand, MAX_RANK);
    shape.push(cur.length);
  }
  const data = new Float64Array(shape.reduce((p, n) => p * n, 1));
  const index: number[] = [];
  const path = (): string => `element ${index.map((k) => `[${k}]`).join('')}`;
  let next = 0;
  const visit = (x: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(x)) fail('einsum_operand_ragged', where, operand, path(), `an array of length ${x.length}`, 'a number');
      if (typeof x !== 'number') fail('einsum_operand_not_numeric', where, operand, path(), describe(x));
      data[next++] = x;
      return;
    }
    const expected = `an array of length ${shape[depth]}`;
    if (!Array.isArray(x)) return fail('einsum_operand_ragged', where, operand, path(), describe(x), expected);
    if (x.length !== shape[depth]) fail('einsum_operand_ragged', where, operand, path(), `an array of length ${x.length}`, expected);
    for (let k = 0; k < x.length; k++) {
      index.push(k);
      visit(x[k], depth + 1);
      index.pop();
    }
  };
  visit(value, 0);
  return { data, shape, stride: rowMajorStrides(shape), offset: 0 };
}

type StridedShaped = { readonly data: unknown; readonly shape: unknown; readonly stride: unknown; readonly offset: unknown };

function isStridedShaped(value: unknown): value is StridedShaped {
  return typeof value === 'object' && value !== null && 'data' in value && 'shape' in value && 'stride' in value && 'offset' in value;
}

/** An ndarray must stay inside its buffer on every reachable element: no silent undefined → NaN. */
function checkStrided(value: StridedShaped, operand: number, where: Where | undefined): StridedArray {
  const bad = (detail: string): never => fail('einsum_operand_malformed', where, operand, detail);
  const { data, shape, stride, offset } = value;
  if (!isIntegerList(shape) || shape.some((n) => n < 0)) return bad(`shape ${show(shape)} is not a list of non-negative integers`);
  if (!isIntegerList(stride) || stride.length !== shape.length) return bad(`stride ${show(stride)} does not match shape ${show(shape)}`);
  if (!Number.isInteger(offset)) return bad(`offset ${show(offset)} is not an integer`);
  if (!isNumericArray(data)) return bad(`its data is ${describe(data)}, not an array or a numeric typed array`);
  const start = offset as number;
  if (shape.every((n) => n > 0)) {
    const low = start + shape.reduce((s, n, k) => s + Math.min(0, (n - 1) * stride[k]!), 0);
    const high = start + shape.reduce((s, n, k) => s + Math.max(0, (n - 1) * stride[k]!), 0);
    if (low < 0 || high >= data.length) return bad(`it reaches positions ${low}..${high} of a buffer of length ${data.length}`);
  }
  if (Array.isArray(data)) {
    const k = data.findIndex((x) => typeof x !== 'number');
    if (k >= 0) fail('einsum_operand_not_numeric', where, operand, `data[${k}]`, describe(data[k]));
  }
  return { data, shape, stride, offset: start };
}

function isIntegerList(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((n) => Number.isInteger(n));
}

function show(x: unknown): string {
  return Array.isArray(x) ? `[${x.map(String).join(', ')}]` : String(x);
}

/** A short description of a value for messages, never echoing long user text. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'string') return `a string ${JSON.stringify(x.length > 20 ? `${x.slice(0, 20)}…` : x)}`;
  if (typeof x === 'boolean' || typeof x === 'bigint') return `a ${typeof x} (${String(x)})`;
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'symbol') return 'a symbol';
  if (typeof x === 'number') return `the number ${x}`;
  return Array.isArray(x) ? `an array of length ${x.length}` : 'an object';
}

/**
 * Reads a named input of a Ricci program (evaluate, Derivative.evaluate/check): the same checks as
 * an einsum operand, reported as invalid_input under the input's name instead of "Operand 0".
 */
export function toNamedInput(name: string, value: unknown, where?: Where): StridedArray {
  try {
    return toStridedArray(value, 0);
  } catch (e) {
    if (!isRicciError(e)) throw e;
    const detail = e.message.slice(e.code.length + 2).split('\n')[0]!.replace(/^Operand 0 /, '');
    return fail('invalid_input', where, name, detail);
  }
}
