import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import { compileEinsum, type Backend } from '../../src/compile.js';
import { workerThreads } from '../../src/threads.js';
import { randomOperands, referenceEinsum } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';
import { buildOperand, type CaseFixture } from '../einsum/fixture-operands.js';
import { toStridedArray, type TensorLike } from '../../src/tensor-like.js';
import { toDense, type DenseArray, type DType } from '../../runtime/strided-array.js';

type Nd = ndarray.NdArray<Float64Array | Float32Array>;

const forms = [
  'ij,ij->ij', 'i,j->ij', 'i,ij->j', 'ij->j', 'ij->i', 'ij,j->i', 'ij,ij->i', 'ij,ij->', 'i,ij,j->', 'ij,jk,k->i', 'bij,bj->bi', 'ij,jk->ik',
] as const;
const sizes = [1, 2, 3, 5, 7, 9, 16, 17, 33];

function shapesOf(form: string, extents: readonly number[]): number[][] {
  const size = Object.fromEntries([...'bijk'].map((c, x) => [c, extents[x]!]));
  return form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
}

/** A plain copy of an ndarray's data (a resident one's data is a view into the plan's memory). */
const copyOf = (a: Nd): Nd => ndarray(a.data.slice(), a.shape);
const asDense = (a: Nd): DenseArray => ({ data: Float64Array.from(a.data), shape: a.shape, stride: a.stride, offset: a.offset });

describe('compileEinsum().residentInputs(): operands in the plan\'s memory', () => {
  it('give the reference evaluator\'s result within rounding, the plain run\'s bit for bit where both add alike', () => {
    let streaming = 0;
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(...sizes), { minLength: 4, maxLength: 4 }),
      fc.constantFrom<DType>('float64', 'float32'), fc.constantFrom<Backend>('wasm', 'auto'), fc.nat(), (form, extents, dtype, backend, seed) => {
        const shapes = shapesOf(form, extents);
        const plan = compileEinsum(form, shapes, { dtype, backend });
        const inputs = plan.residentInputs() as Nd[];
        expect(inputs.map((a) => a.shape)).toEqual(shapes);
        expect(inputs.every((a) => a.data instanceof (dtype === 'float32' ? Float32Array : Float64Array))).toBe(true);
        randomOperands(shapes, seed).forEach((d, k) => inputs[k]!.data.set(d.data));
        const resident = plan.run(...inputs);
        const plain = plan.run(...inputs.map(copyOf));
        const reference = referenceEinsum(form, inputs.map(asDense));
        const depth = Math.max(...extents) ** 2;
        const tolerance = (dtype === 'float32' ? 2 ** -24 : 2 ** -52) * 8 * depth;
        expect(maxScaledDiff(resident, reference)).toBeLessThan(tolerance);
        expect(maxScaledDiff(resident, plain)).toBeLessThan(tolerance);
        // products (one rounding each) and float64 accumulations (rows in order) add as the JavaScript kernels do; x·A with
        // one column is a dot product, whose WebAssembly kernel adds in 4 vector accumulators (within the tolerance above)
        const dot = form === 'i,ij->j' && extents[2] === 1;
        if (form === 'ij,ij->ij' || form === 'i,j->ij' || (dtype === 'float64' && !dot && (form === 'i,ij->j' || form === 'ij->j')))
          expect([...resident.data]).toEqual([...plain.data]);
        // the same arrays on every call
        expect(plan.residentInputs()[0]).toBe(inputs[0]);
        if (plan.plan.kernels.some((k) => k.wasm?.stream)) streaming++;
      }), { numRuns: 200, seed: 71 });
    expect(streaming).toBeGreaterThan(50);
  });

  it('run memory-bound steps in WebAssembly on them (only there), and see what is written into them before each run', () => {
    const plan = compileEinsum('i,ij->j', [[64], [64, 48]], { backend: 'wasm' });
    expect(plan.plan.kernels[0]!.wasm?.stream).toBe('in-place');
    const [x, A] = plan.residentInputs() as [Nd, Nd];
    const [dx, dA] = randomOperands([[64], [64, 48]], 5);
    x.data.set(dx!.data);
    A.data.set(dA!.data);
    const first = plan.run(x, A);
    expect([...first.data]).toEqual([...referenceEinsum('i,ij->j', [dx!, dA!]).data]);
    A.set(3, 7, 1000);
    x.data[3] = 2;
    const second = plan.run(x, A);
    expect(second.data[7]).toBeCloseTo(first.data[7]! + 2 * 1000 - dx!.data[3]! * dA!.data[3 * 48 + 7]!, 9);
    expect(first.data[7]).not.toBe(second.data[7]);
    // float32: the SIMD kernel rounds every add to float32, the JavaScript one sums 8 rows in float64 before it stores:
    // the resident run differs from the JavaScript plan's somewhere, both within float32 rounding of the reference
    const single = compileEinsum('i,ij->j', [[256], [256, 64]], { backend: 'wasm', dtype: 'float32' });
    const script = compileEinsum('i,ij->j', [[256], [256, 64]], { backend: 'js', dtype: 'float32' });
    const [y, B] = single.residentInputs() as [Nd, Nd];
    const [dy, dB] = randomOperands([[256], [256, 64]], 6);
    y.data.set(dy!.data);
    B.data.set(dB!.data);
    const simd = single.run(y, B), js = script.run(copyOf(y), copyOf(B));
    expect([...simd.data].some((v, k) => v !== js.data[k])).toBe(true);
    const reference = referenceEinsum('i,ij->j', [asDense(y), asDense(B)]);
    expect(maxScaledDiff(simd, reference)).toBeLessThan(2 ** -24 * 256);
    expect(maxScaledDiff(js, reference)).toBeLessThan(2 ** -24 * 256);
  });

  it('a foreign or stale view (another plan\'s resident inputs, a slice of them) is read like any array', () => {
    const shapes = [[40, 24], [40, 24]];
    const one = compileEinsum('ij,ij->ij', shapes, { backend: 'wasm' });
    const other = compileEinsum('ij,ij->ij', shapes, { backend: 'wasm' });
    const [a, b] = one.residentInputs() as [Nd, Nd];
    const [c, d] = other.residentInputs() as [Nd, Nd];
    const dense = randomOperands(shapes, 9);
    for (const [x, k] of [[a, 0], [b, 1], [c, 0], [d, 1]] as const) x.data.set(dense[k]!.data);
    const expected = [...referenceEinsum('ij,ij->ij', dense).data];
    expect([...one.run(c, d).data]).toEqual(expected);
    expect([...one.run(a, d).data]).toEqual(expected);
    expect([...other.run(a, b).data]).toEqual(expected);
    // a transposed view of a resident input: another layout, another plan, same values
    const t = compileEinsum('ji,ij->ij', [[24, 40], [40, 24]], { backend: 'wasm' });
    const [p, q] = t.residentInputs() as [Nd, Nd];
    for (let i = 0; i < 24; i++) for (let j = 0; j < 40; j++) p.set(i, j, a.get(j, i));
    q.data.set(b.data);
    expect([...t.run(p, q).data]).toEqual(expected);
    expect([...t.run(a.transpose(1, 0) as Nd, b).data]).toEqual(expected);
  });

  it('with out=: written into out; an out overlapping a resident input is refused', () => {
    const plan = compileEinsum('ij,ij->ij', [[8, 8], [8, 8]], { backend: 'wasm', dtype: 'float32' });
    const [a, b] = plan.residentInputs() as [Nd, Nd];
    const dense = randomOperands([[8, 8], [8, 8]], 2);
    a.data.set(dense[0]!.data);
    b.data.set(dense[1]!.data);
    const out = ndarray(new Float32Array(64), [8, 8]);
    expect(plan.run(a, b, { out })).toBe(out);
    expect([...out.data]).toEqual([...referenceEinsum('ij,ij->ij', dense.map((d) => ({ ...d, data: Float64Array.from(Float32Array.from(d.data)) }))).data].map(Math.fround));
    let code = '';
    try { plan.run(a, b, { out: a as ndarray.NdArray<Float32Array> }); } catch (e) { code = isRicciError(e) ? e.code : 'not a RicciError'; }
    expect(code).toBe('einsum_out_overlap');
  });

  it('a plan without WebAssembly (backend js) gets plain arrays it reads in place; a large plan pins its arena', () => {
    const js = compileEinsum('ij,j->i', [[5, 3], [3]], { backend: 'js' });
    const [A, x] = js.residentInputs() as [Nd, Nd];
    A.data.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    x.data.set([1, 0, -1]);
    expect([...js.run(A, x).data]).toEqual([-2, -2, -2, -2, -2]);
    // over every arena limit: the arena would be made per run, but resident inputs keep one with the plan
    const cache = createKernelCache();
    const big = compileEinsum('ij,ij->i', [[300, 200], [300, 200]], { backend: 'wasm', cache, runtime: { retainedArenaBytes: 0, keptArenaBytes: 0 } });
    const [u, v] = big.residentInputs() as [Nd, Nd];
    const dense = randomOperands([[300, 200], [300, 200]], 4);
    u.data.set(dense[0]!.data);
    v.data.set(dense[1]!.data);
    expect(maxScaledDiff(big.run(u, v), referenceEinsum('ij,ij->i', dense))).toBeLessThan(1e-14);
    expect(u.data.buffer).toBe(big.residentInputs()[0]!.data.buffer);
    // an arena the cache's keeper held for the plan is let go once the plan has its own
    const kept = compileEinsum('ij,ij->ij', [[300, 200], [300, 200]], { backend: 'wasm', cache, runtime: { retainedArenaBytes: 0 } });
    const [w, z] = kept.residentInputs() as [Nd, Nd];
    expect(cache.wasm.arenas.bytes).toBe(0);
    const plainKept = compileEinsum('ij,jk->ik', [[64, 64], [64, 64]], { backend: 'wasm', cache, runtime: { retainedArenaBytes: 0 } });
    plainKept.run(...randomOperands([[64, 64], [64, 64]], 1));
    expect(cache.wasm.arenas.bytes).toBeGreaterThan(0);
    plainKept.residentInputs();
    expect(cache.wasm.arenas.bytes).toBe(0);
    w.data.set(dense[0]!.data);
    z.data.set(dense[1]!.data);
    expect([...kept.run(w, z).data]).toEqual([...referenceEinsum('ij,ij->ij', dense).data]);
    expect(maxScaledDiff(big.run(u, v), referenceEinsum('ij,ij->i', dense))).toBeLessThan(1e-14);
  });

  it('in a threaded plan: views of its shared memory, the GEMM split across threads, the Hadamard-reduce of its result in place', () => {
    const n = 256;
    const shapes = [[n, n], [n, n], [n, n]];
    const plan = compileEinsum('ij,jk,ik->i', shapes, { backend: 'wasm', threads: workerThreads(2), path: [[0, 1], [0, 1]] });
    expect(plan.plan.sharedMemory).toBe(true);
    expect(plan.plan.kernels.map((k) => (k.wasm?.parts ? 'parts' : k.wasm?.stream ? 'stream' : 'other'))).toEqual(['parts', 'stream']);
    const inputs = plan.residentInputs() as Nd[];
    expect(inputs.every((a) => a.data.buffer instanceof SharedArrayBuffer)).toBe(true);
    const dense = randomOperands(shapes, 8);
    inputs.forEach((a, k) => a.data.set(dense[k]!.data));
    const resident = plan.run(...inputs);
    expect(maxScaledDiff(resident, referenceEinsum('ij,jk,ik->i', dense))).toBeLessThan(1e-11);
    expect(maxScaledDiff(resident, plan.run(...dense.map((d) => ndarray(d.data, [...d.shape]))))).toBeLessThan(1e-11);
  });

  it.each(['lower.json', 'einsum.json'])('%s: every numpy fixture through resident inputs (values copied in by index) within 1e-12 of numpy', (file) => {
    const cases = (JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as { cases: CaseFixture[] }).cases;
    let streams = 0;
    const failures = cases.flatMap((c) => {
      const given = c.operands.map((o, k) => toStridedArray(buildOperand(o) as TensorLike, k));
      const plan = compileEinsum(c.subscripts, given.map((a) => [...a.shape]), { backend: 'wasm' });
      const inputs = plan.residentInputs() as Nd[];
      given.forEach((a, k) => inputs[k]!.data.set(toDense(a).data));
      streams += plan.plan.kernels.filter((k) => k.wasm?.stream !== undefined).length;
      const got = plan.run(...inputs);
      const numpy = maxScaledDiff({ shape: got.shape, data: got.data }, c.expected);
      return numpy <= 1e-12 ? [] : [`${c.subscripts}: ${numpy}`];
    });
    expect(failures).toEqual([]);
    expect(streams).toBeGreaterThan(0);
  });
});
