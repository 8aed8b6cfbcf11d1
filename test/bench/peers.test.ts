import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { syncContender, relativeDifference, timeInterleaved, type Contender } from '../../bench/peers/interleave.js';
import { numpyEinsum, startNumpy } from '../../bench/peers/numpy.js';
import { loadOnnxRuntime, onnxPeer } from '../../bench/peers/onnxruntime.js';
import { createRandom, randomArray } from '../support/random.js';

function reference(subscripts: string, ops: readonly DenseArray[]): DenseArray {
  const spec = resolveEinsum(subscripts, ops.map((o) => o.shape));
  const g = createGraph();
  const node = g.contract(spec.inputs.map((indices, k) => ({ node: g.input(`t${k}`, ops[k]!.shape), indices })), spec.output);
  return evaluateOne(node, Object.fromEntries(ops.map((o, k) => [`t${k}`, o])));
}

const equations: [string, number[][]][] = [
  ['ij,jk->ik', [[3, 4], [4, 5]]],
  ['ij,jk->ki', [[3, 4], [4, 2]]],
  ['bhqd,bhkd->bhqk', [[2, 3, 4, 5], [2, 3, 6, 5]]],
  ['ij->j', [[4, 7]]],
  ['i,ij,j->', [[3], [3, 4], [4]]],
  ['i,j->ij', [[3], [5]]],
  ['ab,bcd,de->ace', [[2, 3], [3, 4, 5], [5, 2]]],
  ['ea,fb,abcd,gc,hd->efgh', [[2, 3], [2, 2], [3, 2, 4, 2], [3, 4], [2, 2]]],
];

describe('onnxruntime-web peer: the hand-written one-node Einsum model', async () => {
  const ort = await loadOnnxRuntime();
  it('loads', () => expect(typeof ort).not.toBe('string'));
  if (typeof ort === 'string') return;
  for (const [subscripts, shapes] of equations)
    it(`computes ${subscripts} as the reference evaluator does, in float64 and float32`, async () => {
      const random = createRandom(7);
      const ops = shapes.map((s) => randomArray(s, random));
      const expected = reference(subscripts, ops);
      for (const [dtype, tolerance] of [['float64', 1e-14], ['float32', 1e-6]] as const) {
        const peer = await onnxPeer(ort, subscripts, ops, expected.shape, dtype);
        const got = await peer.run();
        await peer.dispose();
        expect(got).toBeInstanceOf(dtype === 'float64' ? Float64Array : Float32Array);
        expect(relativeDifference(got, expected.data)).toBeLessThan(tolerance);
      }
    });
});

describe('relativeDifference', () => {
  it('is the largest error over the largest reference magnitude; Infinity for NaN or a length mismatch', () => {
    expect(relativeDifference([1, -4, 2], [1, -4, 2])).toBe(0);
    expect(relativeDifference([1, -4, 2.5], [1, -4, 2])).toBe(0.5 / 4);
    expect(relativeDifference([1, Number.NaN, 2], [1, -4, 2])).toBe(Infinity);
    expect(relativeDifference([1, 2], [1, 2, 3])).toBe(Infinity);
  });
});

describe('timeInterleaved', () => {
  const schedule = { rounds: 4, budgetMs: 150, warmMs: 1, sampleMs: 0.1 };
  it('times correct contenders in rotated rounds, and never times a wrong or an over-budget one', async () => {
    const order: string[] = [];
    const counting = (name: string, result: number[], busyMs = 0): Contender => {
      const c = syncContender(name, 'float64', () => {
        const until = performance.now() + busyMs;
        while (performance.now() < until);
        return result;
      });
      return { ...c, sample: (inner) => { order.push(name); return c.sample(inner); } };
    };
    const outcomes = await timeInterleaved([
      counting('a', [1, 2]), counting('b', [1, 2 + 1e-12]), counting('wrong', [1, 3]), counting('slow', [1, 2], 300),
    ], [1, 2], schedule);
    expect(outcomes.get('a')).toMatchObject({ kind: 'timed', diff: 0 });
    expect(outcomes.get('b')).toMatchObject({ kind: 'timed' });
    expect(outcomes.get('wrong')).toEqual({ kind: 'wrong', diff: 0.5 });
    expect(outcomes.get('slow')).toMatchObject({ kind: 'skipped' });
    expect(order).toEqual(['a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
  });
});

describe('numpy peer', async () => {
  const previous = process.env.OPENBLAS_NUM_THREADS;
  process.env.OPENBLAS_NUM_THREADS = '2'; // the child must override it
  const numpy = await startNumpy();
  process.env.OPENBLAS_NUM_THREADS = previous;
  it.skipIf(typeof numpy === 'string')('runs one BLAS thread and returns numpy\'s result through its files', async () => {
    if (typeof numpy === 'string') return;
    try {
      expect(numpy.description).toMatch(/1 thread\(s\)/);
      const random = createRandom(3);
      const ops = [randomArray([3, 4], random), randomArray([4, 5], random)];
      await numpy.load('k', ops.map((o) => ({ data: o.data as Float64Array, shape: o.shape })));
      const got = await numpy.result('k', 'np.einsum("ij,jk->ki", *t, optimize=True)');
      expect(relativeDifference(got, reference('ij,jk->ki', ops).data)).toBeLessThan(1e-14);
      expect(await numpy.sample('k', 't[0] @ t[1]', 3)).toBeGreaterThan(0);
      // np.einsum's permutation is a view of its operand; the bench's numpy einsum column copies it (and only such views)
      const shares = (e: string): Promise<Float64Array> => numpy.result('k', `np.array(float(np.may_share_memory(${e}, t[0])))`);
      expect([...await shares('np.einsum("ij->ji", *t[:1])')]).toEqual([1]);
      await numpy.load('t', [{ data: ops[0]!.data as Float64Array, shape: ops[0]!.shape }]);
      expect([...await numpy.result('t', numpyEinsum('ij->ji'))]).toEqual([...reference('ij->ji', ops.slice(0, 1)).data]);
      expect([...await numpy.result('t', `np.array(float(np.may_share_memory(${numpyEinsum('ij->ji')}, t[0])))`)]).toEqual([0]);
    } finally {
      numpy.close();
    }
  });
});
