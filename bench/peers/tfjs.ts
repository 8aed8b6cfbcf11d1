import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * tf.js (float32 only) on its two Node-capable backends without native bindings: 'cpu' (plain
 * JavaScript) and 'wasm' (@tensorflow/tfjs-backend-wasm: XNNPACK, SIMD, one thread here). Only one
 * backend is active at a time, so each peer switches to its own before every sample (outside the
 * timed region) and keeps tensors created on that backend.
 */
export type TfBackend = 'cpu' | 'wasm';

/** Registers and initializes the wasm backend from its package's dist folder (no network); a reason when it cannot. */
export async function loadTfWasm(): Promise<string | undefined> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dist = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist/');
    wasm.setWasmPaths(dist);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) return 'tf.setBackend("wasm") returned false';
    await tf.ready();
    return undefined;
  } catch (e) {
    return `@tensorflow/tfjs-backend-wasm cannot load: ${String(e)}`;
  }
}

/** A peer computing `f` on float32 copies of the operands with `backend`; results read back. */
export function tfPeer(backend: TfBackend, operands: readonly { data: ArrayLike<number>; shape: readonly number[] }[], f: (t: tf.Tensor[]) => tf.Tensor) {
  let tensors: tf.Tensor[] | undefined;
  return {
    prepare: async (): Promise<void> => {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      tensors ??= operands.map((o) => tf.tensor(Float32Array.from(o.data), [...o.shape]));
    },
    run: (): Float32Array => {
      const out = tf.tidy(() => f(tensors!));
      const data = out.dataSync() as Float32Array;
      out.dispose();
      return data;
    },
    dispose: (): void => {
      for (const t of tensors ?? []) t.dispose();
      tensors = undefined;
    },
  };
}

export { tf };
