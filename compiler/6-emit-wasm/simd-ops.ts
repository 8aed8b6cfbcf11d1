import type { WasmCode } from './wasm-code.js';

/**
 * SIMD instructions only the sum and tanh kernels use (network plans), kept out of WasmCode so
 * that a bundle of einsum alone does not carry them. 0xFD sub-opcodes.
 */
const op = {
  v128Const: 0x0c, f64x2Eq: 0x47, v128And: 0x4e, v128Or: 0x50, v128Bitselect: 0x52, i64x2Shl: 0xcb,
  f64x2Abs: 0xec, f64x2Sub: 0xf1, f64x2Div: 0xf3, f64x2Min: 0xf4,
} as const;

/** A v128 constant from its 16 bytes (little-endian lanes). */
export function v128Const(code: WasmCode, bytes: readonly number[]): WasmCode {
  if (bytes.length !== 16) throw new RangeError('a v128 constant has 16 bytes');
  code.simd(op.v128Const).append(bytes);
  return code;
}

function simd(code: WasmCode, opcode: number): WasmCode {
  code.simd(opcode);
  return code;
}
export const f64x2Sub = (code: WasmCode): WasmCode => simd(code, op.f64x2Sub);
export const f64x2Div = (code: WasmCode): WasmCode => simd(code, op.f64x2Div);
export const f64x2Min = (code: WasmCode): WasmCode => simd(code, op.f64x2Min);
export const f64x2Abs = (code: WasmCode): WasmCode => simd(code, op.f64x2Abs);
/** Lane-wise a = b: all ones where it holds. */
export const f64x2Eq = (code: WasmCode): WasmCode => simd(code, op.f64x2Eq);
export const v128And = (code: WasmCode): WasmCode => simd(code, op.v128And);
export const v128Or = (code: WasmCode): WasmCode => simd(code, op.v128Or);
/** (a, b, mask) → bits of a where mask is 1, of b where it is 0. */
export const v128Bitselect = (code: WasmCode): WasmCode => simd(code, op.v128Bitselect);
/** Each 64-bit lane shifted left by the i32 on top of the stack. */
export const i64x2Shl = (code: WasmCode): WasmCode => simd(code, op.i64x2Shl);
