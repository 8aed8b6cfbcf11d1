import { fail } from '../diagnostics/ricci-error.js';
import { reduceAlong } from '../../runtime/reductions.js';
import { allocate, elementCount, toDense, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';
import { bindSizes, resolveSize, type SizeBinding } from './bind-sizes.js';
import { applyElementwise } from './elementwise.js';
import { determinant, inverse, logAbsDeterminant } from './matrix-functions.js';
import { elementwiseLabel, topologicalOrder, type AddNode, type ElementwiseFn, type ContractNode, type IndexName, type InputNode, type MapNode, type MatFnNode, type Node } from './network.js';
import { assertNever } from '../diagnostics/assert-never.js';
import type { Where } from '../diagnostics/span.js';

/**
 * The reference evaluator: the living definition of the IR and the oracle every later stage is
 * compared with. Deliberately plain — one odometer loop per node over every index it binds,
 * reading inputs through their strides, never materialising more than each node's own output.
 *   Contract: out[o] = Σ_{summed} Π_f f[indices_f]
 */
export function evaluateNetwork(roots: readonly Node[], inputs: Readonly<Record<string, StridedArray>>, sizes?: SizeBinding,
  written?: WrittenCall): DenseArray[] {
  const order = topologicalOrder(roots);
  // a part of a program may use a size (1/sqrt(E)) no input under it binds: the caller's binding has it
  const binding = sizes ?? bindSizes(order.filter((n): n is InputNode => n.kind === 'input'), inputs);
  const values = new Map<number, StridedArray>();
  const valueOf = (n: Node): StridedArray => values.get(n.id)!;
  for (const node of order) values.set(node.id, evaluateNode(node, valueOf, inputs, binding, written));
  return roots.map((r) => densify(valueOf(r)));
}

/** The reference value of one node (see evaluateNetwork). */
export function evaluateOne(root: Node, inputs: Readonly<Record<string, StridedArray>>): DenseArray {
  return evaluateNetwork([root], inputs)[0]!;
}

type ValueOf = (n: Node) => StridedArray;

/** Where a Map's function was written in the program (ProgramNetwork.functionCalls), for the caret of non_finite_result. */
export type WrittenCall = (n: MapNode) => Where | undefined;

function evaluateNode(node: Node, valueOf: ValueOf, inputs: Readonly<Record<string, StridedArray>>, binding: SizeBinding,
  written: WrittenCall | undefined): StridedArray {
  switch (node.kind) {
    case 'input':
      return inputs[node.name]!;
    case 'const': {
      const out = allocate([]);
      out.data[0] = node.value;
      return out;
    }
    case 'delta': {
      const n = resolveSize(node.shape[0]!, binding);
      const out = allocate([n, n]);
      for (let k = 0; k < n; k++) out.data[k * n + k] = 1;
      return out;
    }
    case 'contract':
      return evaluateContract(node, valueOf, binding);
    case 'add':
      return evaluateAdd(node, valueOf, binding);
    case 'map':
      return evaluateMap(node, valueOf(node.arg), written);
    case 'matfn':
      return evaluateMatFn(node, densify(valueOf(node.arg)));
    case 'reduce':
      return reduceAlong(node.op, valueOf(node.arg), node.axes); // max shift for logsumexp: runtime/reductions.ts
    default:
      return assertNever(node);
  }
}

/** A loop over named indices; each operand advances by the strides of the axes bound to a name. */
interface Odometer {
  readonly sizes: number[];
  /** steps[operand][k]: how far operand's pointer moves when index k advances by one. */
  readonly steps: number[][];
}

function odometer(names: readonly IndexName[], sizeOf: (n: IndexName) => number,
  operands: readonly { readonly indices: readonly IndexName[]; readonly stride: readonly number[] }[]): Odometer {
  return {
    sizes: names.map(sizeOf),
    steps: operands.map((o) => names.map((name) => o.indices.reduce((s, i, axis) => (i === name ? s + o.stride[axis]! : s), 0))),
  };
}

/** Calls visit(pointers) for every index assignment, last index fastest. */
function runOdometer(od: Odometer, start: number[], visit: (ptr: number[]) => void): void {
  const k0 = od.sizes.length;
  if (od.sizes.some((s) => s === 0)) return;
  const ptr = [...start];
  const idx = new Array<number>(k0).fill(0);
  for (;;) {
    visit(ptr);
    let k = k0 - 1;
    for (; k >= 0; k--) {
      idx[k]!++;
      for (let o = 0; o < ptr.length; o++) ptr[o]! += od.steps[o]![k]!;
      if (idx[k]! < od.sizes[k]!) break;
      for (let o = 0; o < ptr.length; o++) ptr[o]! -= od.steps[o]![k]! * od.sizes[k]!;
      idx[k] = 0;
    }
    if (k < 0) return;
  }
}

function evaluateContract(node: ContractNode, valueOf: ValueOf, binding: SizeBinding): StridedArray {
  const sizes = new Map<IndexName, number>();
  node.factors.forEach((f) => f.indices.forEach((name, axis) => sizes.set(name, valueOf(f.node).shape[axis]!)));
  const summed = [...sizes.keys()].filter((n) => !node.out.includes(n));
  const names = [...node.out, ...summed];
  const out = allocate(node.shape.map((s) => resolveSize(s, binding)));
  const factors = node.factors.map((f) => ({ indices: f.indices, value: valueOf(f.node) }));
  const operands = [
    { indices: node.out, stride: out.stride },
    ...factors.map((f) => ({ indices: f.indices, stride: f.value.stride })),
  ];
  const od = odometer(names, (n) => sizes.get(n)!, operands);
  const data = factors.map((f) => f.value.data);
  runOdometer(od, [0, ...factors.map((f) => f.value.offset)], (ptr) => {
    let product = 1;
    for (let f = 0; f < data.length; f++) product *= data[f]![ptr[f + 1]!]!;
    out.data[ptr[0]!]! += product;
  });
  return out;
}

function evaluateAdd(node: AddNode, valueOf: ValueOf, binding: SizeBinding): StridedArray {
  const out = allocate(node.shape.map((s) => resolveSize(s, binding)));
  const sizeOf = (name: IndexName): number => out.shape[node.out.indexOf(name)]!;
  for (const term of node.terms) {
    const value = valueOf(term.node);
    const od = odometer(node.out, sizeOf, [{ indices: node.out, stride: out.stride }, { indices: term.indices, stride: value.stride }]);
    runOdometer(od, [0, value.offset], (ptr) => {
      out.data[ptr[0]!]! += term.coefficient * value.data[ptr[1]!]!;
    });
  }
  return out;
}

/** Elementwise maps report a non-finite result from a finite argument: never a silent NaN. */
function evaluateMap(node: MapNode, arg: StridedArray, written: WrittenCall | undefined): StridedArray {
  const dense = densify(arg);
  const out = allocate(dense.shape);
  const f = applyElementwise(node.fn);
  for (let k = 0; k < out.data.length; k++) {
    const x = dense.data[k]!;
    const y = f(x);
    if (!Number.isFinite(y) && Number.isFinite(x))
      fail('non_finite_result', written?.(node), applicationText(node.fn, x), `got ${y} at flat position ${k}`);
    out.data[k] = y;
  }
  return out;
}

/** f(x) as arithmetic reads it: sqrt(-2), 0^(-1), (-4)^0.5 (not pow-1(0)). */
function applicationText(fn: ElementwiseFn, x: number): string {
  if (fn.name !== 'pow') return `${elementwiseLabel(fn)}(${x})`;
  const base = x < 0 || Object.is(x, -0) ? `(${x})` : String(x);
  return `${base}^${fn.exponent < 0 ? `(${fn.exponent})` : fn.exponent}`;
}

function evaluateMatFn(node: MatFnNode, arg: DenseArray): StridedArray {
  const n = arg.shape[0]!;
  const a = Float64Array.from(arg.data);
  switch (node.fn) {
    case 'inv': {
      const x = inverse(a, n);
      if (!x) return fail('singular_matrix', undefined, 'inv', n);
      return { data: x, shape: [n, n], stride: [n, 1], offset: 0 };
    }
    case 'det':
      return scalar(determinant(a, n));
    case 'logdet': {
      const v = logAbsDeterminant(a, n);
      if (v === undefined) return fail('singular_matrix', undefined, 'logdet', n);
      return scalar(v);
    }
    default:
      return assertNever(node.fn);
  }
}

function scalar(v: number): DenseArray {
  const out = allocate([]);
  out.data[0] = v;
  return out;
}

/** `a` itself when it is already a dense row-major Float64 array, else a dense copy. */
function densify(a: StridedArray): DenseArray {
  const isDense = a.data instanceof Float64Array && a.offset === 0 &&
    a.stride.every((s, k) => s === elementCount(a.shape.slice(k + 1)));
  if (isDense && a.data.length === elementCount(a.shape)) return a as DenseArray;
  return toDense(a);
}
