import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { createGraph } from '../../compiler/2-network/graph.js';
import type { DerivationStep } from '../../compiler/3-calculus/derivation.js';
import { renderSteps, ruleLabels } from '../../compiler/views/index-notation/render-steps.js';
import { grad, hessian } from '../../src/derive.js';

describe('derivation steps as a readable sequence', () => {
  it('names each rule and shows before → after in index notation', () => {
    const g = createGraph();
    const x = g.input('x', ['n']);
    const y = g.input('y', ['m']);
    const before = g.contract([{ node: x, indices: ['i'] }, { node: g.delta('n'), indices: ['i', 'k'] }, { node: y, indices: ['l'] }], ['k', 'l']);
    const after = g.contract([{ node: x, indices: ['k'] }, { node: y, indices: ['l'] }], ['k', 'l']);
    const steps: DerivationStep[] = [{ rule: 'delta', description: 'rename i to k', before: { node: before, indices: ['k', 'l'] }, after: { node: after, indices: ['k', 'l'] } }];
    const view = renderSteps(steps);
    expect(view.steps[0]!.label).toBe('δ contraction');
    expect(view.text).toContain('1. δ contraction:');
    expect(view.steps[0]!.before.text).toContain('δ[');
    expect(view.steps[0]!.after.text).not.toContain('δ');
    expect(view.steps[0]!.after.latex).toBe('x_{k}\\mkern3mu y_{l}');
    expect(katex.renderToString(view.latex, { throwOnError: true })).toContain('katex');
  });

  it('renders every step of real derivations with KaTeX, each rule labelled', () => {
    const derivations = [
      grad('f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', 'L', 'W'),
      grad('X: [n, n]\nL = log(det(X)) + x[i] inv(X)[i,j] x[j]', 'L', 'X'),
      hessian('A: [n, n]\nL = x[i] A[i,j] x[j]', 'L', 'x'),
      grad('z[i] = W[i,j] a[j]\nL = y[i] tanh(z[i])', 'L', 'W'),
    ];
    for (const d of derivations) {
      const view = renderSteps(d.steps);
      expect(view.steps.length).toBeGreaterThan(0);
      for (const s of view.steps) expect(s.label).toBe(ruleLabels[s.rule]);
      expect(katex.renderToString(view.latex, { throwOnError: true })).toContain('katex');
    }
  });
});
