import { applyElementwise } from './elementwise.js';
import { reduceValues } from './reductions.js';
import type { KernelFunction } from './instantiate-kernel.js';
import type { IrAddress, IrStmt, KernelIr } from './kernel-ir.js';

/** Typed arrays a kernel writes (outputs, intermediates and scratch always are). */
type Writable = { [k: number]: number; fill(value: number, start: number, end: number): unknown };
/** A statement closed over its slot numbers: numbers (pointers, accumulators, loads) and buffers. */
type Exec = (num: Float64Array, data: Writable[]) => void;

interface Slots {
  number(name: string): number;
  buffer(name: string): number;
}

/**
 * A kernel without eval: the loop nest compiled once into closures over numbered slots, doing the
 * same floating-point operations in the same order as the emitted JavaScript (6-emit-js/emit-kernel.ts),
 * so results are identical bit for bit; slower, but it runs under a CSP without 'unsafe-eval'.
 */
export function interpretKernel(ir: KernelIr): KernelFunction {
  const numbers = new Map<string, number>();
  const buffers = new Map(ir.buffers.map((b, k) => [b.name, k]));
  const slots: Slots = {
    number: (name) => numbers.get(name) ?? (numbers.set(name, numbers.size), numbers.size - 1),
    buffer: (name) => buffers.get(name) ?? bad(`unknown buffer ${name} in kernel ${ir.name}`),
  };
  const bases = ir.buffers.map((b) => slots.number(b.base));
  // the emitter's rebase: a commonly based buffer becomes a view from its base, addressed from the root (0)
  const rebased = ir.buffers.map((b) => ir.commonBase?.buffers.includes(b.name) ?? false);
  if (ir.commonBase) slots.number(ir.commonBase.root);
  const body = block(ir.body, slots);
  const size = numbers.size;
  return (...args) => {
    const num = new Float64Array(size);
    const data: Writable[] = new Array(bases.length);
    for (let b = 0; b < bases.length; b++) {
      const base = args[2 * b + 1] as number;
      data[b] = (rebased[b] && base !== 0 ? viewFrom(args[2 * b]!, base) : args[2 * b]) as unknown as Writable;
      num[bases[b]!] = base;
    }
    body(num, data);
  };
}

/** The elements from `start` on: a view of a typed array, a copy of a plain one. */
function viewFrom(data: ArrayLike<number> | number, start: number): ArrayLike<number> {
  const d = data as Float64Array;
  return d.subarray ? d.subarray(start) : [].slice.call(d, start);
}

function block(stmts: readonly IrStmt[], slots: Slots): Exec {
  const parts = stmts.map((s) => statement(s, slots));
  if (parts.length === 1) return parts[0]!;
  return (num, data) => { for (let k = 0; k < parts.length; k++) parts[k]!(num, data); };
}

function statement(s: IrStmt, slots: Slots): Exec {
  switch (s.kind) {
    case 'loop': return loop(s, slots);
    case 'tile': return tile(s, slots);
    case 'multiplyAdd': return multiplyAdd(s, slots);
    case 'copy': {
      const from = address(s.from, slots);
      const to = address(s.to, slots);
      const scale = s.scale;
      if (scale === 1) return (num, data) => { data[to.b]![num[to.p]! + to.o] = data[from.b]![num[from.p]! + from.o]!; };
      return (num, data) => { data[to.b]![num[to.p]! + to.o] = scale * data[from.b]![num[from.p]! + from.o]!; };
    }
    case 'fill': {
      const to = address(s.to, slots);
      const { count, value } = s;
      return (num, data) => { const start = num[to.p]! + to.o; data[to.b]!.fill(value, start, start + count); };
    }
    case 'reduce': return reduce(s, slots);
    default: {
      const unhandled: never = s;
      return bad(`unhandled statement ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Carried pointers start at `from + start` and advance after each pass, as in the emitted loop. */
interface CarriedSlots {
  readonly pointer: number;
  readonly from: number;
  readonly start: number;
  readonly advance: number;
}

function loop(s: Extract<IrStmt, { kind: 'loop' }>, slots: Slots): Exec {
  const carried: CarriedSlots[] = s.carried.map((c) => ({ pointer: slots.number(c.pointer), from: slots.number(c.from), start: c.start, advance: c.advance }));
  const advancing = carried.filter((c) => c.advance !== 0);
  const only = s.body.length === 1 ? s.body[0]! : undefined;
  const { extent, step } = s;
  // the micro-kernel's reduction loop, loop { loads; acc += a·b … }, runs as one closure
  if (only?.kind === 'multiplyAdd' && extent !== step) {
    const kernel = multiplyAddTables(only, slots);
    if (kernel.simple) return reductionLoop(carried, advancing, extent, step, kernel);
  }
  const body = block(s.body, slots);
  return (num, data) => {
    for (let k = 0; k < carried.length; k++) { const c = carried[k]!; num[c.pointer] = num[c.from]! + c.start; }
    if (extent === step) { body(num, data); return; }
    for (let i = 0; i < extent; i += step) {
      body(num, data);
      for (let k = 0; k < advancing.length; k++) { const c = advancing[k]!; num[c.pointer] = num[c.pointer]! + c.advance; }
    }
  };
}

function tile(s: Extract<IrStmt, { kind: 'tile' }>, slots: Slots): Exec {
  const accumulators = s.accumulators.map((a) => slots.number(a));
  const store = s.store.map((a) => address(a, slots));
  const body = block(s.body, slots);
  const { scale, mode } = s;
  const map = s.map === undefined ? undefined : applyElementwise(s.map);
  return (num, data) => {
    for (let k = 0; k < accumulators.length; k++) {
      const a = store[k]!;
      num[accumulators[k]!] = mode === 'assign' ? 0 : mode === 'copy' ? -0 : data[a.b]![num[a.p]! + a.o]!;
    }
    body(num, data);
    for (let k = 0; k < accumulators.length; k++) {
      const a = store[k]!;
      const scaled = scale === 1 ? num[accumulators[k]!]! : scale * num[accumulators[k]!]!;
      data[a.b]![num[a.p]! + a.o] = map === undefined ? scaled : map(scaled);
    }
  };
}

/** A multiplyAdd as flat slot tables; `simple` when every update is `acc += f0 · f1` (the micro-kernel's). */
interface MultiplyAddTables {
  readonly loadTarget: Int32Array;
  readonly loadBuffer: Int32Array;
  readonly loadPointer: Int32Array;
  readonly loadOffset: Int32Array;
  readonly simple: boolean;
  readonly acc: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly updates: readonly { readonly accumulator: number; readonly coefficient: number; readonly factors: readonly number[] }[];
}

function multiplyAddTables(s: Extract<IrStmt, { kind: 'multiplyAdd' }>, slots: Slots): MultiplyAddTables {
  const loads = s.loads.map((l) => ({ target: slots.number(l.target), ...address(l.address, slots) }));
  const updates = s.updates.map((u) => ({ accumulator: slots.number(u.accumulator), coefficient: u.coefficient, factors: u.factors.map((f) => slots.number(f)) }));
  return {
    loadTarget: Int32Array.from(loads, (l) => l.target),
    loadBuffer: Int32Array.from(loads, (l) => l.b),
    loadPointer: Int32Array.from(loads, (l) => l.p),
    loadOffset: Int32Array.from(loads, (l) => l.o),
    simple: updates.every((u) => u.coefficient === 1 && u.factors.length === 2),
    acc: Int32Array.from(updates, (u) => u.accumulator),
    left: Int32Array.from(updates, (u) => u.factors[0] ?? 0),
    right: Int32Array.from(updates, (u) => u.factors[1] ?? 0),
    updates,
  };
}

/** `loop { loads; acc += f0 · f1 … }` with its pointer advances, in one closure. */
function reductionLoop(carried: readonly CarriedSlots[], advancing: readonly CarriedSlots[], extent: number, step: number, t: MultiplyAddTables): Exec {
  const { loadTarget, loadBuffer, loadPointer, loadOffset, acc, left, right } = t;
  return (num, data) => {
    for (let k = 0; k < carried.length; k++) { const c = carried[k]!; num[c.pointer] = num[c.from]! + c.start; }
    for (let i = 0; i < extent; i += step) {
      for (let k = 0; k < loadTarget.length; k++) num[loadTarget[k]!] = data[loadBuffer[k]!]![num[loadPointer[k]!]! + loadOffset[k]!]!;
      for (let k = 0; k < acc.length; k++) num[acc[k]!] = num[acc[k]!]! + num[left[k]!]! * num[right[k]!]!;
      for (let k = 0; k < advancing.length; k++) { const c = advancing[k]!; num[c.pointer] = num[c.pointer]! + c.advance; }
    }
  };
}

/** Loads, then `acc += c · f0 · f1 …` left to right (c left out when 1, as the emitter writes it). */
function multiplyAdd(s: Extract<IrStmt, { kind: 'multiplyAdd' }>, slots: Slots): Exec {
  const t = multiplyAddTables(s, slots);
  const { loadTarget, loadBuffer, loadPointer, loadOffset, acc, left, right, updates } = t;
  const load = (num: Float64Array, data: Writable[]): void => {
    for (let k = 0; k < loadTarget.length; k++) num[loadTarget[k]!] = data[loadBuffer[k]!]![num[loadPointer[k]!]! + loadOffset[k]!]!;
  };
  if (t.simple) {
    return (num, data) => {
      load(num, data);
      for (let k = 0; k < acc.length; k++) num[acc[k]!] = num[acc[k]!]! + num[left[k]!]! * num[right[k]!]!;
    };
  }
  return (num, data) => {
    load(num, data);
    for (let k = 0; k < updates.length; k++) {
      const { accumulator, coefficient, factors } = updates[k]!;
      let product: number;
      let first: number;
      if (factors.length === 0) { product = coefficient; first = 0; }
      else if (coefficient === 1) { product = num[factors[0]!]!; first = 1; }
      else { product = coefficient; first = 0; }
      for (let f = first; f < factors.length; f++) product = product * num[factors[f]!]!;
      num[accumulator] = num[accumulator]! + product;
    }
  };
}

/** The block's offsets, last axis fastest, gathered and reduced by reductions.ts (the emitted loop's order). */
function reduce(s: Extract<IrStmt, { kind: 'reduce' }>, slots: Slots): Exec {
  const from = address(s.from, slots);
  const to = address(s.to, slots);
  let offsets = [0];
  s.extents.forEach((extent, k) => {
    const stride = s.strides[k]!;
    offsets = offsets.flatMap((o) => Array.from({ length: extent }, (_, c) => o + c * stride));
  });
  const block = Int32Array.from(offsets);
  const values = new Float64Array(block.length);
  const op = s.op;
  return (num, data) => {
    const base = num[from.p]! + from.o;
    const x = data[from.b]!;
    for (let r = 0; r < block.length; r++) values[r] = x[base + block[r]!]!;
    data[to.b]![num[to.p]! + to.o] = reduceValues(op, values);
  };
}

function address(a: IrAddress, slots: Slots): { readonly b: number; readonly p: number; readonly o: number } {
  return { b: slots.buffer(a.buffer), p: slots.number(a.pointer), o: a.offset };
}

function bad(message: string): never {
  throw new Error(`ricci internal error: ${message}`);
}
