import type * as Ort from 'onnxruntime-web';
import { einsumModel, type OnnxDType } from './onnx-model.js';

/**
 * onnxruntime-web's WebAssembly execution provider, one thread, running one Einsum node on the
 * whole expression (its own contraction order), float32 or float64.
 */
export async function loadOnnxRuntime(): Promise<typeof Ort | string> {
  try {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    return ort;
  } catch (e) {
    return `onnxruntime-web cannot load: ${String(e)}`;
  }
}

export async function onnxPeer(ort: typeof Ort, subscripts: string, operands: readonly { data: ArrayLike<number>; shape: readonly number[] }[],
  outputShape: readonly number[], dtype: OnnxDType): Promise<{ run: () => Promise<Float32Array | Float64Array>; dispose: () => Promise<void> }> {
  const model = einsumModel(subscripts, operands.map((o) => o.shape), outputShape, dtype);
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const feeds = Object.fromEntries(operands.map((o, k) => [`t${k}`,
    new ort.Tensor(dtype, dtype === 'float32' ? Float32Array.from(o.data) : Float64Array.from(o.data), [...o.shape])]));
  return {
    run: async () => {
      const out = (await session.run(feeds)).out!;
      const data = out.data as Float32Array | Float64Array;
      out.dispose();
      return data;
    },
    dispose: () => session.release(),
  };
}
