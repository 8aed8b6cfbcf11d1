import { describe, expect, it } from 'vitest';
import { evaluateNetwork } from '../../compiler/2-network/evaluate-network.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { permuteView } from '../support/views.js';
import { compileNetwork } from '../../src/compile.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';

const random = createRandom(21);

describe('compileNetwork equals the reference evaluator', () => {
  it('for a layer and a loss: f[j] = x[i] W[i,j] + b[j]; L = f[j] y[j], with a transposed W', () => {
    const g = createGraph();
    const [x, W, b, y] = [g.input('x', ['m']), g.input('W', ['m', 'n']), g.input('b', ['n']), g.input('y', ['n'])];
    const xW = g.contract([{ node: x, indices: ['i'] }, { node: W, indices: ['i', 'j'] }], ['j']);
    const f = g.add([{ node: xW, indices: ['j'], coefficient: 1 }, { node: b, indices: ['j'], coefficient: -0.5 }], ['j']);
    const L = g.contract([{ node: f, indices: ['j'] }, { node: y, indices: ['j'] }], []);
    const compiled = compileNetwork([f, L], { x: [7], W: [7, 5], b: [5], y: [5] });
    const WT = randomArray([5, 7], random);
    const inputs = { x: randomArray([7], random), W: permuteView(WT, [1, 0]), b: randomArray([5], random), y: randomArray([5], random) };
    const got = compiled.run(inputs);
    const expected = evaluateNetwork([f, L], inputs);
    got.forEach((r, k) => expect(maxScaledDiff(r, expected[k]!)).toBeLessThan(1e-14));
  });

  it('fuses a Map into the contraction it reads, with constant factors as the scale', () => {
    const g = createGraph();
    const [x, W] = [g.input('x', [4, 6]), g.input('W', [6, 9])];
    const scaled = g.contract([{ node: g.constant(0.25), indices: [] }, { node: x, indices: ['a', 'i'] }, { node: W, indices: ['i', 'j'] }], ['a', 'j']);
    const h = g.map({ name: 'tanh' }, scaled);
    const compiled = compileNetwork([h], { x: [4, 6], W: [6, 9] });
    expect(compiled.plans[0]!.kernels).toHaveLength(1);
    expect(compiled.source).toContain('Math.tanh');
    const inputs = { x: randomArray([4, 6], random), W: randomArray([6, 9], random) };
    expect(maxScaledDiff(compiled.run(inputs)[0]!, evaluateNetwork([h], inputs)[0]!)).toBeLessThan(1e-14);
  });

  it('takes matrix functions from the reference evaluator: tr(inv(M) M) + logdet(M)', () => {
    const g = createGraph();
    const M = g.input('M', ['n', 'n']);
    const product = g.contract([{ node: g.matfn('inv', M), indices: ['i', 'j'] }, { node: M, indices: ['j', 'i'] }], []);
    const root = g.add([{ node: product, indices: [], coefficient: 1 }, { node: g.matfn('logdet', M), indices: [], coefficient: 2 }], []);
    const m = randomArray([5, 5], random);
    for (let k = 0; k < 5; k++) m.data[k * 6] = 4 + m.data[k * 6]!;
    const got = compileNetwork([root], { M: [5, 5] }).run({ M: m })[0]!;
    expect(maxScaledDiff(got, evaluateNetwork([root], { M: m })[0]!)).toBeLessThan(1e-13);
  });

  it('materialises δ, broadcasts Add terms, and keeps a node used twice alive until its last use', () => {
    const g = createGraph();
    const [A, v] = [g.input('A', ['n', 'n']), g.input('v', ['n'])];
    const Av = g.contract([{ node: A, indices: ['i', 'j'] }, { node: v, indices: ['j'] }], ['i']);
    const sq = g.map({ name: 'pow', exponent: 2 }, Av);
    const outer = g.add([
      { node: g.delta('n'), indices: ['i', 'k'], coefficient: 3 },
      { node: Av, indices: ['i'], coefficient: 1 },
      { node: sq, indices: ['k'], coefficient: -2 },
    ], ['i', 'k']);
    const root = g.contract([{ node: outer, indices: ['i', 'k'] }, { node: Av, indices: ['k'] }], ['i']);
    const compiled = compileNetwork([root, outer], { A: [6, 6], v: [6] });
    const inputs = { A: randomArray([6, 6], random), v: randomArray([6], random) };
    const got = compiled.run(inputs);
    const expected = evaluateNetwork([root, outer], inputs);
    got.forEach((r, k) => expect(maxScaledDiff(r, expected[k]!)).toBeLessThan(1e-13));
  });
});

describe('compileNetwork at the trust boundary and on bad input', () => {
  const hostile = ['constructor', '__proto__', '"];process.exit(1);//', '\u2028', "'); throw 1; ('"];

  it('never writes tensor or index names into the generated source', () => {
    const g = createGraph();
    const A = g.input(hostile[0]!, [3, 4]);
    const B = g.input(hostile[1]!, [4, 5]);
    const C = g.input(hostile[2]!, [5]);
    const AB = g.contract([{ node: A, indices: [hostile[3]!, hostile[4]!] }, { node: B, indices: [hostile[4]!, hostile[2]!] }], [hostile[3]!, hostile[2]!]);
    const root = g.add([{ node: AB, indices: [hostile[0]!, hostile[1]!], coefficient: 1 }, { node: C, indices: [hostile[1]!], coefficient: 2 }], [hostile[0]!, hostile[1]!]);
    const compiled = compileNetwork([root], Object.fromEntries([[hostile[0]!, [3, 4]], [hostile[1]!, [4, 5]], [hostile[2]!, [5]]]));
    for (const name of hostile) expect(compiled.source).not.toContain(name);
    const inputs = Object.fromEntries([[hostile[0]!, randomArray([3, 4], random)], [hostile[1]!, randomArray([4, 5], random)], [hostile[2]!, randomArray([5], random)]]);
    expect(maxScaledDiff(compiled.run(inputs)[0]!, evaluateNetwork([root], inputs)[0]!)).toBeLessThan(1e-14);
  });

  it('reports singular matrices, missing inputs and non-finite results with codes', () => {
    const g = createGraph();
    const M = g.input('M', [3, 3]);
    const codeOf = (f: () => unknown): string => { try { f(); } catch (e) { if (e instanceof RicciError) return e.code; throw e; } return 'no error'; };
    const singular = randomArray([3, 3], random);
    singular.data.set([1, 2, 3, 2, 4, 6, 0, 1, 1]);
    expect(codeOf(() => compileNetwork([g.matfn('inv', M)], { M: [3, 3] }).run({ M: singular }))).toBe('singular_matrix');
    expect(codeOf(() => compileNetwork([M], {}))).toBe('missing_input');
    const logTrace = g.map({ name: 'log' }, g.contract([{ node: M, indices: ['i', 'i'] }], []));
    const compiled = compileNetwork([logTrace], { M: [3, 3] });
    expect(codeOf(() => compiled.run({}))).toBe('missing_input');
    const zeros = randomArray([3, 3], random);
    zeros.data.fill(0);
    expect(codeOf(() => compiled.run({ M: zeros }))).toBe('non_finite_result');
  });
});
