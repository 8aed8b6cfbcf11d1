import { describe, expect, it } from 'vitest';
import { latexNotation } from '../../compiler/views/matrix-notation/latex-notation.js';
import type { MatrixExpr } from '../../compiler/views/matrix-notation/matrix-expr.js';
import { renderMatrix } from '../../compiler/views/matrix-notation/render.js';
import { textNotation } from '../../compiler/views/matrix-notation/text-notation.js';
import { grad, hessian, jacobian } from '../../src/derive.js';
import { toMatrixNotation, toKronecker } from '../../src/index.js';

/**
 * Readable derivations (issue 12 item 8): sizes are named after declarations — a size inferred for
 * an undeclared tensor (named after an index, `j2`) is not printed — and an inverse transpose is
 * spelled X⁻ᵀ however it arrived.
 */
const net = `z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`;

describe('sizes are named after declarations, never after index names', () => {
  it('layout notes leave out inferred sizes and name declared ones', () => {
    expect(toMatrixNotation(grad(net, 'C', 'W1')).convention).toBe('denominator layout: ∂C/∂W1 has the shape of W1; vectors are columns');
    // a definition differentiated with respect to (cut into an input) does not make its inferred size declared
    expect(toMatrixNotation(grad(net, 'C', 'z1')).convention).toBe('denominator layout: ∂C/∂z1 has the shape of z1; vectors are columns');
    expect(toMatrixNotation(grad(`W1: [h, d]\n${net}`, 'C', 'W1'), { layout: 'numerator' }).convention)
      .toBe('numerator layout: ∂C/∂W1 is the transpose of W1\'s shape (d×h); vectors are columns');
    expect(toMatrixNotation(grad('x: [3]\nW: [3, 4]\ny: [4]\nL = x[i] W[i,j] y[j]', 'L', 'x'), { layout: 'numerator', vectors: 'row' }).convention)
      .toBe('numerator layout: ∂L/∂x is the transpose of x\'s shape (3×1); vectors are rows');
  });

  it('identity matrices: I where the size is inferred, I_n where it is declared', () => {
    expect(toMatrixNotation(hessian('f = x[i] x[i]', 'f', 'x')).text.split('\n')[0]).toBe('∂²f/∂x∂xᵀ = 2 I');
    expect(toMatrixNotation(hessian('x: [n]\nf = x[i] x[i]', 'f', 'x')).text.split('\n')[0]).toBe('∂²f/∂x∂xᵀ = 2 I_n');
    expect(toMatrixNotation(jacobian('y[i] = x[i]', 'y', 'x')).latex).toBe('\\frac{\\partial y}{\\partial x} = I');
  });

  it('Kronecker view: I and K without index-named sizes; declared sizes multiply', () => {
    const inferred = toKronecker(jacobian('Y[i,j] = X[i,j]', 'Y', 'X')).text;
    expect(inferred).toContain('J = I\n');
    expect(inferred).not.toMatch(/I_[a-z]/);
    expect(toKronecker(jacobian('X: [m, n]\nY[i,j] = X[i,j]', 'Y', 'X')).text).toContain('J = I_nm');
    expect(toKronecker(jacobian('X: [m, n]\nY[i,j] = X[j,i]', 'Y', 'X')).text).toContain('J = K_(m,n)');
  });
});

describe('an inverse transpose has one spelling', () => {
  const X: MatrixExpr = { kind: 'symbol', name: 'X', rank: 2, symmetric: false };
  const A: MatrixExpr = { kind: 'symbol', name: 'A', rank: 2, symmetric: false };
  const inv = (arg: MatrixExpr): MatrixExpr => ({ kind: 'matfn', fn: 'inv', arg });
  const t = (arg: MatrixExpr): MatrixExpr => ({ kind: 'transpose', arg });
  const text = (e: MatrixExpr): string => renderMatrix(e, { notation: textNotation, vectors: 'column', names: {} });
  const latex = (e: MatrixExpr): string => renderMatrix(e, { notation: latexNotation, vectors: 'column', names: {} });

  it('(X⁻¹)ᵀ and (Xᵀ)⁻¹ both print X⁻ᵀ, in text and LaTeX', () => {
    for (const e of [t(inv(X)), inv(t(X))]) {
      expect(text(e)).toBe('X⁻ᵀ');
      expect(latex(e)).toBe('{X}^{-\\top}');
    }
    expect(text(inv(t({ kind: 'product', factors: [A, X] })))).toBe('(A X)⁻ᵀ');
  });

  it('transposes that cancel print nothing: ((Xᵀ)⁻¹)ᵀ = X⁻¹, (X⁻ᵀ)ᵀ = X⁻¹', () => {
    expect(text(t(inv(t(X))))).toBe('X⁻¹');
    expect(text(t(t(inv(X))))).toBe('X⁻¹');
  });
});
