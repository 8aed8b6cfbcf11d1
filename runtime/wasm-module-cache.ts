import { createArenaKeeper, type ArenaKeeper } from './arena-keeper.js';
import { createBoundedCache } from './bounded-cache.js';
import type { WorkerPool } from './worker-pool.js';

/**
 * A compiled `WebAssembly.Module`, typed opaquely: this file's declarations are part of the public
 * types (a KernelCache holds one of these caches), which must not need the WebAssembly lib
 * declarations a Node-only consumer (lib es2022, @types/node) does not have.
 */
export type CompiledWasmModule = object;

/**
 * Compiled WebAssembly modules keyed by their bytes, and whether this machine validates SIMD,
 * both owned by the caller's cache object (no module-level state).
 */
export interface WasmModuleCache {
  readonly size: number;
  /** The compiled module for base64 bytes. */
  get(module: string): CompiledWasmModule;
  /** Validates the probe once per cache; false where WebAssembly or SIMD is missing. */
  supportsSimd(probe: () => Uint8Array<ArrayBuffer>): boolean;
  /**
   * This cache's worker pool with at least `count` workers, started on first use by `create` (the
   * threads capability's pool factory; undefined where there are no workers or shared memory);
   * owned with the cache, so dropping it drops them. Without `create`: the pool as it is.
   */
  workers(count: number, create?: (size: number) => WorkerPool | undefined): WorkerPool | undefined;
  /** Large arenas kept for the plans of this cache that ran last (runtime `keptArenaBytes` in all). */
  readonly arenas: ArenaKeeper;
}

export function createWasmModuleCache(capacity = 256): WasmModuleCache {
  const modules = createBoundedCache<string, CompiledWasmModule>(capacity);
  let simd: boolean | undefined;
  let pool: WorkerPool | undefined;
  return {
    arenas: createArenaKeeper(),
    workers(count, create) {
      // a larger pool replaces a smaller one; plans bound to the old one keep it (unref'd workers)
      if (create !== undefined && (pool === undefined || pool.size < count)) pool = create(count) ?? pool;
      return pool;
    },
    get size() { return modules.size; },
    get: (module) => modules.getOrCreate(module, () => new WebAssembly.Module(fromBase64(module))),
    supportsSimd(probe) {
      simd ??= typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(probe());
      return simd;
    },
  };
}

/** base64 → bytes (atob exists in browsers and Node ≥ 16). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return bytes;
}

