import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import { evaluateNetwork } from '../../compiler/2-network/evaluate-network.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import { compileEinsum, compileNetwork, emitModule, type Backend } from '../../src/compile.js';
import { toStridedArray, type TensorLike } from '../../src/tensor-like.js';
import { buildOperand, type CaseFixture } from '../einsum/fixture-operands.js';
import { randomProgram } from '../language/random-program.js';
import { randomOperands, referenceEinsum } from '../5-lower/lower-support.js';
import { createRandom, maxScaledDiff } from '../support/random.js';

const load = (name: string): readonly CaseFixture[] =>
  (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { cases: CaseFixture[] }).cases;

function runFixture(c: CaseFixture, backend: Backend) {
  const operands = c.operands.map((o) => buildOperand(o) as TensorLike);
  const shapes = operands.map((x, k) => [...toStridedArray(x, k).shape]);
  const compiled = compileEinsum(c.subscripts, shapes, { backend });
  return { result: compiled.run(...operands), wasm: compiled.plan.kernels.filter((k) => k.wasm).length };
}

describe("backend 'wasm' on the numpy fixtures", () => {
  it.each(['lower.json', 'einsum.json'])('%s: every case within 1e-12 of numpy and of the JS backend', (file) => {
    let wasmKernels = 0;
    const failures = load(file).flatMap((c) => {
      const wasm = runFixture(c, 'wasm');
      const js = runFixture(c, 'js');
      wasmKernels += wasm.wasm;
      expect(js.wasm).toBe(0);
      const numpy = maxScaledDiff({ shape: wasm.result.shape, data: wasm.result.data }, c.expected);
      const agree = maxScaledDiff(wasm.result, js.result);
      return numpy <= 1e-12 && agree <= 1e-12 ? [] : [`${c.subscripts}: numpy ${numpy}, js ${agree}`];
    });
    expect(failures).toEqual([]);
    expect(wasmKernels).toBeGreaterThan(0);
  });
});

describe("backend 'wasm' in compileNetwork", () => {
  it('equals the reference evaluator on random Ricci programs (scaled contractions, sums, maps)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const { text, inputs } = randomProgram(createRandom(seed));
      const roots = [...buildProgram(parseRicci(text)).definitions.values()].map((d) => d.node);
      let expected;
      try { expected = evaluateNetwork(roots, inputs); } catch (e) { if (isRicciError(e)) return; throw e; }
      fc.pre(expected.every((t) => t.data.every(Number.isFinite)));
      const shapes = Object.fromEntries(Object.entries(inputs).map(([name, a]) => [name, a.shape]));
      const got = compileNetwork(roots, shapes, { backend: 'wasm' }).run(inputs);
      got.forEach((r, k) => expect(maxScaledDiff(r, expected[k]!), text).toBeLessThan(1e-10));
    }), { numRuns: 100, seed: 9 });
  });
});

describe('backend choice', () => {
  const shapes5 = [[10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]];

  it("'auto' runs the 5-operand expression and large matmuls in WebAssembly, tiny steps in JavaScript", () => {
    const five = compileEinsum('ea,fb,abcd,gc,hd->efgh', shapes5);
    expect(five.plan.kernels.every((k) => k.wasm !== undefined)).toBe(true);
    expect(compileEinsum('ij,jk->ik', [[64, 64], [64, 64]]).plan.kernels[0]!.wasm).toBeDefined();
    expect(compileEinsum('ij,jk->ik', [[3, 3], [3, 3]]).plan.kernels[0]!.wasm).toBeUndefined();
    expect(compileEinsum('ij,j->i', [[16, 16], [16]]).plan.kernels[0]!.wasm).toBeUndefined();
    const ops = randomOperands(shapes5, 9);
    const js = compileEinsum('ea,fb,abcd,gc,hd->efgh', shapes5, { backend: 'js' });
    expect(maxScaledDiff(five.run(...ops), js.run(...ops))).toBeLessThan(1e-12);
  });

  it("'js' never attaches WebAssembly, float32 attaches f32x4 kernels; the JavaScript source is the same either way", () => {
    const shapes = [[64, 64], [64, 64]];
    expect(compileEinsum('ij,jk->ik', shapes, { backend: 'js' }).plan.kernels[0]!.wasm).toBeUndefined();
    expect(compileEinsum('ij,jk->ik', shapes, { backend: 'js', dtype: 'float32' }).plan.kernels[0]!.wasm).toBeUndefined();
    expect(compileEinsum('ij,jk->ik', shapes, { backend: 'wasm', dtype: 'float32' }).plan.kernels[0]!.wasm).toBeDefined();
    expect(compileEinsum('ij,jk->ik', shapes, { backend: 'wasm' }).source).toBe(compileEinsum('ij,jk->ik', shapes, { backend: 'js' }).source);
  });

  it("'wasm' attaches WebAssembly to every matrix product but not to matrix–vector products (the micro-kernel would pack the matrix)", () => {
    // GEMM kernels; memory-bound steps get a SIMD kernel that runs only on operands already in the arena (wasm-stream.test.ts)
    const wasmKernels = (s: string, shapes: number[][]): number =>
      compileEinsum(s, shapes, { backend: 'wasm' }).plan.kernels.filter((k) => k.wasm !== undefined && k.wasm.stream === undefined).length;
    expect(wasmKernels('ij,jk->ik', [[3, 3], [3, 3]])).toBe(1);
    expect(wasmKernels('ij,jk->ik', [[2, 64], [64, 2]])).toBe(1);
    expect(wasmKernels('ij,j->i', [[64, 64], [64]])).toBe(0);
    expect(wasmKernels('i,ij->j', [[64], [64, 64]])).toBe(0);
    expect(wasmKernels('i,ij,j->', [[64], [64, 64], [64]])).toBe(0);
    expect(wasmKernels('bij,bj->bi', [[4, 32, 32], [4, 32]])).toBe(0);
    const ops = randomOperands([[33, 65], [65]], 4);
    expect(maxScaledDiff(compileEinsum('ij,j->i', [[33, 65], [65]], { backend: 'wasm' }).run(...ops),
      compileEinsum('ij,j->i', [[33, 65], [65]], { backend: 'js' }).run(...ops))).toBe(0);
  });

  it('repeated runs reuse the arena and give the same numbers; operands are never written', () => {
    const compiled = compileEinsum('ea,fb,abcd,gc,hd->efgh', shapes5, { backend: 'wasm' });
    const ops = randomOperands(shapes5, 3);
    const copies = ops.map((o) => Float64Array.from(o.data));
    const first = compiled.run(...ops);
    const second = compiled.run(...ops);
    expect(Array.from(second.data)).toEqual(Array.from(first.data));
    expect(first.data.buffer).not.toBe(second.data.buffer);
    ops.forEach((o, k) => expect(Array.from(o.data)).toEqual(Array.from(copies[k]!)));
  });

  for (const [how, runtime] of [['made per run', { retainedArenaBytes: 0, keptArenaBytes: 0 }], ['kept by the cache', { retainedArenaBytes: 0 }]] as const)
    it(`with arenas ${how}, repeated runs still equal the reference evaluator and earlier results stay`, () => {
      const shapes = [[4, 5], [3, 6], [5, 6, 7, 2], [9, 7], [3, 2]];
      const compiled = compileEinsum('ea,fb,abcd,gc,hd->efgh', shapes, { backend: 'wasm', runtime });
      const first = compiled.run(...randomOperands(shapes, 9));
      const snapshot = Array.from(first.data);
      for (let seed = 0; seed < 3; seed++) {
        const ops = randomOperands(shapes, seed);
        const expected = referenceEinsum('ea,fb,abcd,gc,hd->efgh', ops);
        for (let run = 0; run < 2; run++) expect(maxScaledDiff(compiled.run(...ops), expected)).toBeLessThan(1e-12);
      }
      expect(Array.from(first.data)).toEqual(snapshot);
    });

  it('shares WebAssembly modules through the caller-owned cache', () => {
    const cache = createKernelCache();
    compileEinsum('ij,jk->ik', [[32, 32], [32, 32]], { cache, backend: 'wasm' });
    compileEinsum('ij,jk->ik', [[32, 32], [32, 32]], { cache, backend: 'wasm' });
    expect(cache.wasm.size).toBe(1);
  });

  it("without SIMD, 'auto' runs JavaScript and 'wasm' is a coded error", () => {
    const cache = createKernelCache();
    const noSimd = { ...cache, get: cache.get, wasm: { ...cache.wasm, get: cache.wasm.get, supportsSimd: () => false } };
    expect(compileEinsum('ij,jk->ik', [[64, 64], [64, 64]], { cache: noSimd }).plan.kernels[0]!.wasm).toBeUndefined();
    expect(() => compileEinsum('ij,jk->ik', [[64, 64], [64, 64]], { cache: noSimd, backend: 'wasm' }))
      .toThrow(expect.objectContaining({ code: 'wasm_simd_unavailable' }));
  });

  it('emitModule stays plain JavaScript', () => {
    const source = emitModule('ij,jk->ik', [[64, 64], [64, 64]]);
    expect(source).not.toContain('WebAssembly');
  });
});
