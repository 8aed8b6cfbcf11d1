import { f64Bytes } from './wasm-bytes.js';
import { f64x2Abs, f64x2Div, f64x2Eq, f64x2Min, f64x2Sub, i64x2Shl, v128And, v128Bitselect, v128Const, v128Or } from './simd-ops.js';
import type { Local, WasmCode } from './wasm-code.js';

/**
 * tanh on both lanes of an f64x2 vector, branch-free, within 5·2⁻⁵² relative of Math.tanh (~2
 * ulp; measured over millions of points; zeros, subnormals, ±Infinity and NaN as Math.tanh gives
 * them). With z = |x| and y = 2z (capped at 40, where the result is 1), Cephes' exponential
 *   e^y = 2ⁿ (q + p)/(q − p),  n = round(y·log₂e), r = y − n ln 2 (in two parts), p = r·P(r²), q = Q(r²)
 * gives tanh z = (e^y − 1)/(e^y + 1) = (2ⁿ(q + p) − (q − p)) / (2ⁿ(q + p) + (q − p)): one
 * division, no second branch. For n = 0 (z < 0.17) the numerator is 2p, exactly the difference
 * without its cancellation, so small arguments keep their relative accuracy (tiny z gives z).
 * x's sign is put back at the end. 2ⁿ comes from the bits of y·log₂e + 2⁵² + 1023 (rounding to
 * an integer, n + 1023 in the low bits) shifted left by 52.
 */
const expP = [1.26177193074810590878e-4, 3.02994407707441961300e-2, 9.99999999999999999910e-1] as const;
const expQ = [3.00198505138664455042e-6, 2.52448340349684104192e-3, 2.27265548208155028766e-1, 2.00000000000000000009e0] as const;
const ln2High = 6.93145751953125e-1;
const ln2Low = 1.42860682030941723212e-6;
const exponentMagic = 2 ** 52 + 1023;
const largestDoubled = 40;
/** −0 in both lanes: the sign bits. */
const signBits = -0;

/** The constants, each a v128 local set once at the kernel's start (before any loop). */
export interface TanhConstants {
  readonly get: (x: number) => Local;
}

export function tanhConstants(code: WasmCode): TanhConstants {
  const values = [...expP, ...expQ, ln2High, ln2Low, Math.LOG2E, exponentMagic, largestDoubled, 0, signBits];
  // a list, not a Map: a Map key −0 is +0
  const locals = values.map((x) => {
    const l = code.local('v128');
    v128Const(code, [...f64Bytes(x), ...f64Bytes(x)]).set(l);
    return [x, l] as const;
  });
  return { get: (x) => locals.find(([k]) => Object.is(k, x))![1] };
}

/** `out` = tanh(`x`) lane-wise; `x` is left unchanged (`out` may be `x`). */
export function emitTanh(code: WasmCode, c: TanhConstants, x: Local, out: Local): void {
  const t = (): Local => code.local('v128');
  const k = (v: number): WasmCode => code.get(c.get(v));
  const [y, magic, n, r, rr, p, q, big, small] = [t(), t(), t(), t(), t(), t(), t(), t(), t()];
  // y = min(2|x|, 40); n = round(y log₂e) (its bits: magic); r = y − n ln 2
  f64x2Abs(code.get(x)).tee(y).get(y).f64x2Add(); f64x2Min(k(largestDoubled)).set(y);
  code.get(y); k(Math.LOG2E).f64x2Mul(); k(exponentMagic).f64x2Add().set(magic);
  code.get(magic); f64x2Sub(k(exponentMagic)).set(n);
  code.get(y).get(n); f64x2Sub(k(ln2High).f64x2Mul()).get(n); f64x2Sub(k(ln2Low).f64x2Mul()).set(r);
  code.get(r).get(r).f64x2Mul().set(rr);
  horner(code, rr, expP, c);
  code.get(r).f64x2Mul().set(p);
  horner(code, rr, expQ, c);
  code.set(q);
  // big = 2ⁿ(q + p), small = q − p; numerator big − small (2p where n = 0), denominator big + small
  i64x2Shl(code.get(magic).i32(52)).get(q).get(p).f64x2Add().f64x2Mul().set(big);
  f64x2Sub(code.get(q).get(p)).set(small);
  f64x2Sub(code.get(p).get(p).f64x2Add().get(big).get(small)).get(n); v128Bitselect(f64x2Eq(k(0)));
  f64x2Div(code.get(big).get(small).f64x2Add());
  // x's sign on the (non-negative) result
  code.get(x); v128Or(v128And(k(signBits))).set(out);
}

/** Leaves P(v) = ((c0·v + c1)·v + c2)… on the stack. */
function horner(code: WasmCode, v: Local, coefficients: readonly number[], c: TanhConstants): void {
  code.get(c.get(coefficients[0]!));
  for (const coefficient of coefficients.slice(1)) code.get(v).f64x2Mul().get(c.get(coefficient)).f64x2Add();
}
