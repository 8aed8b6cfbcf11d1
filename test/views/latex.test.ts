import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { createGraph } from '../../compiler/2-network/graph.js';
import { toLatex } from '../../compiler/views/index-notation/to-latex.js';
import { latexName } from '../../compiler/views/latex/latex-symbols.js';
import { toMatrixNotation } from '../../compiler/views/matrix-notation/to-matrix-notation.js';
import { grad, hessian } from '../../src/derive.js';
import * as views from '../../src/index.js';

const render = (tex: string): string => katex.renderToString(tex, { throwOnError: true });

describe('LaTeX', () => {
  it('writes a derivative in index notation: ∂L/∂W_ij = x_i y_j', () => {
    const d = grad('f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', 'L', 'W');
    const tex = toLatex(d.result, { derivative: { of: 'L', wrt: ['W'], ofRank: 0 } });
    expect(tex).toBe('\\frac{\\partial L}{\\partial W_{ij}} = x_{i}\\mkern3mu y_{j}');
    expect(render(tex)).toContain('katex');
  });

  it('writes a Hessian with one ∂ per differentiation', () => {
    const h = hessian('A: [n, n]\nL = x[i] A[i,j] x[j]', 'L', 'x');
    const tex = toLatex(h.result, { derivative: { of: 'L', wrt: ['x', 'x'], ofRank: 0 } });
    expect(tex).toMatch(/^\\frac\{\\partial\^\{2\} L\}\{\\partial x_\{k\}\\,\\partial x_\{l\}\} = /);
    expect(render(tex)).toContain('katex');
  });

  it('escapes every name: Greek, subscripts, words and hostile text stay valid TeX', () => {
    expect(latexName('W_1')).toBe('W_{1}');
    expect(latexName('α')).toBe('\\alpha ');
    expect(latexName('x_hat')).toBe('x_{\\mathrm{hat}}');
    expect(latexName('W_out')).toBe('W_{\\mathrm{out}}');
    const g = createGraph();
    for (const name of ['W_1', 'α', 'x_hat', 'λ_max', '\\input{/etc/passwd}', '}{$x^', 'Ω2']) {
      const x = g.input(name, [3]);
      const node = g.contract([{ node: x, indices: ['i'] }, { node: x, indices: ['j'] }], ['i', 'j']);
      const tex = toLatex({ node, indices: ['i', 'j'] });
      expect(tex).not.toContain('\\input');
      expect(render(tex)).toContain('katex');
      expect(render(toMatrixNotation({ node, indices: ['i', 'j'] }, { layout: 'denominator' }).latex)).toContain('katex');
    }
  });

  it('renders matrix views of every layout and both vector conventions', () => {
    const d = grad('X: [n, n]\nL = log(det(X)) + x[i] inv(X)[i,j] x[j] + sum[i](exp(X[i,i]))', 'L', 'X');
    for (const layout of ['numerator', 'denominator', 'mixed'] as const)
      for (const vectors of ['column', 'row'] as const) {
        const view = toMatrixNotation(d.result, { layout, vectors, derivative: { of: 'L', wrt: 'X', ofRank: 0 } });
        expect(render(view.latex)).toContain('katex');
      }
  });
});

describe('LaTeX of square roots and indicators', () => {
  it('writes sqrt as \\sqrt, relu′ as 𝕀[x > 0] and max′ as 𝕀[x − L = 0], not as upright words sqrt, step, atZero', () => {
    const strict = (tex: string): string => katex.renderToString(tex, { throwOnError: true, strict: 'error' });
    const relu = grad('L = relu(x[i]) y[i]', 'L', 'x');
    expect(views.toLatex(relu)).toBe('\\frac{\\partial L}{\\partial x_{i}} = \\mathbb{I}\\left[x_{i} > 0\\right]\\mkern3mu y_{i}');
    expect(views.toMatrixNotation(relu).latex).toContain('\\mathbb{I}\\left[x > 0\\right] \\odot y');
    const max = grad('L = max[i](x[i])', 'L', 'x');
    expect(views.toLatex(max)).toBe('\\frac{\\partial L}{\\partial x_{i}} = \\mathbb{I}\\left[x_{i} - L = 0\\right]\\mkern3mu \\left(\\sum_{j}\\left(\\mathbb{I}\\left[x_{j} - L = 0\\right]\\right)\\right)^{-1}');
    const root = grad('h[i] = sqrt(x[i] + 1)\nL = h[i] y[i] + sqrt(c) x[i] y[i]', 'L', 'y');
    expect(views.toLatex(root)).toContain('\\sqrt{c}');
    for (const tex of [views.toLatex(relu), views.toMatrixNotation(relu).latex, views.toLatex(max), views.toMatrixNotation(max).latex, views.toLatex(root)]) {
      expect(tex).not.toMatch(/mathrm\{(sqrt|step|atZero)\}/);
      expect(strict(tex)).toContain('katex');
    }
  });
});
