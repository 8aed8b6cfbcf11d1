import { readFileSync } from 'node:fs';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import { compileEinsum, createCompiledEinsumCache, emitModule } from '../../src/compile.js';
import { toStridedArray, type TensorLike } from '../../src/tensor-like.js';
import { buildOperand, type CaseFixture } from '../einsum/fixture-operands.js';
import { referenceEinsum, randomOperands } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';

const load = (name: string): readonly CaseFixture[] =>
  (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { cases: CaseFixture[] }).cases;

function runFixture(c: CaseFixture, dtype: 'float64' | 'float32' = 'float64') {
  const operands = c.operands.map((o) => buildOperand(o) as TensorLike);
  const shapes = operands.map((x, k) => [...toStridedArray(x, k).shape]);
  return compileEinsum(c.subscripts, shapes, { dtype }).run(...operands);
}

describe('compiled einsum matches numpy (fixtures)', () => {
  it.each(load('lower.json').map((c) => [c.subscripts, c] as const))('lower.json: %s', (_, c) => {
    const result = runFixture(c);
    expect(result.shape).toEqual(c.expected.shape);
    expect(maxScaledDiff({ shape: result.shape, data: result.data }, c.expected)).toBe(0);
    const single = runFixture(c, 'float32');
    expect(single.data).toBeInstanceOf(Float32Array);
    expect(maxScaledDiff({ shape: single.shape, data: single.data }, c.expected)).toBeLessThan(1e-4);
  });

  it('every case of einsum.json (numpy and opt_einsum expressions, views, broadcasting)', () => {
    const failures = load('einsum.json').flatMap((c) => {
      const result = runFixture(c);
      const diff = maxScaledDiff({ shape: result.shape, data: result.data }, c.expected);
      return diff <= 1e-12 ? [] : [`${c.subscripts}: ${diff}`];
    });
    expect(failures).toEqual([]);
  });
});

describe('compileEinsum on scijs ndarrays', () => {
  it('reads transposed, reversed and sliced views in place and returns an ndarray', () => {
    const [a, b] = randomOperands([[9, 6], [9, 7]], 4);
    const compiled = compileEinsum('ij,jk->ik', [[6, 9], [9, 7]]);
    const aT = ndarray(a!.data, [9, 6]).transpose(1, 0);
    const bRev = ndarray(b!.data, [9, 7]).step(-1, 1);
    const result = compiled.run(aT, bRev);
    expect(result.shape).toEqual([6, 7]);
    expect(typeof result.get).toBe('function');
    const expected = referenceEinsum('ij,jk->ik', [toStridedArray(aT, 0), toStridedArray(bRev, 1)]);
    expect(maxScaledDiff(result, expected)).toBe(0);
  });

  it('returns a 0-d ndarray for a scalar result and accepts numbers and nested arrays', () => {
    const result = compileEinsum('i,i,->', [[3], [3], []]).run([1, 2, 3], Float64Array.of(4, 5, 6), 2);
    expect(result.shape).toEqual([]);
    expect(result.get()).toBe(2 * (4 + 10 + 18));
  });

  it('shares kernels through a caller-owned cache', () => {
    const cache = createKernelCache();
    const first = compileEinsum('ij,jk->ik', [[5, 6], [6, 7]], { cache });
    const size = cache.size;
    const second = compileEinsum('ab,bc->ac', [[5, 6], [6, 7]], { cache });
    expect(second.source).toBe(first.source);
    expect(cache.size).toBe(size);
  });
});

describe('compileEinsum errors', () => {
  const codeOf = (f: () => unknown): string => {
    try { f(); } catch (e) { if (e instanceof RicciError) return e.code; throw e; }
    return 'no error';
  };
  const compiled = compileEinsum('ij,jk->ik', [[2, 3], [3, 4]]);

  it('names the operand and both shapes when a shape differs from the compiled one', () => {
    const [a, b] = randomOperands([[2, 3], [4, 4]], 1);
    expect(() => compiled.run(a!, b!)).toThrow(/Operand 1 should have shape \(3, 4\) \(as compiled\) but has shape \(4, 4\)/);
  });

  it('reports a wrong operand count and invalid paths with stable codes', () => {
    expect(codeOf(() => compiled.run(...randomOperands([[2, 3]], 1)))).toBe('operand_count_mismatch');
    const withPath = (path: number[][]) => () => compileEinsum('ij,jk,kl', [[2, 2], [2, 2], [2, 2]], { path });
    for (const path of [[[0, 3]], [[1, 1]], [[0, 1]]]) expect(codeOf(withPath(path))).toBe('path_invalid');
    expect(withPath([[0, 3]])).toThrow(/\[\[0,3\]\] for 3 operands .*step 0 names position 3, but only positions 0\.\.2 exist/);
    expect(withPath([[1, 1]])).toThrow(/step 0 names position 1 twice/);
    expect(withPath([[0, 1]])).toThrow(/2 operands remain after the last step/);
  });
});

describe('the compiled-einsum cache', () => {
  it('returns the same compiled plan for the same call, evicts the least recently used, and stays bounded', () => {
    const cache = createCompiledEinsumCache(2);
    const a = cache.get('ij,jk->ik', [[2, 3], [3, 4]]);
    expect(cache.get('ij,jk->ik', [[2, 3], [3, 4]])).toBe(a);
    const b = cache.get('ij->ji', [[2, 3]]);
    cache.get('ij,jk->ik', [[2, 3], [3, 4]]);
    cache.get('i->', [[5]]);
    expect(cache.size).toBe(2);
    expect(cache.get('ij,jk->ik', [[2, 3], [3, 4]])).toBe(a);
    expect(cache.get('ij->ji', [[2, 3]])).not.toBe(b);
    expect(cache.get('ij,jk->ik', [[2, 3], [3, 4]], { dtype: 'float32' })).not.toBe(a);
  });
});

describe('compile options are checked, never read as a default', () => {
  const codeOf = (f: () => unknown): string => {
    try { f(); } catch (e) { return (e as { code?: string }).code ?? `not a RicciError: ${String(e)}`; }
    return 'no error';
  };
  it.each([
    [{ backend: 'cuda' }, "Option backend is 'cuda'; it must be one of 'js', 'wasm', 'auto'"],
    [{ dtype: 'int8' }, "Option dtype is 'int8'; it must be one of 'float64', 'float32'"],
    [{ runtime: { retainedArenaBytes: -1 } }, 'Option runtime.retainedArenaBytes is -1'],
  ])('%j', (options, message) => {
    const bad = options as Parameters<typeof compileEinsum>[2];
    expect(codeOf(() => compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], bad))).toBe('compile_option_invalid');
    expect(() => compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], bad)).toThrow(message);
    expect(codeOf(() => emitModule('ij,jk->ik', [[2, 2], [2, 2]], bad))).toBe('compile_option_invalid');
  });
});
