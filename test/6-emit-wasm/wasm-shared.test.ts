import { describe, expect, it } from 'vitest';
import { WasmCode } from '../../compiler/6-emit-wasm/wasm-code.js';
import { kernelModule } from '../../compiler/6-emit-wasm/wasm-module.js';
import { wasmPlan } from './wasm-support.js';

/** A one-parameter kernel storing 2.5 at its address, imported memory plain or shared. */
function storeModule(shared: boolean): WebAssembly.Module {
  const code = new WasmCode(1);
  code.get(code.param(0)).f64(2.5).f64Store(0);
  return new WebAssembly.Module(kernelModule(code, 1, shared));
}

describe('kernel modules importing a shared memory (threaded plans)', () => {
  it('link to a shared memory, which workers see, and not to a plain one (and the reverse)', () => {
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const plain = new WebAssembly.Memory({ initial: 1 });
    const run = (module: WebAssembly.Module, memory: WebAssembly.Memory): void =>
      (new WebAssembly.Instance(module, { env: { memory } }).exports['kernel'] as (a: number) => void)(8);
    run(storeModule(true), shared);
    expect(new Float64Array(shared.buffer)[1]).toBe(2.5);
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(() => run(storeModule(true), plain)).toThrow(WebAssembly.LinkError);
    expect(() => run(storeModule(false), shared)).toThrow(WebAssembly.LinkError);
  });

  it('are not emitted for a one-thread plan', () => {
    const plan = wasmPlan('ij,jk->ik', [[64, 64], [64, 64]], [[0, 1]]);
    expect(plan.sharedMemory).toBeUndefined();
    expect(plan.kernels[0]!.wasm!.parts).toBeUndefined();
  });
});
