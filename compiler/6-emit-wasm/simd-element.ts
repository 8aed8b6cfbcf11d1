import type { Local, WasmCode } from './wasm-code.js';

/**
 * The element type a SIMD kernel computes in: f64 (two lanes per v128) or f32 (four). Each method
 * writes the instructions for one vector operation; partial vectors (an edge tile's last columns)
 * load zeros into the missing lanes and store only the lanes that exist.
 */
export interface SimdElement {
  readonly bytes: 4 | 8;
  readonly lanes: 2 | 4;
  /** A vector of one element repeated in every lane. */
  loadSplat(code: WasmCode, base: Local, offset: number): void;
  /** `count` consecutive elements into the first lanes, zeros in the rest. */
  load(code: WasmCode, base: Local, offset: number, count: number): void;
  /** The first `count` lanes of `value` to consecutive elements. */
  store(code: WasmCode, base: Local, offset: number, value: Local, count: number): void;
  mul(code: WasmCode): void;
  add(code: WasmCode): void;
  /** A compile-time constant in every lane. */
  splat(code: WasmCode, x: number): void;
  /** One element copied from `from + offset` to `to + at`, or zero when `from` is undefined. */
  copy(code: WasmCode, from: Local | undefined, offset: number, to: Local, at: number): void;
}

export const float64: SimdElement = {
  bytes: 8, lanes: 2,
  loadSplat: (code, base, offset) => { code.v128Load64Splat(base, offset); },
  load: (code, base, offset, count) => { if (count === 2) code.v128Load(base, offset); else code.v128Load64Zero(base, offset); },
  store: (code, base, offset, value, count) => {
    const m = code.address(base, offset);
    code.get(value);
    if (count === 2) code.v128Store(m); else code.v128Store64Lane0(m);
  },
  mul: (code) => { code.f64x2Mul(); },
  add: (code) => { code.f64x2Add(); },
  splat: (code, x) => { code.f64(x).f64x2Splat(); },
  copy: (code, from, offset, to, at) => {
    const m = code.address(to, at);
    if (from === undefined) code.f64(0); else code.f64Load(from, offset);
    code.f64Store(m);
  },
};

export const float32: SimdElement = {
  bytes: 4, lanes: 4,
  loadSplat: (code, base, offset) => { code.v128Load32Splat(base, offset); },
  load: (code, base, offset, count) => {
    if (count === 4) code.v128Load(base, offset);
    else if (count === 1) code.v128Load32Zero(base, offset);
    else {
      code.v128Load64Zero(base, offset);
      if (count === 3) code.f32Load(base, offset + 8).f32x4ReplaceLane(2);
    }
  },
  store: (code, base, offset, value, count) => {
    const m = code.address(base, offset);
    code.get(value);
    if (count === 4) { code.v128Store(m); return; }
    if (count === 1) { code.v128Store32Lane0(m); return; }
    code.v128Store64Lane0(m);
    if (count === 3) {
      const third = code.address(base, offset + 8);
      code.get(value).f32x4ExtractLane(2).f32Store(third);
    }
  },
  mul: (code) => { code.f32x4Mul(); },
  add: (code) => { code.f32x4Add(); },
  splat: (code, x) => { code.f32(x).f32x4Splat(); },
  copy: (code, from, offset, to, at) => {
    const m = code.address(to, at);
    if (from === undefined) code.f32(0); else code.f32Load(from, offset);
    code.f32Store(m);
  },
};
