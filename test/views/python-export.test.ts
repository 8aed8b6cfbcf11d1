import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph, type Graph } from '../../compiler/2-network/graph.js';
import { topologicalOrder, type ElementwiseFn, type InputNode, type Node } from '../../compiler/2-network/network.js';
import type { Expression } from '../../compiler/3-calculus/derivation.js';
import { choosePath } from '../../compiler/4-contraction-order/registry.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { exportPython, type PythonOptions } from '../../compiler/6-emit-python/export-python.js';
import { einsumSubscripts } from '../../compiler/6-emit-python/python-names.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';
import { grad } from '../../src/derive.js';
import { bilinearDerivation, diagramCases } from './diagram-cases.js';
import { flatNetwork } from './diagram-networks.js';

const HARNESS = resolve(import.meta.dirname, 'python-harness.py');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { timeout: 20_000 }).status === 0;
const SIZES: Readonly<Record<string, number>> = { m: 3, n: 4, p: 2, q: 5 };

interface PythonCase {
  readonly name: string;
  readonly expr: Expression;
  readonly options?: PythonOptions;
  /** Inputs by tensor name; missing ones are drawn at random. */
  readonly inputs?: Readonly<Record<string, DenseArray>>;
}

interface PythonResult { readonly shape?: number[]; readonly data?: number[]; readonly check?: number; readonly error?: string }

/** Exports every case, runs them all in one python3 process, returns results with the inputs used. */
function runAll(cases: readonly PythonCase[], seed: number): { result: PythonResult; inputs: Record<string, DenseArray>; source: string }[] {
  const random = createRandom(seed);
  const prepared = cases.map((c) => {
    const module = exportPython(c.expr, c.options);
    const roots = c.options?.check ? [c.options.check.of.node, c.expr.node] : [c.expr.node];
    const inputs: Record<string, DenseArray> = {};
    for (const n of topologicalOrder(roots).filter((n): n is InputNode => n.kind === 'input'))
      inputs[n.name] ??= c.inputs?.[n.name] ?? randomArray(n.shape.map((s) => (typeof s === 'number' ? s : SIZES[s]!)), random);
    return { module, inputs };
  });
  const payload = prepared.map(({ module, inputs }, k) => ({
    source: module.source,
    check: cases[k]!.options?.check !== undefined,
    args: module.parameters.map((p) => ({ shape: inputs[p.tensor]!.shape, data: [...inputs[p.tensor]!.data] })),
  }));
  const run = spawnSync('python3', [HARNESS], { input: JSON.stringify(payload), encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as PythonResult[];
  return results.map((result, k) => ({ result, inputs: prepared[k]!.inputs, source: prepared[k]!.module.source }));
}

function expectMatchesEvaluator(name: string, node: Node, result: PythonResult, inputs: Record<string, DenseArray>): void {
  expect(result.error, `${name}: ${result.error}`).toBeUndefined();
  const expected = evaluateOne(node, inputs);
  expect(maxScaledDiff({ shape: result.shape!, data: result.data! }, expected), name).toBeLessThan(1e-10);
}

function invertible(n: number, seed: number): DenseArray {
  const a = randomArray([n, n], createRandom(seed));
  for (let k = 0; k < n; k++) a.data[k * n + k]! += n;
  return a;
}

function elementwiseCase(g: Graph): PythonCase {
  const x = g.input('x', ['n']);
  const positive = g.map({ name: 'exp' }, x);
  const fns: [ElementwiseFn, Node][] = [
    ...(['exp', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'softplus', 'relu', 'abs', 'sign', 'step'] as const).map((name): [ElementwiseFn, Node] => [{ name }, x]),
    [{ name: 'log' }, positive], [{ name: 'sqrt' }, positive], [{ name: 'pow', exponent: 3 }, x], [{ name: 'pow', exponent: -0.5 }, positive],
  ];
  const terms = fns.map(([fn, arg], k) => ({ node: g.map(fn, arg), indices: ['i'], coefficient: k + 1 }));
  return { name: 'elementwise', expr: { node: g.add(terms, ['i']), indices: ['i'] } };
}

function structuralCases(g: Graph): PythonCase[] {
  const X = g.input('X', ['n', 'n']);
  const v = g.input('v', ['n']);
  const chain = ['P', 'Q', 'R', 'S'].map((name, k) => g.input(name, [k + 2, k + 3]));
  const chainNode = g.contract(chain.map((node, k) => ({ node, indices: [`a${k}`, `a${k + 1}`] })), ['a0', 'a4']);
  const diagPlusTranspose = g.add([
    { node: X, indices: ['i', 'i'], coefficient: 0.5 },
    { node: g.contract([{ node: X, indices: ['j', 'i'] }], ['i', 'j']), indices: ['j', 'i'], coefficient: -1 },
    { node: v, indices: ['i'], coefficient: 2 },
    { node: v, indices: ['j'], coefficient: 1 },
  ], ['i', 'j']);
  const hostile = g.input('</text>"; import os #', ['n']);
  const keywords = ['lambda', 'np', 'compute', 't0'].map((name) => g.input(name, ['n']));
  return [
    { name: 'chain, left to right', expr: { node: chainNode, indices: ['a0', 'a4'] } },
    { name: 'chain, given path', expr: { node: chainNode, indices: ['a0', 'a4'] }, options: { path: [[2, 3], [0, 1], [0, 1]] } },
    { name: 'diagonal, transpose, broadcast', expr: { node: diagPlusTranspose, indices: ['i', 'j'] } },
    { name: 'det', expr: { node: g.matfn('det', X), indices: [] }, inputs: { X: invertible(4, 5) } },
    { name: 'hostile and reserved names', expr: { node: g.contract([hostile, ...keywords].map((node) => ({ node, indices: ['i'] })), ['i']), indices: ['i'] } },
    { name: 'jax-style import, numpy here', expr: { node: g.contract([{ node: X, indices: ['i', 'j'] }, { node: v, indices: ['j'] }], ['i']), indices: ['i'] } },
    elementwiseCase(g),
  ];
}

describe.skipIf(!hasNumpy)('Python export, run with python3 + numpy', () => {
  it('reproduces the reference evaluator on every diagram case and structural case', () => {
    const g = createGraph();
    const cases: PythonCase[] = [
      ...diagramCases(g).map((c) => ({ ...c, inputs: { A: invertible(4, 11) } })),
      ...structuralCases(g),
    ];
    runAll(cases, 3).forEach(({ result, inputs }, k) => expectMatchesEvaluator(cases[k]!.name, cases[k]!.expr.node, result, inputs));
  });

  it('reproduces the evaluator on random networks', () => {
    const exprs = fc.sample(flatNetwork, { numRuns: 60, seed: 42 });
    const cases = exprs.map((expr, k) => ({ name: `random ${k}`, expr }));
    runAll(cases, 9).forEach(({ result, inputs }, k) => expectMatchesEvaluator(cases[k]!.name, exprs[k]!.node, result, inputs));
  });

  it('checks a derivative by central differences, and the check catches a wrong one', () => {
    const g = createGraph();
    const { of, result } = bilinearDerivation(g);
    const wrong: Expression = { node: g.contract([{ node: result.node, indices: ['k', 'l'] }, { node: g.constant(2), indices: [] }], ['k', 'l']), indices: ['k', 'l'] };
    const [right, bad] = runAll([
      { name: 'grad', expr: result, options: { check: { of, wrt: 'W' } } },
      { name: 'wrong grad', expr: wrong, options: { check: { of, wrt: 'W' } } },
    ], 5);
    expect(right!.result.error).toBeUndefined();
    expect(right!.result.check!).toBeLessThan(1e-7);
    expect(bad!.result.check!).toBeGreaterThan(0.1);
  });
});

describe.skipIf(!hasNumpy)('Python export of a derivative with respect to a symmetric matrix', () => {
  it("its check() moves S[i,j] and S[j,i] together, as Derivative.check does, so a right gradient passes", () => {
    const d = grad('S: [n, n] symmetric\nL = 0.5 logdet(S) + 0.5 x[i] inv(S)[i,j] x[j]', 'L', 'S');
    const a = invertible(4, 7);
    const S: DenseArray = { ...a, data: a.data.map((_, k) => a.data[k]! + a.data[(k % 4) * 4 + Math.floor(k / 4)]!) };
    const [exported] = runAll([{
      name: 'Gaussian wrt symmetric S', expr: { node: d.evaluable, indices: d.result.indices }, inputs: { S },
      options: { check: { of: { node: d.of.node, indices: d.of.indices }, wrt: 'S' }, carriers: [d.of.node, ...d.wrt] },
    }], 13);
    expect(exported!.result.error).toBeUndefined();
    expect(exported!.result.check!).toBeLessThan(1e-7);
  });
});

describe('Python export structure and safety', () => {
  it('emits one np.einsum per step of the given path, or of the path choosePath picks', () => {
    const g = createGraph();
    const [P, Q, R, S] = ['P', 'Q', 'R', 'S'].map((name) => g.input(name, [3, 3]));
    const chain = g.contract([P!, Q!, R!, S!].map((node, k) => ({ node, indices: [`a${k}`, `a${k + 1}`] })), ['a0', 'a4']);
    const calls = (source: string): string[] => [...source.matchAll(/np\.einsum\('[^']*', ([^)]*)\)/g)].map((m) => m[1]!);
    expect(calls(exportPython({ node: chain, indices: ['a0', 'a4'] }, { path: [[2, 3], [0, 1], [0, 1]] }).source))
      .toEqual(['in_R, in_S', 'in_P, in_Q', 't0, t1']);
    // sizes make (Y Z) first the cheap order for X[a,b] Y[b,c] Z[c,d] with a = c = 30, b = d = 2
    const X = g.input('X', [30, 2]);
    const Y = g.input('Y', [2, 30]);
    const Z = g.input('Z', [30, 2]);
    const xyz = g.contract([{ node: X, indices: ['a', 'b'] }, { node: Y, indices: ['b', 'c'] }, { node: Z, indices: ['c', 'd'] }], ['a', 'd']);
    const chosen = choosePath({ inputs: [['a', 'b'], ['b', 'c'], ['c', 'd']], output: ['a', 'd'], sizes: new Map([['a', 30], ['b', 2], ['c', 30], ['d', 2]]) });
    expect(chosen).toEqual([[1, 2], [0, 1]]);
    expect(calls(exportPython({ node: xyz, indices: ['a', 'd'] }).source)).toEqual(['in_Y, in_Z', 'in_X, t0']);
  });

  it('matches the golden Python files (UPDATE_GOLDEN=1 rewrites them)', () => {
    const g = createGraph();
    const { of, result } = bilinearDerivation(g);
    const layer = diagramCases(g).find((c) => c.name === 'layer')!.expr;
    const wanted: [string, string][] = [
      ['layer.py', exportPython(layer, { module: 'jax' }).source],
      ['bilinear-gradient.py', exportPython(result, { check: { of, wrt: 'W' } }).source],
    ];
    for (const [name, text] of wanted) {
      const file = resolve(import.meta.dirname, '../golden/diagrams', name);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
      expect(text, file).toBe(readFileSync(file, 'utf8'));
    }
  });

  it('never pastes tensor or index names: every word is ours, every string an einsum subscript', () => {
    const ours = new Set(['import', 'numpy', 'as', 'np', 'def', 'compute', 'return', 'einsum', 'float64']);
    fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }), fc.string({ minLength: 1, maxLength: 6 }), (names, index) => {
      const g = createGraph();
      const factors = names.map((name) => ({ node: g.input(name, [2]), indices: [index] }));
      const module = exportPython({ node: g.contract(factors, [index]), indices: [index] });
      const literals = module.source.match(/'[^']*'/g) ?? [];
      for (const literal of literals) expect(literal).toMatch(/^'[a-zA-Z,]*->[a-zA-Z]*'$/);
      const code = module.source.replace(/'[^']*'/g, '');
      expect(code).toMatch(/^[A-Za-z0-9_ \n(),.=:]*$/);
      const allowed = new Set([...ours, ...module.parameters.map((p) => p.parameter)]);
      for (const word of code.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) expect(allowed.has(word) || /^t\d+$/.test(word), word).toBe(true);
      module.parameters.forEach((p, k) => expect(p.parameter).toBe(/^[A-Za-z][A-Za-z0-9_]*$/.test(p.tensor) ? `in_${p.tensor}` : `arg${k}`));
    }), { numRuns: 200 });
  });

  it('reports too many indices, an unknown size, a bad path and an unknown variable', () => {
    const g = createGraph();
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
        return undefined;
      } catch (e) {
        return isRicciError(e) ? e.code : String(e);
      }
    };
    const names = Array.from({ length: 53 }, (_, k) => `i${k}`);
    expect(code(() => einsumSubscripts([names], []))).toBe('python_too_many_indices');
    expect(code(() => exportPython({ node: g.delta('z'), indices: ['a', 'b'] }))).toBe('python_unbound_size');
    const ab = g.contract([{ node: g.input('A', [2, 2]), indices: ['i', 'j'] }, { node: g.input('B', [2, 2]), indices: ['j', 'k'] }], ['i', 'k']);
    expect(code(() => exportPython({ node: ab, indices: ['i', 'k'] }, { path: [[0, 2]] }))).toBe('path_invalid');
    expect(code(() => exportPython({ node: ab, indices: ['i', 'k'] }, { path: [[0]] }))).toBe('path_invalid');
    expect(code(() => exportPython({ node: ab, indices: ['i', 'k'] }, { check: { of: { node: ab, indices: ['i', 'k'] }, wrt: 'Z' } }))).toBe('python_unknown_input');
  });
});
