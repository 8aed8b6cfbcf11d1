import { describe, expect, it } from 'vitest';
import { grad, hessian } from '../../src/derive.js';

/**
 * Results stay factored (no expression swell): shared definitions and chain-rule factors g′(u) are
 * kept whole, Map arguments are simplified inside, and the value still matches finite differences.
 */
const threeLayers = `# 3-layer network, column vectors
h1[j] = tanh(W1[j,i] x[i] + b1[j])
h2[k] = tanh(W2[k,j] h1[j] + b2[k])
o[l] = W3[l,k] h2[k] + b3[l]
L = 0.5 * (o[l] - y[l])^2`;

const vector = (n: number, s: number): number[] => Array.from({ length: n }, (_, k) => 0.6 * Math.sin(1.3 * k + s));
const matrix = (r: number, c: number, s: number): number[][] => Array.from({ length: r }, (_, i) => vector(c, s + 0.7 * i));
const networkInputs = { x: vector(3, 1), W1: matrix(4, 3, 2), b1: vector(4, 3), W2: matrix(4, 4, 4), b2: vector(4, 5), W3: matrix(2, 4, 6), b3: vector(2, 7), y: vector(2, 8) };

describe('factored results', () => {
  it('a 3-layer gradient is the δ recursion: one product of layer factors, not 2^L expanded terms', () => {
    const d = grad(threeLayers, 'L', 'W1');
    expect(d.toString()).toBe('dL/dW1[j,i] = W2[k,j] W3[l,k] x[i] (1 - h1[j]^2) (1 - h2[k]^2) (o[l] - y[l])');
    expect(grad(threeLayers, 'L', 'W1', { mode: 'reverse' }).toString()).toBe(d.toString());
    expect(d.check(networkInputs).ok).toBe(true);
  });

  it('keeps shared definitions as factors, inside a Map argument too', () => {
    const source = 'S: [n, n] symmetric\nt3[i,j] = S[i,j] + A[i,j]\nt5[i,k] = t3[i,j] t3[j,k]\nt6[i] = sin(x[i] + x[i])\nL = cos(t6[i] t5[i,j] x[j])';
    const d = grad(source, 'L', 'x');
    const text = d.toString();
    expect(text).toContain('sin(t6[k] x[l] t5[k,l])');
    expect(text).toContain('cos(2 x[i])');
    expect(text.length).toBeLessThan(150);
    const inputs = { S: [[2, 0.5, 0.1], [0.5, 1.5, 0.2], [0.1, 0.2, 1]], A: matrix(3, 3, 1), x: vector(3, 2) };
    expect(d.check(inputs).ok).toBe(true);
  });

  it('merges equal terms inside a Map argument: sin(X + X) is sin(2 X)', () => {
    expect(grad('f = sin(X[i,j] + X[i,j])', 'f', 'X').toString()).toBe('df/dX[i,j] = 2 cos(2 X[i,j])');
  });

  it('keeps a residual whole: 2 Aᵀ r and 2 Aᵀ (A x − b)', () => {
    expect(grad('r[i] = A[i,j] x[j] - b[i]\nf = r[i] r[i]', 'f', 'x').toString()).toBe('df/dx[j] = 2 A[i,j] r[i]');
    expect(grad('f = sum[i]((A[i,j] x[j] - b[i])^2)', 'f', 'x').toString()).toBe('df/dx[j] = 2 A[i,j] (A[i,k] x[k] - b[i])');
  });

  it('the logistic-regression Hessian reads Xᵀ diag(σ(1 − σ)) X', () => {
    const d = hessian('z[a] = X[a,i] w[i]\nL = sum[a](softplus(z[a]) - y[a] z[a])', 'L', 'w');
    expect(d.toString()).toBe('d²L/dw[j]dw[k] = X[i,j] X[i,k] sigmoid(z[i]) (1 - sigmoid(z[i]))');
  });

  it('cancels a factor against its reciprocal: ∂ log det X = inv(X)ᵀ', () => {
    expect(grad('X: [n, n]\nf = log(det(X))', 'f', 'X').toString()).toBe('df/dX[i,j] = inv(X)[j,i]');
  });

  it('combines powers of one base: (x²)⁻¹ x = x⁻¹; a non-integer power of a power keeps its parentheses', () => {
    expect(grad('f = log(x[i]^2)', 'f', 'x').toString()).toBe('df/dx[i] = 2 x[i]^(-1)');
    expect(grad('f = (x[i]^2)^0.5', 'f', 'x').toString()).toBe('df/dx[i] = (x[i]^2)^(-0.5) x[i]');
  });

  it('prints a broadcast ones vector as nothing', () => {
    expect(grad('f = x[i] / 2', 'f', 'x').toString()).toBe('df/dx[i] = 0.5');
    expect(grad('f = sum[i](x[i])^2', 'f', 'x').toString()).toBe('df/dx[i] = 2 sum[j](x[j])');
  });
});
