import ndarray from 'ndarray';
import { toDense } from '../../runtime/strided-array.js';

/** How test/fixtures/einsum.py describes an operand (see its docstring). */
export interface OperandFixture {
  readonly shape: readonly number[];
  readonly fill: { readonly kind: 'lcg'; readonly seed: number } | { readonly kind: 'arange'; readonly start: number };
  readonly view: readonly Readonly<Record<string, readonly number[]>>[];
  readonly as: 'ndarray' | 'nested' | 'number' | 'typed' | 'int32' | 'array-data';
}

export interface CaseFixture {
  readonly group: string;
  readonly subscripts: string;
  readonly operands: readonly OperandFixture[];
  readonly expected: { readonly shape: readonly number[]; readonly data: readonly number[] };
}

export interface ErrorFixture {
  readonly group: string;
  readonly subscripts: string;
  readonly operands: readonly OperandFixture[];
  readonly code: string;
  readonly numpyError: string;
}

/** The generator's LCG: x ← (75·x + 74) mod 65537, value = (x mod 17 − 8) / 8 (exact in doubles). */
function lcgValues(count: number, seed: number): Float64Array {
  let x = (seed * 7919 + 1) % 65537;
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    x = (75 * x + 74) % 65537;
    out[k] = ((x % 17) - 8) / 8;
  }
  return out;
}

function baseArray(f: OperandFixture): ndarray.NdArray<Float64Array> {
  const count = f.shape.reduce((p, n) => p * n, 1);
  const fill = f.fill;
  const data = fill.kind === 'lcg' ? lcgValues(count, fill.seed) : Float64Array.from({ length: count }, (_, k) => k + fill.start);
  return ndarray(data, [...f.shape]);
}

/** numpy.broadcast_to as a view: new leading axes and stretched size-1 axes get stride 0. */
function broadcastTo(a: ndarray.NdArray<Float64Array>, shape: readonly number[]): ndarray.NdArray<Float64Array> {
  const lead = shape.length - a.shape.length;
  const stride = shape.map((n, k) => (k < lead || a.shape[k - lead] === 1 ? 0 : a.stride[k - lead]!));
  return ndarray(a.data, [...shape], stride, a.offset);
}

function applyView(a: ndarray.NdArray<Float64Array>, op: Readonly<Record<string, readonly number[]>>): ndarray.NdArray<Float64Array> {
  const [name, args] = Object.entries(op)[0]!;
  switch (name) {
    case 'transpose': return a.transpose(...args);
    case 'lo': return a.lo(...args);
    case 'hi': return a.hi(...args);
    case 'step': return a.step(...args);
    case 'broadcast': return broadcastTo(a, args);
    default: throw new Error(`unknown view op ${name}`);
  }
}

function toNested(data: ArrayLike<number>, shape: readonly number[], at = 0): unknown {
  if (shape.length === 0) return data[at];
  const inner = shape.slice(1).reduce((p, n) => p * n, 1);
  return Array.from({ length: shape[0]! }, (_, k) => toNested(data, shape.slice(1), at + k * inner));
}

/** Rebuilds the operand exactly as the generator did, in the requested JavaScript form. */
export function buildOperand(f: OperandFixture): unknown {
  const a = f.view.reduce(applyView, baseArray(f));
  switch (f.as) {
    case 'ndarray': return a;
    case 'number': return a.data[a.offset]!;
    case 'nested': return toNested(toDense(a).data, a.shape);
    case 'typed': return Float64Array.from(toDense(a).data);
    case 'int32': return Int32Array.from(toDense(a).data);
    case 'array-data': return ndarray(Array.from(a.data), a.shape, a.stride, a.offset);
    default: throw new Error(`unknown operand form ${String(f.as)}`);
  }
}
