import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph, type Graph } from '../../compiler/2-network/graph.js';
import type { Factor, IndexName, Node } from '../../compiler/2-network/network.js';
import { toMatrixNotation, type MatrixViewOptions } from '../../compiler/views/matrix-notation/to-matrix-notation.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { grad, jacobian } from '../../src/derive.js';
import * as views from '../../src/index.js';
import { createRandom, randomArray } from '../support/random.js';
import { evaluateMatrix, type Matrix } from './matrix-evaluate.js';

const f = (node: Node, ...indices: IndexName[]): Factor => ({ node, indices });
const sizes: Readonly<Record<IndexName, number>> = { i: 2, j: 3, k: 4, l: 5 };

/** The reference value as a matrix (rank-1 → column), transposed when asked. */
function reference(node: Node, env: Record<string, DenseArray>, transposed: boolean): Matrix {
  const v = evaluateOne(node, env);
  const [rows, cols] = [v.shape[0] ?? 1, v.shape[1] ?? 1];
  const data = Float64Array.from(v.data);
  if (!transposed) return { rows, cols, data };
  const t = new Float64Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = data[r * cols + c]!;
  return { rows: cols, cols: rows, data: t };
}

function expectSameMatrix(actual: Matrix, expected: Matrix, what: string): void {
  expect([actual.rows, actual.cols], what).toEqual([expected.rows, expected.cols]);
  actual.data.forEach((x, k) => expect(Math.abs(x - expected.data[k]!), what).toBeLessThan(1e-10 * Math.max(1, Math.abs(expected.data[k]!))));
}

function patterns(g: Graph) {
  const x = g.input('x', [2]);
  const y = g.input('y', [3]);
  const z = g.input('z', [2]);
  const A = g.input('A', [2, 3]);
  const B = g.input('B', [3, 4]);
  const C = g.input('C', [2, 4]);
  const S = g.input('S', [2, 2]);
  return {
    env: { x: [2], y: [3], z: [2], A: [2, 3], B: [3, 4], C: [2, 4], S: [2, 2] } as Record<string, number[]>,
    cases: [
      ['(i,j→ij) x yᵀ', g.contract([f(x, 'i'), f(y, 'j')], ['i', 'j']), 'x yᵀ'],
      ['(ij,j→i) A y', g.contract([f(A, 'i', 'j'), f(y, 'j')], ['i']), 'A y'],
      ['(ij,jk→ik) A B', g.contract([f(A, 'i', 'j'), f(B, 'j', 'k')], ['i', 'k']), 'A B'],
      ['(ji,jk→ik) Aᵀ C', g.contract([f(A, 'j', 'i'), f(C, 'j', 'k')], ['i', 'k']), 'Aᵀ C'],
      ['(i,i→i) x ⊙ z', g.contract([f(x, 'i'), f(z, 'i')], ['i']), 'x ⊙ z'],
      ['(i,ij→ij) diag(x) A', g.contract([f(x, 'i'), f(A, 'i', 'j')], ['i', 'j']), 'diag(x) A'],
      ['(ij,j→ij) A diag(y)', g.contract([f(A, 'i', 'j'), f(y, 'j')], ['i', 'j']), 'A diag(y)'],
      ['(ii→) tr(S)', g.contract([f(S, 'i', 'i')], []), 'tr(S)'],
      ['(i,i→) xᵀz', g.contract([f(x, 'i'), f(z, 'i')], []), 'xᵀ z'],
      ['(ij,ij→) tr(A Aᵀ)', g.contract([f(A, 'i', 'j'), f(A, 'i', 'j')], []), 'tr(A Aᵀ)'],
      ['(ij,jk,ki→) tr(A B Cᵀ)', g.contract([f(A, 'i', 'j'), f(B, 'j', 'k'), f(C, 'i', 'k')], []), 'tr(A B Cᵀ)'],
      ['(ij→i) A 𝟏', g.contract([f(A, 'i', 'j')], ['i']), 'A 𝟏'],
      ['(ii→i) diagvec(S)', g.contract([f(S, 'i', 'i')], ['i']), 'diagvec(S)'],
      ['(i,ij,j→) xᵀ A y', g.contract([f(y, 'j'), f(A, 'i', 'j'), f(x, 'i')], []), 'xᵀ A y'],
      ['scalar · matrix', g.contract([f(g.constant(3)), f(x, 'i'), f(z, 'i'), f(A, 'i', 'j')], ['i', 'j']), '3 diag(x ⊙ z) A'],
      ['sum with broadcast', g.add([{ node: A, indices: ['a', 'j'], coefficient: 1 }, { node: y, indices: ['j'], coefficient: -2 }], ['a', 'j']), 'A − 2 𝟏 yᵀ'],
      ['inv, det, logdet', g.add([
        { node: g.contract([f(g.matfn('det', S)), f(g.matfn('inv', S), 'j', 'i')], ['i', 'j']), indices: ['i', 'j'], coefficient: 1 },
        { node: g.contract([f(g.matfn('logdet', S)), f(S, 'i', 'j')], ['i', 'j']), indices: ['i', 'j'], coefficient: 1 },
      ], ['i', 'j']), 'det(S) S⁻ᵀ + log|det(S)| S'],
      ['elementwise', g.map({ name: 'tanh' }, g.contract([f(A, 'i', 'j'), f(y, 'j')], ['i'])), 'tanh(A y)'],
    ] as const,
  };
}

describe('matrix notation by index patterns', () => {
  const random = createRandom(3);

  it('reads each pattern of the table as the textbook form, with the same numbers', () => {
    const g = createGraph();
    const { env, cases } = patterns(g);
    const values = Object.fromEntries(Object.entries(env).map(([k, s]) => [k, randomArray(s, random)]));
    for (const [name, node, text] of cases) {
      const view = toMatrixNotation({ node, indices: node.kind === 'contract' || node.kind === 'add' ? node.out : ['i'] }, { layout: 'denominator' });
      expect(view.text.split('\n')[0], name).toBe(text);
      expectSameMatrix(evaluateMatrix(view.matrix, values), reference(node, values, false), name);
      expect(katex.renderToString(view.latex, { throwOnError: true }), name).toContain('katex');
    }
  });

  it('keeps rank > 2 parts in index notation, labelled, never dropped', () => {
    const g = createGraph();
    const T = g.input('T', [2, 3, 4]);
    const x = g.input('x', [4]);
    const inner = toMatrixNotation({ node: g.contract([f(T, 'i', 'j', 'k'), f(x, 'k')], ['i', 'j']), indices: ['i', 'j'] }, { layout: 'denominator' });
    expect(inner.text).toContain('T[i,j,k] x[k]');
    expect(inner.text).toContain('index notation');
    const values = { T: randomArray([2, 3, 4], random), x: randomArray([4], random) };
    expectSameMatrix(evaluateMatrix(inner.matrix, values), reference(g.contract([f(T, 'i', 'j', 'k'), f(x, 'k')], ['i', 'j']), values, false), 'T x');
    const whole = toMatrixNotation({ node: g.contract([f(T, 'i', 'j', 'k'), f(x, 'l')], ['i', 'j', 'k', 'l']), indices: ['a', 'b', 'c', 'd'] }, { layout: 'numerator' });
    expect(whole.matrix.kind).toBe('index');
    expect(whole.text).toContain('T[a,b,c] x[d]');
    expect(whole.convention).toContain('rank 4');
  });

  it('agrees with the reference evaluator on random networks in every layout', () => {
    const names = ['i', 'j', 'k', 'l'];
    const factorArb = fc.array(fc.constantFrom(...names), { minLength: 0, maxLength: 2 });
    const layoutArb = fc.constantFrom('numerator', 'denominator', 'mixed') as fc.Arbitrary<MatrixViewOptions['layout']>;
    let matrixForms = 0;
    fc.assert(fc.property(fc.array(factorArb, { minLength: 1, maxLength: 4 }), fc.nat(), layoutArb, fc.nat(2), (factorIndices, pick, layout, ofRank) => {
      const g = createGraph();
      const used = [...new Set(factorIndices.flat())];
      const out = used.filter((_, k) => ((pick >> k) & 1) === 1).slice(0, 2);
      const factors = factorIndices.map((ix, k) => f(g.input(`T${k}`, ix.map((i) => sizes[i]!)), ...ix));
      const node = g.contract(factors, out);
      const env = Object.fromEntries(factors.map((fa, k) => [`T${k}`, randomArray(fa.node.shape as number[], random)]));
      const view = toMatrixNotation({ node, indices: out }, { layout, derivative: { of: 'F', wrt: 'X', ofRank: Math.min(ofRank, out.length) } });
      if (view.matrix.kind !== 'index') matrixForms++;
      expectSameMatrix(evaluateMatrix(view.matrix, env), reference(node, env, view.transposed), `${factorIndices.map((ix) => ix.join('')).join(',')}->${out.join('')} ${view.text}`);
      katex.renderToString(view.latex, { throwOnError: true });
    }), { numRuns: 200, seed: 42 });
    expect(matrixForms).toBeGreaterThan(150);
  });

  it('agrees with the reference evaluator through maps, sums (aligned and broadcast) and nested networks', () => {
    const names = ['i', 'j', 'k'];
    const factorArb = fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 2 });
    const wrapArb = fc.constantFrom('map', 'add', 'outer-vector');
    fc.assert(fc.property(fc.array(factorArb, { minLength: 1, maxLength: 3 }), fc.nat(), wrapArb, (factorIndices, pick, wrap) => {
      const g = createGraph();
      const used = [...new Set(factorIndices.flat())];
      const out = used.filter((_, k) => ((pick >> k) & 1) === 1).slice(0, 2);
      const factors = factorIndices.map((ix, k) => f(g.input(`T${k}`, ix.map((i) => sizes[i]!)), ...ix));
      const inner = g.contract(factors, out);
      const env: Record<string, DenseArray> = Object.fromEntries(factors.map((fa, k) => [`T${k}`, randomArray(fa.node.shape as number[], random)]));
      const extraIndices = [...out].reverse();
      const B = g.input('B', extraIndices.map((i) => sizes[i]!));
      env.B = randomArray(B.shape as number[], random);
      const v = g.input('v', [sizes[out[0] ?? 'i']!]);
      env.v = randomArray(v.shape as number[], random);
      const node = wrap === 'map' ? g.map({ name: 'tanh' }, inner)
        : wrap === 'add' ? g.add([{ node: inner, indices: out, coefficient: 1 }, { node: B, indices: extraIndices, coefficient: -2 }, { node: v, indices: out.slice(0, 1), coefficient: 3 }], out)
          : g.contract([f(inner, ...out), f(v, out[0] ?? 'z')], out[0] ? out : ['z']);
      if (wrap === 'add' && out.length === 0) return;
      const indices = node.kind === 'contract' || node.kind === 'add' ? node.out : out;
      const view = toMatrixNotation({ node, indices }, { layout: 'denominator' });
      expectSameMatrix(evaluateMatrix(view.matrix, env), reference(node, env, view.transposed), `${wrap} ${factorIndices.map((ix) => ix.join('')).join(',')}->${out.join('')} ${view.text}`);
    }), { numRuns: 150, seed: 7 });
  });
});

describe('layouts on the seeds', () => {
  const seed = 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]';
  const options = (layout: MatrixViewOptions['layout'], vectors: 'column' | 'row' = 'column'): MatrixViewOptions =>
    ({ layout, vectors, derivative: { of: 'L', wrt: 'W', ofRank: 0 } });

  it('∂L/∂W = x yᵀ (denominator: W\'s shape) and y xᵀ (numerator), stating the convention', () => {
    const d = grad(seed, 'L', 'W');
    const denominator = toMatrixNotation(d.result, options('denominator'));
    expect(denominator.text).toMatch(/^∂L\/∂W = x yᵀ\n/);
    expect(denominator.convention).toContain('has the shape of W');
    const numerator = toMatrixNotation(d.result, options('numerator'));
    expect(numerator.text).toMatch(/^∂L\/∂W = y xᵀ\n/);
    expect(numerator.convention).toContain('transpose of W');
    expect(toMatrixNotation(d.result, options('denominator', 'row')).text).toMatch(/^∂L\/∂W = xᵀ y\n/);
    expect(katex.renderToString(denominator.latex, { throwOnError: true })).toContain('katex');
  });

  it('reads the row-vector seed X: [1, m] as Xᵀ yᵀ, W\'s shape', () => {
    const src = 'X: [1, m]\nW: [m, 10]\nb: [1, 10]\ny: [10, 1]\nf[a,j] = X[a,i] W[i,j] + b[a,j]\nL = f[a,j] y[j,a]';
    const view = toMatrixNotation(grad(src, 'L', 'W').result, options('denominator'));
    expect(view.text.split('\n')[0]).toBe('∂L/∂W = Xᵀ yᵀ');
    expect(view.convention).toContain('(m×10)');
  });

  it('writes the backprop recursion δ = (Wᵀ δ′) ⊙ f′(z) and its row-vector mirror', () => {
    const g = createGraph();
    const W = g.input('W', [4, 3]);
    const next = g.input('d', [4]);
    const fp = g.map({ name: 'sigmoid' }, g.input('z', [3]));
    const delta = g.contract([f(W, 'k', 'i'), f(next, 'k'), f(fp, 'i')], ['i']);
    const names = { d: 'δ_next' };
    expect(toMatrixNotation({ node: delta, indices: ['i'] }, { layout: 'denominator', names }).text.split('\n')[0]).toBe('(Wᵀ δ_next) ⊙ sigmoid(z)');
    expect(toMatrixNotation({ node: delta, indices: ['i'] }, { layout: 'denominator', vectors: 'row', names }).text.split('\n')[0]).toBe('(δ_next W) ⊙ sigmoid(z)');
  });

  it('orients a Jacobian by layout: rows follow f in numerator layout', () => {
    const d = jacobian('z[i] = W[i,j] a[j]', 'z', 'a');
    const numerator = toMatrixNotation(d.result, { layout: 'numerator', derivative: { of: 'z', wrt: 'a', ofRank: 1 } });
    expect(numerator.text.split('\n')[0]).toBe('∂z/∂a = W');
    expect(toMatrixNotation(d.result, { layout: 'denominator', derivative: { of: 'z', wrt: 'a', ofRank: 1 } }).text.split('\n')[0]).toBe('∂z/∂a = Wᵀ');
  });
});

describe('layout notes match the printed shape', () => {
  it('with row vectors, a gradient printed as a row has the shape of the (row) variable', () => {
    const d = grad('x: [3]\nW: [3, 2]\nb: [2]\ny: [2]\nC = sum[j]((x[i] W[i,j] + b[j] - y[j])^2)', 'C', 'b');
    const notes = (layout: 'denominator' | 'numerator', vectors: 'column' | 'row') => views.toMatrixNotation(d, { layout, vectors }).text.split('\n');
    expect(notes('denominator', 'column')).toEqual(['∂C/∂b = 2 (Wᵀ x + b − y)', '  (denominator layout: ∂C/∂b has the shape of b (2); vectors are columns)']);
    expect(notes('denominator', 'row')).toEqual(['∂C/∂b = 2 (x W + b − y)', '  (denominator layout: ∂C/∂b has the shape of b (1×2); vectors are rows)']);
    expect(notes('numerator', 'column')).toEqual(['∂C/∂b = 2 (Wᵀ x + b − y)ᵀ', '  (numerator layout: ∂C/∂b is the transpose of b\'s shape (1×2); vectors are columns)']);
    expect(notes('numerator', 'row')).toEqual(['∂C/∂b = 2 (x W + b − y)ᵀ', '  (numerator layout: ∂C/∂b is the transpose of b\'s shape (2×1); vectors are rows)']);
  });
});
