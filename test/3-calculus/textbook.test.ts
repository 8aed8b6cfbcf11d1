import { describe, expect, it } from 'vitest';
import { grad, hessian, jacobian } from '../../src/derive.js';
import { createRandom } from '../support/random.js';
import { toLatex, toMatrixNotation } from '../../src/index.js';

/**
 * Issue 12 item 5: simplification to the textbook answer. Every case asserts the printed matrix
 * form where the printer can produce it, and always the numbers: the simplified derivative agrees
 * with central finite differences of the original program at random inputs (Derivative.check).
 */
const random = createRandom(5012);
const matrix = (m: number, n: number): number[][] => Array.from({ length: m }, () => Array.from({ length: n }, () => 2 * random() - 1));
const vector = (n: number): number[] => matrix(1, n)[0]!;
const spd = (n: number): number[][] => {
  const a = matrix(n, n);
  return a.map((row, i) => row.map((_, j) => a[i]!.reduce((s, x, k) => s + x * a[j]![k]!, 0) + (i === j ? n : 0)));
};
/** Positive entries, each row summing to 1 (a valid `distribution` value). */
const simplexRows = (m: number, n: number): number[][] => matrix(m, n).map((row) => {
  const positive = row.map((v) => 1.5 + v);
  const sum = positive.reduce((a, b) => a + b, 0);
  return positive.map((v) => v / sum);
});
const text = (source: string, of: string, wrt: string): string => toMatrixNotation(grad(source, of, wrt), { layout: 'denominator' }).text.split('\n')[0]!;

interface Case { readonly name: string; readonly source: string; readonly of: string; readonly wrt: string; readonly printed?: string | RegExp; readonly inputs: () => Record<string, number | number[] | number[][]> }

const cases: readonly Case[] = [
  { name: 'logistic regression: Xᵀ (p − y)', source: 'p[i] = sigmoid(X[i,j] w[j])\nL = -sum[i](y[i] log(p[i]) + (1 - y[i]) log(1 - p[i]))', of: 'L', wrt: 'w',
    printed: '∂L/∂w = Xᵀ (p − y)', inputs: () => ({ X: matrix(6, 3), w: vector(3), y: vector(6).map((v) => (v > 0 ? 1 : 0)) }) },
  { name: 'like terms inside a sum cancel: (1 − x) ⊙ y + x ⊙ y = y', source: 'v[i] = (1 - x[i]) y[i] + x[i] y[i]\nL = v[i] z[i]', of: 'L', wrt: 'z',
    printed: '∂L/∂z = y', inputs: () => ({ x: vector(4), y: vector(4), z: vector(4) }) },
  { name: 'a factored sum that does not cancel stays factored: X (a + b)', source: 'L = u[i] X[i,j] (a[j] + b[j])', of: 'L', wrt: 'u',
    printed: '∂L/∂u = X (a + b)', inputs: () => ({ u: vector(3), X: matrix(3, 2), a: vector(2), b: vector(2) }) },
  { name: 'constants fold: sqrt(4)^(-1) x·x', source: 'C = sqrt(4)^(-1) x[i] x[i]', of: 'C', wrt: 'x', printed: '∂C/∂x = x', inputs: () => ({ x: vector(4) }) },
  { name: 'nested constants fold: exp(log 2) / sqrt(sqrt 16)', source: 'C = exp(log(2)) x[i] x[i] / sqrt(sqrt(16))', of: 'C', wrt: 'x', printed: '∂C/∂x = 2 x', inputs: () => ({ x: vector(3) }) },
  { name: 'Gaussian mean with S symmetric: −S⁻¹ r', source: 'S: [n, n] symmetric\nr[i] = x[i] - m[i]\nL = 0.5 r[i] inv(S)[i,j] r[j]', of: 'L', wrt: 'm', printed: '∂L/∂m = −S⁻¹ r', inputs: () => ({ S: spd(3), x: vector(3), m: vector(3) }) },
  { name: 'logdet of a Gram matrix: 2 X M⁻¹', source: 'M[i,j] = X[k,i] X[k,j]\nf = logdet(M)', of: 'f', wrt: 'X', printed: '∂f/∂X = 2 X M⁻¹', inputs: () => ({ X: matrix(5, 3) }) },
  { name: 'A + Aᵀ is symmetric', source: 'B[i,j] = A[i,j] + A[j,i]\nL = x[i] inv(B)[i,j] x[j]', of: 'L', wrt: 'x', printed: /^∂L\/∂x = 2 B⁻[¹ᵀ] x$/, inputs: () => ({ A: spd(3), x: vector(3) }) },
  { name: 'log(det(inv(X))) has gradient −X⁻ᵀ', source: 'X: [n, n]\nY[i,j] = inv(X)[i,j]\nf = log(det(Y))', of: 'f', wrt: 'X', printed: '∂f/∂X = −X⁻ᵀ', inputs: () => ({ X: spd(3) }) },
  { name: 'inv(inv(X)) = X', source: 'X: [n, n]\nY[i,j] = inv(X)[i,j]\nf = a[i] inv(Y)[i,j] b[j]', of: 'f', wrt: 'a', printed: '∂f/∂a = X b', inputs: () => ({ X: spd(3), a: vector(3), b: vector(3) }) },
  { name: 'X inv(X) = I', source: 'X: [n, n]\nf = a[i] X[i,k] inv(X)[k,j] b[j]', of: 'f', wrt: 'a', printed: '∂f/∂a = b', inputs: () => ({ X: spd(3), a: vector(3), b: vector(3) }) },
  { name: 'det(inv(X)) = 1/det(X)', source: 'X: [n, n]\nY[i,j] = inv(X)[i,j]\nf = det(Y)', of: 'f', wrt: 'X', printed: '∂f/∂X = −f X⁻ᵀ', inputs: () => ({ X: spd(3) }) },
  { name: 'softmax cross-entropy: a softmax sums to 1, so ((yᵀ𝟏) p − y) xᵀ', source: 'p[i] = softmax[i](W[i,j] x[j])\nL = -sum[i](y[i] log(p[i]))', of: 'L', wrt: 'W',
    printed: '∂L/∂W = ((yᵀ 𝟏) p − y) xᵀ', inputs: () => ({ W: matrix(4, 3), x: vector(3), y: [0, 1, 0, 0] }) },
  { name: 'a softmax sums to 1: the entropy gradient loses (pᵀ𝟏) p − p', source: 'p[c] = softmax[c](z[c])\nH = -sum[c](p[c] log(p[c]))', of: 'H', wrt: 'z',
    printed: '∂H/∂z = (pᵀ log(p)) p − p ⊙ log(p)', inputs: () => ({ z: vector(4) }) },
  { name: 'any normalisation sums to 1 along its index, written out or implied', source: 'Q[i,k] = A[i,k]^2 / sum[j](A[i,j]^2)\nL = sum[k](Q[i,k]) y[i] z[i] + Q[i,k] w[i]', of: 'L', wrt: 'z',
    printed: '∂L/∂z = y', inputs: () => ({ A: matrix(3, 3), y: vector(3), z: vector(3), w: vector(3) }) },
  { name: 'batched softmax cross-entropy: P ⊙ Y ⊙ P^∘-1 is Y', source: 'Z[a,c] = X[a,i] W[i,c]\nE[a,c] = exp(Z[a,c])\ns[a] = E[a,c]\nP[a,c] = E[a,c] / s[a]\nL = -Y[a,c] log(P[a,c])', of: 'L', wrt: 'W',
    printed: '∂L/∂W = Xᵀ (diag(Y 𝟏) P − Y)', inputs: () => ({ X: matrix(5, 3), W: matrix(3, 4), Y: matrix(5, 4) }) },
  { name: 'declared y: [c] distribution: softmax cross-entropy is (p − y) xᵀ', source: 'y: [c] distribution\np[i] = softmax[i](W[i,j] x[j])\nL = -sum[i](y[i] log(p[i]))', of: 'L', wrt: 'W',
    printed: '∂L/∂W = (p − y) xᵀ', inputs: () => ({ W: matrix(4, 3), x: vector(3), y: simplexRows(1, 4)[0]! }) },
  { name: 'declared distribution, log_softmax: the gradient wrt the logits is p − y', source: 'y: [k] distribution\nL = -y[k] log_softmax[k](z[k])', of: 'L', wrt: 'z',
    printed: '∂L/∂z = softmax(z) − y', inputs: () => ({ z: vector(4), y: simplexRows(1, 4)[0]! }) },
  { name: 'declared Y: [n, c] distribution (each row): batched softmax cross-entropy is Xᵀ (P − Y)', source: 'Y: [n, c] distribution\nZ[a,c] = X[a,i] W[i,c]\nE[a,c] = exp(Z[a,c])\ns[a] = E[a,c]\nP[a,c] = E[a,c] / s[a]\nL = -Y[a,c] log(P[a,c])', of: 'L', wrt: 'W',
    printed: '∂L/∂W = Xᵀ (P − Y)', inputs: () => ({ X: matrix(5, 3), W: matrix(3, 4), Y: simplexRows(5, 4) }) },
  { name: 'a derivative wrt a declared distribution is the unconstrained partial: −log(p)', source: 'y: [c] distribution\np[c] = softmax[c](z[c])\nL = -sum[c](y[c] log(p[c]))', of: 'L', wrt: 'y',
    printed: '∂L/∂y = −log(p)', inputs: () => ({ z: vector(4), y: simplexRows(1, 4)[0]! }) },
  { name: 'an input is not known to sum to 1: Σ y stays', source: 'p[c] = softmax[c](z[c])\nL = -sum[c](y[c] log(p[c]))', of: 'L', wrt: 'z',
    printed: '∂L/∂z = (yᵀ 𝟏) p − y', inputs: () => ({ z: vector(4), y: vector(4) }) },
  { name: 'a centred quantity sums to 0: the layer-norm backward pass', source: 'x: [n]\nm = mean[i](x[i])\nc[i] = x[i] - m\nv = mean[i](c[i]^2)\ny[i] = c[i] / sqrt(v + 0.001)\nL = g[i] y[i]', of: 'L', wrt: 'x',
    printed: '∂L/∂x = (0.001 + v)^-0.5 (g − n^-1 (gᵀ 𝟏) 𝟏 − n^-1 (gᵀ y) y)', inputs: () => ({ x: vector(5), g: vector(5) }) },
  { name: 'a root the program wrote stays a root: ∂(x / sqrt(1 + v)) is one power of it, not sqrt(·)^-2 (·)^-0.5', source: 'L = sum[i](x[i] / sqrt(v[i] + 1))', of: 'L', wrt: 'v',
    printed: '∂L/∂v = -0.5 ((sqrt(𝟏 + v))^∘-3 ⊙ x)', inputs: () => ({ x: vector(4), v: vector(4) }) },
  { name: 'batch norm with a named s = sqrt(v + ε): every term reads s^-1 (the root’s derivative is ½ s^-1, not ½ (v + ε)^-0.5)',
    source: 'X: [N, n]\nm[j] = sum[a](X[a,j]) / N\nc[a,j] = X[a,j] - m[j]\nv[j] = sum[a](c[a,j]^2) / N\ns[j] = sqrt(v[j] + 0.001)\nY[a,j] = c[a,j] / s[j]\nL = sum[a,j](Y[a,j] G[a,j])', of: 'L', wrt: 'X',
    printed: '∂L/∂X = G diag(s^∘-1) − N^-1 𝟏 ((Gᵀ 𝟏) ⊙ s^∘-1)ᵀ − N^-1 Y diag(((G ⊙ Y)ᵀ 𝟏) ⊙ s^∘-1)', inputs: () => ({ X: matrix(5, 3), G: matrix(5, 3) }) },
  { name: 'KL divergence by q: −p ⊙ q^∘-1 (the reciprocal of the quotient p/q is taken factor by factor)', source: 'L = sum[i](p[i] log(p[i] / q[i]))', of: 'L', wrt: 'q',
    printed: '∂L/∂q = −(p ⊙ q^∘-1)', inputs: () => ({ p: simplexRows(1, 4)[0]!, q: simplexRows(1, 4)[0]! }) },
  { name: 'KL divergence by p: 𝟏 + log(p ⊙ q^∘-1)', source: 'L = sum[i](p[i] log(p[i] / q[i]))', of: 'L', wrt: 'p',
    printed: '∂L/∂p = 𝟏 + log(p ⊙ q^∘-1)', inputs: () => ({ p: simplexRows(1, 4)[0]!, q: simplexRows(1, 4)[0]! }) },
  { name: 'a fractional power of a quotient is not split: finite where p and q are both negative', source: 'L = sum[i]((p[i] / q[i])^(-0.5))', of: 'L', wrt: 'q',
    inputs: () => ({ p: [-1, -2, -0.5], q: [-4, -3, -2] }) },
  { name: 'a centred quantity sums to 0: the variance', source: 'x: [n]\nm = mean[i](x[i])\nv = mean[i]((x[i] - m)^2)', of: 'v', wrt: 'x',
    printed: '∂v/∂x = 2 n^-1 (x − m 𝟏)', inputs: () => ({ x: vector(4) }) },
  { name: 'batch centring along the batch index, numeric size', source: 'X: [5, 3]\nmu[j] = mean[a](X[a,j])\nC[a,j] = X[a,j] - mu[j]\nL = sum[a](C[a,j]) w[j] + C[a,j] G[a,j]', of: 'L', wrt: 'w',
    printed: '∂L/∂w = 0', inputs: () => ({ X: matrix(5, 3), w: vector(3), G: matrix(5, 3) }) },
  { name: 'a named root folds back: (uᵀu)^-0.5 reads nu^-1 for nu = sqrt(uᵀu) (cosine similarity)', source: 'u: [n]\nv: [n]\nnu = sqrt(u[a] u[a])\nnv = sqrt(v[b] v[b])\nsim = u[c] v[c] / (nu nv)', of: 'sim', wrt: 'u',
    printed: '∂sim/∂u = nu^-1 nv^-1 v − nu^-2 sim u', inputs: () => ({ u: vector(4), v: vector(4) }) },
  { name: 'the norm of a residual: 𝟏ᵀ r^∘2 is rᵀr, and its root the value itself', source: 'A: [m, n]\nr[i] = A[i,j] x[j] - b[i]\nf = norm2[i](r[i])', of: 'f', wrt: 'x',
    printed: '∂f/∂x = f^-1 Aᵀ r', inputs: () => ({ A: matrix(5, 3), x: vector(3), b: vector(5) }) },
  { name: 'max(0, z) is relu: the hinge loss gradient reads step, as books write the indicator', source: 'X: [m, n]\nw: [n]\ny: [m]\nC: []\nL = 0.5 w[j] w[j] + C sum[i](max(0, 1 - y[i] X[i,j] w[j]))', of: 'L', wrt: 'w',
    printed: '∂L/∂w = w − C Xᵀ (step(𝟏 − (X w) ⊙ y) ⊙ y)', inputs: () => ({ X: matrix(6, 3), w: vector(3), y: vector(6).map((v) => (v > 0 ? 1 : -1)), C: 0.7 }) },
  { name: 'max(a, b) = b + relu(a − b): a ReLU written with max', source: 'X: [m, n]\nW: [n, k]\nG: [m, k]\nA[a,c] = max(X[a,i] W[i,c], 0)\nL = G[a,c] A[a,c]', of: 'L', wrt: 'W',
    printed: '∂L/∂W = Xᵀ (G ⊙ step(X W))', inputs: () => ({ X: matrix(5, 3), W: matrix(3, 2), G: matrix(5, 2) }) },
  { name: 'XᵀY is not symmetric, so nothing merges', source: 'M[i,j] = X[k,i] Y[k,j]\nf = logdet(M)', of: 'f', wrt: 'X', inputs: () => ({ X: matrix(4, 3), Y: matrix(4, 3) }) },
];

describe('textbook answers, checked against finite differences of the original', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    if (typeof c.printed === 'string') expect(text(c.source, c.of, c.wrt)).toBe(c.printed);
    else if (c.printed) expect(text(c.source, c.of, c.wrt)).toMatch(c.printed);
    for (let trial = 0; trial < 3; trial++) expect(grad(c.source, c.of, c.wrt).check(c.inputs()).ok).toBe(true);
  });

  it('a non-symmetric product is not printed with a factor 2', () => {
    expect(text('M[i,j] = X[k,i] Y[k,j]\nf = logdet(M)', 'f', 'X')).not.toMatch(/^∂f\/∂X = 2/);
  });
});

describe('a declared distribution (Σ_c y[…,c] = 1) against the undeclared program', () => {
  const body = 'Z[a,c] = X[a,i] W[i,c]\nL = -Y[a,c] log_softmax[c](Z[a,c])';
  const declared = grad(`Y: [n, k] distribution\n${body}`, 'L', 'W');
  const undeclared = grad(body, 'L', 'W');

  it('the undeclared gradient keeps the row sums; the declared one uses them', () => {
    expect(toMatrixNotation(undeclared, { layout: 'denominator' }).text).toMatch(/diag\(Y 𝟏\)/);
    expect(toMatrixNotation(declared, { layout: 'denominator' }).text).not.toMatch(/Y 𝟏/);
  });

  it('on valid distributions both evaluate to the same numbers (the reference evaluator agrees)', () => {
    for (let trial = 0; trial < 5; trial++) {
      const inputs = { X: matrix(4, 3), W: matrix(3, 5), Y: simplexRows(4, 5) };
      const a = Array.from(declared.evaluate(inputs).data as Float64Array);
      const b = Array.from(undeclared.evaluate(inputs).data as Float64Array);
      a.forEach((v, k) => expect(v).toBeCloseTo(b[k]!, 12));
    }
  });

  it('values off the simplex (rows summing to 2) are refused by evaluate and check', () => {
    const inputs = { X: matrix(4, 3), W: matrix(3, 5), Y: simplexRows(4, 5).map((row) => row.map((v) => 2 * v)) };
    expect(() => declared.evaluate(inputs)).toThrow(expect.objectContaining({ code: 'distribution_sum_not_one' }));
    expect(() => declared.check(inputs)).toThrow(expect.objectContaining({ code: 'distribution_sum_not_one' }));
  });
});

describe('a diagonal of one repeated scalar is a scaled identity', () => {
  it('the Hessian of ‖x‖ reads nrm^-1 I − nrm^-3 x xᵀ, and the Jacobian of x/‖x‖ (xᵀx)^-0.5 (I − y yᵀ)', () => {
    const h = hessian('x: [n]\nnrm = norm2[a](x[a])', 'nrm', 'x');
    expect(toMatrixNotation(h).text.split('\n')[0]).toBe('∂²nrm/∂x∂xᵀ = nrm^-1 I_n − nrm^-3 x xᵀ');
    const j = jacobian('x: [n]\ny[a] = x[a] / sqrt(x[b] x[b])', 'y', 'x');
    expect(toMatrixNotation(j).text.split('\n')[0]).toBe('∂y/∂x = (xᵀ x)^-0.5 (I_n − y yᵀ)');
    for (let trial = 0; trial < 3; trial++) {
      expect(h.check({ x: vector(4) }).ok).toBe(true);
      expect(j.check({ x: vector(4) }).ok).toBe(true);
    }
  });
});

describe('a square root is a power one half', () => {
  it('the squared norm ‖x‖² has gradient 2 x in index notation and LaTeX too, not 2 (Σx²)^-0.5 sqrt(Σx²) x', () => {
    const d = grad('L = norm2[i](x[i])^2 + lam norm2[a,k](U[a,k])^2', 'L', 'x');
    expect(d.toString()).toBe('dL/dx[i] = 2 x[i]');
    expect(toLatex(d)).toBe('\\frac{\\partial L}{\\partial x_{i}} = 2 x_{i}');
    const u = grad('L = norm2[i](x[i])^2 + lam norm2[a,k](U[a,k])^2', 'L', 'U');
    expect(u.toString()).toBe('dL/dU[i,j] = 2 U[i,j] lam');
    expect(u.check({ x: vector(3), U: matrix(2, 3), lam: 0.7 }).ok).toBe(true);
  });
});
