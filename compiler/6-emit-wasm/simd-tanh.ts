import { f64Bytes } from './wasm-bytes.js';
import type { Local, WasmCode } from './wasm-code.js';

/**
 * tanh on both lanes of an f64x2 vector, branch-free, within 2 ulp of Math.tanh (measured over
 * millions of points; ±0, subnormals, ±Infinity and NaN as Math.tanh gives them). Cephes' method:
 *   |x| < 0.625: tanh z = z + z·z²·P(z²)/Q(z²)                     (Cephes tanh's rational form)
 *   otherwise:   tanh z = 1 − 2/(e^{2z} + 1), e^y = 2ⁿ (q + p)/(q − p) (Cephes exp: n = round(y·log₂e),
 *                r = y − n ln 2 in two parts, p = r·P(r²), q = Q(r²)), so 2/(e^y + 1) = 2(q − p)/(2ⁿ(q + p) + q − p)
 * with z = |x| (y capped at 40, where the result is 1), both forms brought to A + B·N/D so one
 * division serves both, the lane's form picked by z ≥ 0.625 and x's sign put back. 2ⁿ comes from
 * the bits of y·log₂e + 2⁵² + 1023 (rounding to an integer n + 1023 in the low bits) shifted left by 52.
 */
const tanhP = [-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3] as const;
const tanhQ = [1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3] as const;
const expP = [1.26177193074810590878e-4, 3.02994407707441961300e-2, 9.99999999999999999910e-1] as const;
const expQ = [3.00198505138664455042e-6, 2.52448340349684104192e-3, 2.27265548208155028766e-1, 2.00000000000000000009e0] as const;
const ln2High = 6.93145751953125e-1;
const ln2Low = 1.42860682030941723212e-6;
const exponentMagic = 2 ** 52 + 1023;
const threshold = 0.625;
const largestDoubled = 40;
/** −0 in both lanes: the sign bits. */
const signBits = -0;

/** The constants, each a v128 local set once at the kernel's start (before any loop). */
export interface TanhConstants {
  readonly get: (x: number) => Local;
}

export function tanhConstants(code: WasmCode): TanhConstants {
  const values = [...tanhP, ...tanhQ, ...expP, ...expQ, ln2High, ln2Low, Math.LOG2E, exponentMagic, threshold, largestDoubled, 1, -2, signBits];
  // a list, not a Map: a Map key −0 is +0
  const locals = values.map((x) => {
    const l = code.local('v128');
    code.v128Const([...f64Bytes(x), ...f64Bytes(x)]).set(l);
    return [x, l] as const;
  });
  return { get: (x) => locals.find(([k]) => Object.is(k, x))![1] };
}

/** `out` = tanh(`x`) lane-wise; `x` is left unchanged (`out` may be `x`). */
export function emitTanh(code: WasmCode, c: TanhConstants, x: Local, out: Local): void {
  const t = (): Local => code.local('v128');
  const k = (v: number): WasmCode => code.get(c.get(v));
  const [z, s, small, big, y, magic, n, r, rr, p, q, mask] = [t(), t(), t(), t(), t(), t(), t(), t(), t(), t(), t(), t()];
  code.get(x).f64x2Abs().set(z);
  code.get(z).get(z).f64x2Mul().set(s);
  // |x| < 0.625: N = P(s), D = Q(s) (monic)
  horner(code, s, tanhP, c);
  code.set(small);
  code.get(s);
  for (const [j, coefficient] of tanhQ.entries()) { k(coefficient).f64x2Add(); if (j < tanhQ.length - 1) code.get(s).f64x2Mul(); }
  code.set(big); // Q(s), kept in `big` until the exponential needs it
  // y = min(2z, 40); n = round(y log₂e) (its bits: magic); r = y − n ln 2
  code.get(z).get(z).f64x2Add(); k(largestDoubled).f64x2Min().set(y);
  code.get(y); k(Math.LOG2E).f64x2Mul(); k(exponentMagic).f64x2Add().set(magic);
  code.get(magic); k(exponentMagic).f64x2Sub().set(n);
  code.get(y).get(n); k(ln2High).f64x2Mul().f64x2Sub().get(n); k(ln2Low).f64x2Mul().f64x2Sub().set(r);
  code.get(r).get(r).f64x2Mul().set(rr);
  horner(code, rr, expP, c);
  code.get(r).f64x2Mul().set(p);
  horner(code, rr, expQ, c);
  code.set(q);
  // mask: lanes on the exponential form
  code.get(z); k(threshold).f64x2Ge().set(mask);
  // N = q − p | P(s); D = 2ⁿ(q + p) + (q − p) | Q(s)
  code.get(q).get(p).f64x2Sub().set(r);
  code.get(magic).i32(52).i64x2Shl().get(q).get(p).f64x2Add().f64x2Mul().get(r).f64x2Add();
  code.get(big).get(mask).v128Bitselect().set(big);
  code.get(r).get(small).get(mask).v128Bitselect().set(small);
  // A + B·N/D with A = 1 | z, B = −2 | z·s
  k(1).get(z).get(mask).v128Bitselect();
  k(-2).get(z).get(s).f64x2Mul().get(mask).v128Bitselect();
  code.get(small).get(big).f64x2Div().f64x2Mul().f64x2Add();
  // x's sign on the (non-negative) result
  code.get(x); k(signBits).v128And().v128Or().set(out);
}

/** Leaves P(v) = ((c0·v + c1)·v + c2)… on the stack. */
function horner(code: WasmCode, v: Local, coefficients: readonly number[], c: TanhConstants): void {
  code.get(c.get(coefficients[0]!));
  for (const coefficient of coefficients.slice(1)) code.get(v).f64x2Mul().get(c.get(coefficient)).f64x2Add();
}
