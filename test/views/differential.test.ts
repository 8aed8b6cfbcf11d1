import katex from 'katex';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph, type Graph } from '../../compiler/2-network/graph.js';
import type { Factor, IndexName, Node } from '../../compiler/2-network/network.js';
import { toDifferential } from '../../compiler/views/differential/to-differential.js';
import { grad } from '../../src/derive.js';
import { toDifferential as differentialOf } from '../../src/index.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { createRandom, randomArray } from '../support/random.js';
import { evaluateTree } from './index-tree-evaluate.js';

const f = (node: Node, ...indices: IndexName[]): Factor => ({ node, indices });

function seed(g: Graph): Node {
  const x = g.input('x', [3]);
  const W = g.input('W', [3, 4]);
  const b = g.input('b', [4]);
  const y = g.input('y', [4]);
  const fj = g.add([{ node: g.contract([f(x, 'i'), f(W, 'i', 'j')], ['j']), indices: ['j'], coefficient: 1 }, { node: b, indices: ['j'], coefficient: 1 }], ['j']);
  return g.contract([f(fj, 'j'), f(y, 'j')], []);
}

/** Scalar functions of one variable, with the variable's name: each a classic identity. */
function cases(g: Graph): { name: string; node: Node; wrt: string }[] {
  const W = g.input('W', [3, 4]);
  const x = g.input('x', [3]);
  const y = g.input('y', [4]);
  const X = g.input('X', [3, 3]);
  const A = g.input('A', [3, 3]);
  const Wy = g.contract([f(W, 'i', 'j'), f(y, 'j')], ['i']);
  return [
    { name: 'seed (x W + b) y', node: seed(g), wrt: 'W' },
    { name: 'xᵀ X x + 2 logdet X + tr exp X', wrt: 'X', node: g.add([
      { node: g.contract([f(x, 'i'), f(X, 'i', 'j'), f(x, 'j')], []), indices: [], coefficient: 1 },
      { node: g.matfn('logdet', X), indices: [], coefficient: 2 },
      { node: g.contract([f(g.map({ name: 'exp' }, X), 'k', 'k')], []), indices: [], coefficient: 1 },
    ], []) },
    { name: 'tr(A X⁻¹)', wrt: 'X', node: g.contract([f(A, 'i', 'j'), f(g.matfn('inv', X), 'j', 'i')], []) },
    { name: '‖W y‖²', wrt: 'W', node: g.contract([f(g.map({ name: 'pow', exponent: 2 }, Wy), 'i')], []) },
    { name: 'xᵀ tanh(W y)', wrt: 'W', node: g.contract([f(x, 'i'), f(g.map({ name: 'tanh' }, Wy), 'i')], []) },
    { name: 'det X', wrt: 'X', node: g.matfn('det', X) },
    { name: 'tr(X X)', wrt: 'X', node: g.contract([f(X, 'i', 'j'), f(X, 'j', 'i')], []) },
  ];
}

function finiteDifference(node: Node, inputs: Record<string, DenseArray>, wrt: string, flat: number): number {
  const h = 1e-6;
  const at = (delta: number): number => {
    const data = Float64Array.from(inputs[wrt]!.data);
    data[flat] = data[flat]! + delta;
    return evaluateOne(node, { ...inputs, [wrt]: { ...inputs[wrt]!, data } }).data[0]!;
  };
  return (at(h) - at(-h)) / (2 * h);
}

describe('the differential view', () => {
  it('shows the seed derivation without a trace', () => {
    const view = toDifferential({ node: seed(createGraph()), indices: [] }, 'W', { of: 'L' })!;
    expect(view.steps.map((s) => s.rule)).toEqual(['function', 'differential', 'collect', 'identify']);
    expect(view.steps.map((s) => s.formula.text)).toEqual([
      'L = y[j] (W[i,j] x[i] + b[j])',
      'dL = y[j] dW[i,j] x[i]',
      'dL = y[j] x[i] dW[i,j]',
      '∂L/∂W[i,j] = y[j] x[i]',
    ]);
    expect(view.text).not.toContain('tr');
  });

  it('ends with the derivative as grad prints it (its factor order and simplifications) when that reads otherwise', () => {
    const ls = grad('A: [m, n]\nx: [n]\nb: [m]\nr[i] = A[i,j] x[j] - b[i]\nL = r[i] r[i]', 'L', 'A');
    const view = differentialOf(ls)!;
    expect(view.steps.map((s) => s.rule)).toEqual(['function', 'differential', 'collect', 'identify', 'simplify']);
    expect(view.steps[3]!.formula.text).toBe('∂L/∂A[i,j] = 2 r[i] x[j]');
    expect(view.steps[4]!.formula.text).toBe('∂L/∂A[i,j] = 2 x[j] r[i]');
    expect(ls.toString()).toBe('dL/dA[i,j] = 2 x[j] r[i]');
    // the variable's axes keep the identified line's names (k here), the dummies move out of their way
    const net = grad('x: [n]\nW1: [h, n]\nW2: [k, h]\ny: [k]\na[i] = tanh(W1[i,j] x[j])\no[c] = W2[c,i] a[i]\nL = 0.5 (o[c] - y[c])^2', 'L', 'W1');
    const steps = differentialOf(net)!.steps;
    expect(steps[3]!.formula.text).toBe('∂L/∂W1[i,k] = sum[c]((o[c] - y[c]) W2[c,i] tanh′(W1[i,j] x[j]) x[k])');
    expect(steps[4]!.formula.text).toBe('∂L/∂W1[i,k] = W2[j,i] x[k] (1 - a[i]^2) (o[j] - y[j])');
    expect(katex.renderToString(differentialOf(net)!.latex, { throwOnError: true })).toContain('katex');
    // nothing to add when the identified line already reads as grad prints it
    expect(differentialOf(grad('L = x[i] W[i,j] y[j]', 'L', 'W'))!.steps.map((s) => s.rule)).not.toContain('simplify');
  });

  it('starts from the program the user wrote (seed 001) and agrees with grad', () => {
    const d = grad('X: [1, m]\nW: [m, 10]\nb: [1, 10]\ny: [10, 1]\nf[a,j] = X[a,i] W[i,j] + b[a,j]\nL = f[a,j] y[j,a]', 'L', 'W');
    const view = toDifferential({ node: d.of.node, indices: d.of.indices }, 'W', { of: 'L' })!;
    expect(view.steps[1]!.formula.text).toBe('dL = y[j,a] dW[i,j] X[a,i]');
    expect(view.steps[3]!.formula.text).toBe('∂L/∂W[i,j] = y[j,a] X[a,i]');
    const random = createRandom(2);
    const inputs = { X: randomArray([1, 4], random), W: randomArray([4, 10], random), b: randomArray([1, 10], random), y: randomArray([10, 1], random) };
    const symbolic = evaluateOne(d.result.node, inputs);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 10; j++)
      expect(evaluateTree(view.derivative, inputs, new Map([['i', i], ['j', j]]))).toBeCloseTo(symbolic.data[i * 10 + j]!, 12);
  });

  it('identifies derivatives that match central finite differences', () => {
    const g = createGraph();
    const random = createRandom(5);
    const inputs: Record<string, DenseArray> = {
      W: randomArray([3, 4], random), x: randomArray([3], random), y: randomArray([4], random),
      b: randomArray([4], random), A: randomArray([3, 3], random),
      X: (() => { const s = randomArray([3, 3], random); for (let k = 0; k < 3; k++) s.data[k * 4] = s.data[k * 4]! + 3; return s; })(),
    };
    for (const c of cases(g)) {
      const view = toDifferential({ node: c.node, indices: [] }, c.wrt)!;
      const [r, k] = view.indices;
      const shape = inputs[c.wrt]!.shape;
      for (let p = 0; p < shape[0]!; p++)
        for (let q = 0; q < shape[1]!; q++) {
          const symbolic = evaluateTree(view.derivative, inputs, new Map([[r!, p], [k!, q]]));
          const numeric = finiteDifference(c.node, inputs, c.wrt, p * shape[1]! + q);
          expect(Math.abs(symbolic - numeric), `${c.name} at ${p},${q}: ${view.steps[3]!.formula.text}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
        }
    }
  });

  it('matches finite differences on random networks where the variable occurs several times', () => {
    const sizes: Record<string, number> = { i: 2, j: 3, k: 2 };
    const factorArb = fc.record({ variable: fc.boolean(), indices: fc.array(fc.constantFrom('i', 'j', 'k'), { minLength: 1, maxLength: 2 }) });
    const random = createRandom(9);
    fc.assert(fc.property(fc.array(factorArb, { minLength: 1, maxLength: 3 }), fc.boolean(), (specs, squash) => {
      const g = createGraph();
      const W = g.input('W', [2, 3]);
      const inputs: Record<string, DenseArray> = { W: randomArray([2, 3], random) };
      const factors = specs.map((s, k) => {
        if (s.variable) return f(W, ...(['i', 'j'] as const));
        const node = g.input(`T${k}`, s.indices.map((i) => sizes[i]!));
        inputs[`T${k}`] = randomArray(node.shape as number[], random);
        return f(node, ...s.indices);
      });
      if (!specs.some((s) => s.variable)) factors.push(f(W, 'i', 'j'));
      const inner = g.contract(factors, ['i']);
      const node = g.contract([f(squash ? g.map({ name: 'tanh' }, inner) : inner, 'i'), f(g.input('u', [2]), 'i')], []);
      inputs.u = randomArray([2], random);
      const view = toDifferential({ node, indices: [] }, 'W')!;
      const [r, c] = view.indices;
      for (let p = 0; p < 2; p++)
        for (let q = 0; q < 3; q++) {
          const symbolic = evaluateTree(view.derivative, inputs, new Map([[r!, p], [c!, q]]));
          const numeric = finiteDifference(node, inputs, 'W', p * 3 + q);
          expect(Math.abs(symbolic - numeric), view.text).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
        }
    }), { numRuns: 60, seed: 3 });
  });

  it('keeps a free index of a Jacobian with a δ: ∂F[a]/∂W[i,k] = y[k] δ[a,i]', () => {
    const g = createGraph();
    const F = g.contract([f(g.input('W', [3, 4]), 'a', 'j'), f(g.input('y', [4]), 'j')], ['a']);
    const view = toDifferential({ node: F, indices: ['a'] }, 'W', { of: 'F' })!;
    expect(view.steps[3]!.formula.text).toBe('∂F[a]/∂W[i,k] = y[k] δ[a,i]');
  });

  it('renders every step with KaTeX', () => {
    for (const c of cases(createGraph())) {
      const view = toDifferential({ node: c.node, indices: [] }, c.wrt)!;
      expect(katex.renderToString(view.latex, { throwOnError: true })).toContain('katex');
    }
  });

  it('returns undefined for a function that does not depend on the variable', () => {
    expect(toDifferential({ node: seed(createGraph()), indices: [] }, 'Q')).toBeUndefined();
  });
});

describe('numbers in the differential view', () => {
  it('prints (1/3) as one coefficient, never beside a unit one (was C = 1 0.333333 sum…)', () => {
    const d = grad('x: [3]\nW: [3, 2]\nb: [2]\ny: [2]\nC = (1/3) * sum[j]((x[i] W[i,j] + b[j] - y[j])^2)', 'C', 'b');
    const view = differentialOf(d)!;
    const first = view.text.split('\n')[0]!;
    expect(first).toMatch(/^C = 0\.333333333333 sum\[j\]\(/);
    expect(view.text).not.toMatch(/(^|[ (])1 0\.3/m);
    expect(view.text).toContain('∂C/∂b[j] = 0.666666666667 (W[i,j] x[i] + b[j] - y[j])');
  });
});
