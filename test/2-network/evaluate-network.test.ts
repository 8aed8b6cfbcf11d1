import { describe, expect, it } from 'vitest';
import { checkNetwork } from '../../compiler/2-network/check-network.js';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { permuteView } from '../support/views.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';

describe('reference evaluator', () => {
  const random = createRandom(7);

  it('contracts a matrix product and reads transposed views through strides', () => {
    const g = createGraph();
    const A = g.input('A', ['n', 'k']);
    const B = g.input('B', ['k', 'm']);
    const C = g.contract([{ node: A, indices: ['i', 'j'] }, { node: B, indices: ['j', 'l'] }], ['l', 'i']);
    expect(checkNetwork([C])).toEqual([]);
    const a = randomArray([3, 4], random);
    const bT = randomArray([5, 4], random);
    const b = permuteView(bT, [1, 0]);
    const c = evaluateOne(C, { A: a, B: b });
    expect(c.shape).toEqual([5, 3]);
    for (let i = 0; i < 3; i++)
      for (let l = 0; l < 5; l++) {
        let s = 0;
        for (let j = 0; j < 4; j++) s += a.data[i * 4 + j]! * bT.data[l * 4 + j]!;
        expect(c.data[l * 3 + i]).toBeCloseTo(s, 12);
      }
  });

  it('takes traces and diagonals from repeated indices', () => {
    const g = createGraph();
    const M = g.input('M', [3, 3]);
    const tr = g.contract([{ node: M, indices: ['i', 'i'] }], []);
    const diag = g.contract([{ node: M, indices: ['i', 'i'] }], ['i']);
    const m = randomArray([3, 3], random);
    expect(evaluateOne(tr, { M: m }).data[0]).toBeCloseTo(m.data[0]! + m.data[4]! + m.data[8]!, 14);
    expect([...evaluateOne(diag, { M: m }).data]).toEqual([m.data[0], m.data[4], m.data[8]]);
  });

  it('broadcasts missing indices in Add and scales by coefficients', () => {
    const g = createGraph();
    const X = g.input('X', [2, 3]);
    const b = g.input('b', [3]);
    const s = g.add([{ node: X, indices: ['a', 'j'], coefficient: 1 }, { node: b, indices: ['j'], coefficient: -2 }], ['a', 'j']);
    const x = randomArray([2, 3], random);
    const bv = randomArray([3], random);
    const out = evaluateOne(s, { X: x, b: bv });
    for (let a = 0; a < 2; a++) for (let j = 0; j < 3; j++) expect(out.data[a * 3 + j]).toBeCloseTo(x.data[a * 3 + j]! - 2 * bv.data[j]!, 14);
  });

  it('inverts, takes determinants, and agrees with inv(M) M = I', () => {
    const g = createGraph();
    const M = g.input('M', [4, 4]);
    const prod = g.contract([{ node: g.matfn('inv', M), indices: ['i', 'j'] }, { node: M, indices: ['j', 'k'] }], ['i', 'k']);
    const m = randomArray([4, 4], random);
    for (let k = 0; k < 4; k++) m.data[k * 5]! += 3;
    const eye = evaluateOne(g.delta(4), {});
    expect(maxScaledDiff(evaluateOne(prod, { M: m }), eye)).toBeLessThan(1e-12);
    const det = evaluateOne(g.matfn('det', M), { M: m }).data[0]!;
    expect(evaluateOne(g.matfn('logdet', M), { M: m }).data[0]).toBeCloseTo(Math.log(Math.abs(det)), 12);
  });

  it('hash-conses structurally equal networks up to index renaming', () => {
    const g = createGraph();
    const A = g.input('A', [2, 2]);
    const one = g.contract([{ node: A, indices: ['i', 'j'] }, { node: A, indices: ['j', 'k'] }], ['i', 'k']);
    const two = g.contract([{ node: A, indices: ['p', 'q'] }, { node: A, indices: ['q', 'r'] }], ['p', 'r']);
    const transposed = g.contract([{ node: A, indices: ['p', 'q'] }, { node: A, indices: ['q', 'r'] }], ['r', 'p']);
    expect(two).toBe(one);
    expect(transposed).not.toBe(one);
  });

  it('reports missing inputs, shape conflicts, singular matrices and NaN-producing maps as RicciErrors', () => {
    const g = createGraph();
    const A = g.input('A', ['n', 'n']);
    const B = g.input('B', ['n']);
    const net = g.contract([{ node: A, indices: ['i', 'j'] }, { node: B, indices: ['j'] }], ['i']);
    const codeOf = (f: () => unknown): string => {
      try { f(); } catch (e) { return e instanceof RicciError ? e.code : `not a RicciError: ${e}`; }
      return 'no error';
    };
    expect(codeOf(() => evaluateOne(net, { A: randomArray([2, 2], random) }))).toBe('missing_input');
    expect(codeOf(() => evaluateOne(net, { A: randomArray([2, 2], random), B: randomArray([3], random) }))).toBe('input_size_conflict');
    expect(codeOf(() => evaluateOne(g.matfn('inv', A), { A: randomArray([2, 0], random) }))).toBe('input_size_conflict');
    const zeros = randomArray([2, 2], random).data.fill(0);
    expect(codeOf(() => evaluateOne(g.matfn('inv', A), { A: { data: zeros, shape: [2, 2], stride: [2, 1], offset: 0 } }))).toBe('singular_matrix');
    const neg = { data: new Float64Array([-1, 2]), shape: [2], stride: [1], offset: 0 };
    expect(codeOf(() => evaluateOne(g.map({ name: 'log' }, B), { B: neg }))).toBe('non_finite_result');
  });

  it('checkNetwork reports size conflicts with the index and both sizes', () => {
    const g = createGraph();
    const A = g.input('A', [2, 3]);
    const B = g.input('B', [4, 5]);
    const bad = g.contract([{ node: A, indices: ['i', 'j'] }, { node: B, indices: ['j', 'k'] }], ['i', 'k']);
    expect(checkNetwork([bad])).toEqual([`node #${bad.id} (contract): index 'j' has size 3 and 4 (operand 1)`]);
  });
});
