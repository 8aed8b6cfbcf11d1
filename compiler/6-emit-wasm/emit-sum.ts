import type { SumStep } from '../5-lower/sum-step.js';
import { float64 } from './simd-element.js';
import { emitTanh, tanhConstants, type TanhConstants } from './simd-tanh.js';
import { counted, type Local, type WasmCode } from './wasm-code.js';

/** The sums rendered in SIMD (f64x2): plain, and through tanh (simd-tanh.ts), whose scalar Math.tanh costs ~9 ns a value. */
export function sumRenders(step: SumStep): boolean {
  return step.dtype === 'float64' && (step.map === undefined || step.map.name === 'tanh');
}

/**
 * Renders the sum form (`sumRenders` must hold) in f64x2; parameters (output, addend 0 …, scratch)
 * are byte addresses of each buffer's base element:
 *   for outer… { for column pair { acc = 0; acc += c_t · term_t (a pair, or one value splat); out = map(acc) } }
 * then the last column alone when their number is odd (one lane loaded, one stored). The terms are
 * added in order from 0, each multiplied by its coefficient unless it is 1: the loop nest's sums, bit for bit.
 */
export function emitSum(code: WasmCode, step: SumStep): void {
  const constants = step.map?.name === 'tanh' ? tanhConstants(code) : undefined;
  const ctx: Context = { code, step, constants, acc: code.local('v128'), term: code.local('v128') };
  outer(ctx, 0, code.param(0), step.addends.map((_, t) => code.param(1 + t)));
}

interface Context {
  readonly code: WasmCode;
  readonly step: SumStep;
  readonly constants: TanhConstants | undefined;
  readonly acc: Local;
  readonly term: Local;
}

function outer(ctx: Context, level: number, out: Local, addends: readonly Local[]): void {
  const { code } = ctx;
  const loop = ctx.step.outer[level];
  if (loop === undefined) return columns(ctx, out, addends);
  const o = copy(code, out);
  const a = addends.map((p) => copy(code, p));
  counted(code, loop.extent, [[o, loop.output * 8], ...a.map((p, t) => [p, loop.addends[t]! * 8] as const)], () => outer(ctx, level + 1, o, a));
}

function columns(ctx: Context, out: Local, addends: readonly Local[]): void {
  const { code, step } = ctx;
  const pairs = Math.floor(step.columns / 2);
  const o = copy(code, out);
  const a = addends.map((p) => copy(code, p));
  if (pairs > 0) counted(code, pairs, [[o, 16], ...a.map((p, t) => [p, step.addends[t]!.column * 16] as const)], () => element(ctx, o, a, 2, 0));
  // the loop's pointers are not advanced past a single pass: the last column is addressed from the row's start
  if (step.columns % 2 === 1) element(ctx, out, addends, 1, step.columns - 1);
}

/** `lanes` (2, or 1 for the last odd column) output values at column `column` from `out`. */
function element(ctx: Context, out: Local, addends: readonly Local[], lanes: 1 | 2, column: number): void {
  const { code, step, acc, term } = ctx;
  code.v128Zero().set(acc);
  step.addends.forEach((a, t) => {
    if (a.column === 0) float64.loadSplat(code, addends[t]!, 0);
    else float64.load(code, addends[t]!, column * 8, lanes);
    if (a.coefficient !== 1) { float64.splat(code, a.coefficient); float64.mul(code); }
    code.set(term).get(acc).get(term).f64x2Add().set(acc);
  });
  if (ctx.constants !== undefined) emitTanh(code, ctx.constants, acc, acc);
  float64.store(code, out, column * 8, acc, lanes);
}

function copy(code: WasmCode, from: Local): Local {
  const p = code.local('i32');
  code.advance(p, from, 0);
  return p;
}

