import type { StreamLoop, StreamStep } from '../5-lower/stream-step.js';
import { assertNever } from '../diagnostics/assert-never.js';
import type { SimdElement } from './simd-element.js';
import { counted, type Local, type WasmCode } from './wasm-code.js';

/** Rows of an accumulation added into one loaded output vector before it is stored again. */
const accumulateRows = 4;
/** Independent accumulators of a dot product (an add's latency hides behind the others' loads). */
const dotAccumulators = 4;
/** 0xFD sub-opcode of i8x16.shuffle (16 lane indices follow), for the horizontal sum. */
const i8x16Shuffle = 0x0d;

/**
 * Renders a stream form (5-lower/stream-step.ts) in `el`'s lanes; parameters (output, operand …,
 * scratch) are byte addresses of each buffer's base element, the scratch unused. Every vector
 * loop ends with its last 1–3 elements loaded into zeroed lanes and stored lane by lane, so no
 * address outside a buffer's reach is touched. map and accumulate add in the loop nest's order
 * (accumulate: row after row into the output, as the streaming JavaScript kernel does); dot sums
 * in `dotAccumulators` × lanes partial sums, then across them (within rounding of the loop nest).
 */
export function emitStream(code: WasmCode, step: StreamStep, el: SimdElement): void {
  const operands = step.vector.operands.map((_, k) => code.param(1 + k));
  outer(code, step, el, 0, code.param(0), operands);
}

function outer(code: WasmCode, step: StreamStep, el: SimdElement, level: number, out: Local, operands: readonly Local[]): void {
  const loop = step.outer[level];
  if (loop === undefined) return inner(code, step, el, out, operands);
  const o = copy(code, out);
  const a = operands.map((p) => copy(code, p));
  counted(code, loop.extent, carried(el, o, a, loop), () => outer(code, step, el, level + 1, o, a));
}

function inner(code: WasmCode, step: StreamStep, el: SimdElement, out: Local, operands: readonly Local[]): void {
  switch (step.kind) {
    case 'map': {
      const value = code.local('v128');
      return vectors(code, el, step.vector.extent, [out, ...operands], [1, ...step.vector.operands], ([o, ...a], at, count) => {
        product(code, el, a.map((p, k) => () => load(code, el, p!, step.vector.operands[k]!, at, count)));
        code.set(value);
        el.store(code, o!, at, value, count);
      });
    }
    case 'accumulate': return accumulate(code, step, el, out, operands);
    case 'dot': return dot(code, step, el, out, operands);
    default: return assertNever(step.kind);
  }
}

/** out[c] = 0, then rows of the summed index added in blocks of `accumulateRows` (one load and store of out per block). */
function accumulate(code: WasmCode, step: StreamStep, el: SimdElement, out: Local, operands: readonly Local[]): void {
  const summed = step.summed!;
  const along = step.vector.operands;
  code.get(out).i32(0).i32(step.vector.extent * el.bytes).memoryFill();
  const acc = code.local('v128');
  const block = (rows: number, from: readonly Local[]): void => {
    // an operand broadcast along the vector (x of x·A) is one value per row: splat once per block
    const splats = Array.from({ length: rows }, (_, r) => from.map((p, k) => {
      if (along[k] === 1) return undefined;
      const v = code.local('v128');
      el.loadSplat(code, p, r * summed.operands[k]! * el.bytes);
      code.set(v);
      return v;
    }));
    vectors(code, el, step.vector.extent, [out, ...from], [1, ...along], ([o, ...a], at, count) => {
      el.load(code, o!, at, count);
      code.set(acc);
      for (let r = 0; r < rows; r++) {
        product(code, el, a.map((p, k) => () => {
          const splat = splats[r]![k];
          if (splat !== undefined) code.get(splat);
          else el.load(code, p!, at + r * summed.operands[k]! * el.bytes, count);
        }));
        code.get(acc);
        el.add(code);
        code.set(acc);
      }
      el.store(code, o!, at, acc, count);
    });
  };
  const blocks = Math.floor(summed.extent / accumulateRows);
  const rest = summed.extent % accumulateRows;
  if (blocks > 0) {
    const a = operands.map((p) => copy(code, p));
    counted(code, blocks, a.map((p, k) => [p, accumulateRows * summed.operands[k]! * el.bytes] as const), () => block(accumulateRows, a));
  }
  if (rest > 0) {
    const tail = operands.map((p, k) => {
      const t = code.local('i32');
      code.advance(t, p, blocks * accumulateRows * summed.operands[k]! * el.bytes);
      return t;
    });
    block(rest, tail);
  }
}

/**
 * out = Σ_c Π_k op_k[c]: `dotAccumulators` vectors per pass, then the remaining whole vectors and
 * the last 1–3 elements (zeroed lanes in every operand add 0·0) into the first, then across them.
 * An operand broadcast along c (x[i] of `ij,ij,i->i`) is splatted once per row, and into the
 * first lanes only for the last elements (an infinite x times a zeroed lane would add NaN).
 */
function dot(code: WasmCode, step: StreamStep, el: SimdElement, out: Local, operands: readonly Local[]): void {
  const extent = step.vector.extent;
  const acc = Array.from({ length: dotAccumulators }, () => code.local('v128'));
  for (const v of acc) code.v128Zero().set(v);
  const vectorBytes = el.lanes * el.bytes;
  const along = step.vector.operands;
  const splats = operands.map((p, k) => {
    if (along[k] === 1) return undefined;
    const v = code.local('v128');
    el.loadSplat(code, p, 0);
    code.set(v);
    return v;
  });
  const addInto = (v: Local, from: readonly Local[], at: number, count: number): void => {
    product(code, el, from.map((p, k) => () => {
      const splat = splats[k];
      if (splat === undefined) el.load(code, p, at, count);
      else if (count === el.lanes) code.get(splat);
      else splatFirst(code, el, p, count);
    }));
    code.get(v);
    el.add(code);
    code.set(v);
  };
  const wide = Math.floor(extent / (el.lanes * dotAccumulators));
  if (wide > 0) {
    const a = operands.map((p) => copy(code, p));
    counted(code, wide, a.map((p, k) => [p, along[k]! * dotAccumulators * vectorBytes] as const), () => acc.forEach((v, j) => addInto(v, a, j * vectorBytes, el.lanes)));
  }
  // the rest is addressed from the rows' start (counted does not advance a single pass)
  let done = wide * el.lanes * dotAccumulators;
  for (; done + el.lanes <= extent; done += el.lanes) addInto(acc[0]!, operands, done * el.bytes, el.lanes);
  if (done < extent) addInto(acc[0]!, operands, done * el.bytes, extent - done);
  code.get(acc[0]!).get(acc[1]!);
  el.add(code);
  code.get(acc[2]!).get(acc[3]!);
  el.add(code);
  el.add(code);
  code.set(acc[0]!);
  horizontal(code, el, acc[0]!);
  el.store(code, out, 0, acc[0]!, 1);
}

/** The element at `base` in the first `count` lanes (fewer than all), zeros in the rest. */
function splatFirst(code: WasmCode, el: SimdElement, base: Local, count: number): void {
  el.load(code, base, 0, 1);
  // float64 has two lanes, so only float32 gets here with count 2 or 3
  for (let lane = 1; lane < count; lane++) code.f32Load(base, 0).f32x4ReplaceLane(lane);
}

/** Lane 0 of `v` becomes the sum of its lanes: (l0 + l2) + (l1 + l3) for f32x4, l0 + l1 for f64x2. */
function horizontal(code: WasmCode, el: SimdElement, v: Local): void {
  const swapHalves = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
  const swapWords = [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11];
  const fold = (lanes: readonly number[]): void => {
    code.get(v).get(v);
    code.simd(i8x16Shuffle).append(lanes);
    code.get(v);
    el.add(code);
    code.set(v);
  };
  fold(swapHalves);
  if (el.lanes === 4) fold(swapWords);
}

/**
 * A row of `extent` elements a vector at a time: whole vectors in a loop over copies of
 * `pointers` (each advanced by `along` vectors per pass: 1, or 0 for a broadcast), then the last
 * 1–3 elements addressed from the rows' start. `body(pointers, at, count)`: `at` in bytes.
 */
function vectors(code: WasmCode, el: SimdElement, extent: number, pointers: readonly Local[], along: readonly (0 | 1)[],
  body: (pointers: readonly Local[], at: number, count: number) => void): void {
  const full = Math.floor(extent / el.lanes);
  const vectorBytes = el.lanes * el.bytes;
  if (full > 0) {
    const p = pointers.map((q) => copy(code, q));
    counted(code, full, p.map((q, k) => [q, along[k]! * vectorBytes] as const), () => body(p, 0, el.lanes));
  }
  const rest = extent - full * el.lanes;
  if (rest > 0) body(pointers, full * vectorBytes, rest);
}

/** Loads (or splats) each operand and multiplies them: the term on the stack. */
function product(code: WasmCode, el: SimdElement, loads: readonly (() => void)[]): void {
  loads.forEach((l, k) => {
    l();
    if (k > 0) el.mul(code);
  });
}

function load(code: WasmCode, el: SimdElement, base: Local, along: 0 | 1, at: number, count: number): void {
  if (along === 0) el.loadSplat(code, base, 0);
  else el.load(code, base, at, count);
}

function carried(el: SimdElement, out: Local, operands: readonly Local[], loop: StreamLoop): (readonly [Local, number])[] {
  return [[out, loop.output * el.bytes], ...operands.map((p, k) => [p, loop.operands[k]! * el.bytes] as const)];
}

function copy(code: WasmCode, from: Local): Local {
  const p = code.local('i32');
  code.advance(p, from, 0);
  return p;
}
