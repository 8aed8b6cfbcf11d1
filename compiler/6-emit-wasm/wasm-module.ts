import { ByteSink } from './wasm-bytes.js';
import { WasmCode } from './wasm-code.js';

const magic = [0x00, 0x61, 0x73, 0x6d];
const version = [0x01, 0x00, 0x00, 0x00];
const section = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
const functionType = 0x60;
const importMemory = 0x02;
const exportFunction = 0x00;

/** What the runtime links against: the memory `env.memory`, the function `kernel`. */
export const wasmKernelImport = { module: 'env', memory: 'memory', exportName: 'kernel' } as const;

/** Limits of the imported memory: any size; shared (threads) needs a maximum, the i32 limit. */
const memoryLimits = { plain: [0x00, 0], shared: [0x03, 0, 65536] } as const;

/**
 * A module with one exported function `kernel(p0 … p{n−1}: i32)` and an imported linear memory,
 *   (module (import "env" "memory" (memory 0)) (func (export "kernel") (param i32…) …))
 * `shared`: the memory is a shared one (`(memory 0 65536 shared)`), which a threaded plan's arena is.
 */
export function kernelModule(code: WasmCode, paramCount: number, shared = false): Uint8Array<ArrayBuffer> {
  const [flags, ...limits] = shared ? memoryLimits.shared : memoryLimits.plain;
  const out = new ByteSink().append(magic).append(version);
  out.byte(section.type).sized(new ByteSink().vector([paramCount], (s, n) =>
    s.byte(functionType).vector(new Array<number>(n).fill(0x7f), (t, b) => t.byte(b)).u32(0)));
  out.byte(section.import).sized(new ByteSink().vector([wasmKernelImport], (s, i) =>
    limits.reduce((t, n) => t.u32(n), s.name(i.module).name(i.memory).byte(importMemory).byte(flags))));
  out.byte(section.function).sized(new ByteSink().vector([0], (s, typeIndex) => s.u32(typeIndex)));
  out.byte(section.export).sized(new ByteSink().vector([wasmKernelImport.exportName], (s, name) =>
    s.name(name).byte(exportFunction).u32(0)));
  out.byte(section.code).sized(new ByteSink().vector([code.body()], (s, body) => s.sized(body)));
  return Uint8Array.from(out.toArray());
}

/** Bytes → base64, as the plan carries modules (btoa exists in browsers and Node ≥ 16). */
export function toBase64(bytes: Uint8Array): string {
  const chunk = 8192;
  let binary = '';
  for (let k = 0; k < bytes.length; k += chunk) binary += String.fromCharCode(...bytes.subarray(k, k + chunk));
  return btoa(binary);
}

/** The feature probe: a kernel using v128 and f64x2 (validates only where SIMD is supported). */
export function simdProbeModule(): Uint8Array<ArrayBuffer> {
  const code = new WasmCode(1);
  const v = code.local('v128');
  code.v128Zero().f64(1).f64x2Splat().f64x2Add().set(v);
  return kernelModule(code, 1);
}
