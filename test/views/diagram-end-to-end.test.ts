import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Expression } from '../../compiler/3-calculus/derivation.js';
import { toDiagramFrames } from '../../compiler/views/diagram/frames.js';
import { toDerivativeModel } from '../../compiler/views/diagram/open-variable.js';
import { toDiagram } from '../../compiler/views/diagram/to-diagram.js';
import { exportPython } from '../../compiler/6-emit-python/export-python.js';
import { grad, hessian, type Derivative } from '../../src/derive.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';
import { countClass, xmlProblems } from './diagram-xml.js';

const HARNESS = resolve(import.meta.dirname, 'python-harness.py');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { timeout: 20_000 }).status === 0;

/** The seeds' derivatives and classic identities, from source text through grad/hessian. */
const derivations: { readonly name: string; readonly d: () => Derivative; readonly check: boolean }[] = [
  { name: 'bilinear', d: () => grad('x: [3]\nW: [3, 4]\ny: [4]\nL = x[i] W[i,j] y[j]', 'L', 'W'), check: true },
  { name: 'seed layer', d: () => grad('x: [3]\nW: [3, 4]\nb: [4]\ny: [4]\nf[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', 'L', 'W'), check: true },
  { name: 'tanh layer', d: () => grad('x: [3]\nW: [3, 4]\nb: [4]\ny: [4]\nf[j] = tanh(x[i] W[i,j] + b[j])\nL = f[j] y[j]', 'L', 'W'), check: true },
  { name: 'logdet', d: () => grad('X: [3, 3]\nL = logdet(X)', 'L', 'X'), check: true },
  { name: 'quadratic form hessian', d: () => hessian('A: [3, 3]\nx: [3]\nq = x[i] A[i,j] x[j]', 'q', 'x'), check: false },
];

describe('diagrams and Python of derivations written as source text', () => {
  it('draws every derivation as well-formed frames ending in the result', () => {
    for (const { name, d } of derivations) {
      const derivative = d();
      const { frames, combined } = toDiagramFrames(derivative.steps, derivative.result);
      expect(frames.map((f) => f.rule), name).toEqual(['start', ...derivative.steps.map((s) => s.rule), 'result']);
      for (const f of [...frames.map((x) => x.svg), combined]) expect(xmlProblems(f), name).toEqual([]);
      expect(frames.at(-1)!.model.legs.map((l) => l.index), name).toEqual(derivative.result.indices);
      const json = JSON.parse(toDiagram(derivative.result, { format: 'json' })) as { diagram: { legs: { index: string }[] } };
      expect(json.diagram.legs.map((l) => l.index), name).toEqual(derivative.result.indices);
      expect(countClass(combined, 'rect', 'frame'), name).toBe(frames.length);
    }
  });

  it('opens W’s legs in x[i] W[i,j] y[j] exactly where the symbolic gradient x[i] y[j] has them', () => {
    const derivative = derivations[0]!.d();
    const opened = toDerivativeModel({ node: derivative.of.node, indices: derivative.of.indices }, 'W', derivative.result.indices);
    const names = opened.vertices.map((v) => (v.kind === 'tensor' ? v.name : v.kind)).sort();
    expect(names).toEqual(['x', 'y']);
    expect(opened.legs.map((l) => l.index)).toEqual(derivative.result.indices);
  });

  it.skipIf(!hasNumpy)('exports each derivative to Python that matches ricci and passes its finite-difference check', () => {
    const random = createRandom(17);
    const runs = derivations.map(({ d, check }) => {
      const derivative = d();
      const of: Expression = { node: derivative.of.node, indices: derivative.of.indices };
      const module = exportPython(derivative.result, check ? { check: { of, wrt: derivative.wrt[0]!.name } } : {});
      const inputs = Object.fromEntries([...derivative.program.inputs.values()].map((x) => {
        const a = randomArray(x.shape.map(Number), random);
        const n = a.shape[0]!;
        if (a.shape.length === 2) for (let k = 0; k < n; k++) a.data[k * n + k]! += 3;
        return [x.name, a];
      }));
      return { derivative, module, inputs, check };
    });
    const payload = runs.map(({ module, inputs, check }) => ({
      source: module.source, check,
      args: module.parameters.map((p) => ({ shape: inputs[p.tensor]!.shape, data: [...inputs[p.tensor]!.data] })),
    }));
    const run = spawnSync('python3', [HARNESS], { input: JSON.stringify(payload), encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as { shape: number[]; data: number[]; check?: number; error?: string }[];
    results.forEach((r, k) => {
      const { derivative, inputs, check } = runs[k]!;
      const name = derivations[k]!.name;
      expect(r.error, name).toBeUndefined();
      const ours = derivative.evaluate(inputs);
      expect(maxScaledDiff(r, { shape: ours.shape, data: ours.data }), name).toBeLessThan(1e-10);
      if (check) expect(r.check!, name).toBeLessThan(1e-6);
    });
  });
});
