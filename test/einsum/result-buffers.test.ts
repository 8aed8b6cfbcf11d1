import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileEinsum, createEinsum } from '../../src/index.js';
import { workerThreads } from '../../src/threads.js';

/**
 * What the README says of a result's `data.buffer`: its own in most cases (so transferring it
 * detaches nothing else), a view into a shared slab for small results and into the run's
 * WebAssembly memory for a plan whose arena is not kept; `data.slice()` always transfers alone.
 */
const values = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, k) => ((k * 7 + seed) % 11) - 5);
const ownsBuffer = (data: Float64Array): boolean => data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;

describe('result buffers', () => {
  it('a result of 1 KiB or more, or of 64 bytes or less, has a buffer of its own: transferring it leaves every other result whole', () => {
    const einsum = createEinsum();
    for (const n of [2, 16, 64]) { // 8 × (2·2 = 4 elements) = 32 B, 16² × 8 = 2 KiB, 64² × 8 = 32 KiB
      const a = ndarray(values(n * n, 1), [n, n]);
      const first = einsum('ij,jk->ik', a, a), second = einsum('ij,jk->ik', a, a);
      expect(ownsBuffer(first.data as Float64Array)).toBe(true);
      const kept = Array.from(second.data);
      structuredClone(first.data.buffer, { transfer: [first.data.buffer] });
      expect([first.data.length, Array.from(second.data)]).toEqual([0, kept]);
    }
  });

  it('a small result (over 64 bytes, up to 1 KiB) is a view into a shared slab: data.slice() is what transfers alone', () => {
    const einsum = createEinsum();
    const a = ndarray(values(64, 2), [8, 8]);
    const first = einsum('ij,jk->ik', a, a), second = einsum('ij,jk->ik', a, a);
    expect(ownsBuffer(first.data as Float64Array)).toBe(false);
    const copy = first.data.slice();
    structuredClone(copy.buffer, { transfer: [copy.buffer] });
    expect([copy.length, Array.from(first.data)]).toEqual([0, Array.from(second.data)]);
  });

  it('a result of a plan whose arena is not kept is a view into that run\'s WebAssembly memory, which a transfer does not detach', () => {
    const a = ndarray(values(128 * 128, 3), [128, 128]);
    const plan = compileEinsum('ij,jk->ik', [[128, 128], [128, 128]], { backend: 'wasm', runtime: { retainedArenaBytes: 0, keptArenaBytes: 0 } });
    const result = plan.run(a, a);
    const expected = Array.from(compileEinsum('ij,jk->ik', [[128, 128], [128, 128]], { backend: 'js' }).run(a, a).data);
    expect(Array.from(result.data)).toEqual(expected);
    expect(ownsBuffer(result.data as Float64Array)).toBe(false);
    expect(structuredClone(result.data).buffer.byteLength).toBe(result.data.buffer.byteLength); // the clone copies the whole memory
    const copy = result.data.slice();
    expect([ownsBuffer(copy as Float64Array), Array.from(copy)]).toEqual([true, expected]);
  });

  it('a threaded plan\'s fresh result has a transferable buffer of its own; its resident output is shared memory', () => {
    const a = ndarray(values(256 * 256, 4), [256, 256]);
    const plan = compileEinsum('ij,jk->ik', [[256, 256], [256, 256]], { backend: 'wasm', threads: workerThreads(2) });
    const result = plan.run(a, a);
    expect([ownsBuffer(result.data as Float64Array), result.data.buffer instanceof ArrayBuffer]).toEqual([true, true]);
    expect(plan.residentOutput().data.buffer instanceof SharedArrayBuffer).toBe(true);
  });
});
