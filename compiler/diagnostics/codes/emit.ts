import type { Catalogue } from './catalogue.js';

/** Messages of the emit stage. */
export const emitMessages = {
  unsafe_identifier: (name: string) =>
    `Generated code may only use plain identifiers from the compiler's name supply; got ${JSON.stringify(name)}`,
  non_finite_constant: (value: string) => `Generated code may only contain finite numeric constants; got ${value}`,
  wasm_simd_unavailable: () =>
    "backend 'wasm' needs WebAssembly with SIMD (f64x2), which this JavaScript engine does not validate; use backend 'auto' or 'js'",
} as const satisfies Catalogue;
