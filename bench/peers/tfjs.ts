import * as tf from '@tensorflow/tfjs';
import type { StridedArray } from '../../runtime/strided-array.js';

/** tf.js on its cpu backend (float32: tf.js has no float64). */
export async function useTfCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export function tfTensor(a: StridedArray): tf.Tensor {
  return tf.tensor(Float32Array.from(a.data as ArrayLike<number>), [...a.shape]);
}

/** A thunk computing `f` on tensors and reading the result back (so the work is really done). */
export function tfRun(f: () => tf.Tensor): () => void {
  return () => {
    const out = tf.tidy(f);
    out.dataSync();
    out.dispose();
  };
}

export { tf };
