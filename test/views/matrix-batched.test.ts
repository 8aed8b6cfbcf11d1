import { describe, expect, it } from 'vitest';
import type { DenseArray } from '../../runtime/strided-array.js';
import { grad, type Derivative } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { createRandom, randomArray } from '../support/random.js';
import { asMatrix, maxDifference } from '../acceptance/views-support.js';
import { evaluateMatrix } from './matrix-evaluate.js';
import { toMatrixNotation } from '../../src/index.js';

/**
 * Batched networks (data in rows) read as matrix algebra: Hadamard products of matrices, row sums
 * through 𝟏, diag of per-row scalars. Each printed form is evaluated with plain matrix algebra
 * and compared with the derivative's numbers in the layout it claims.
 */
interface BatchedCase {
  readonly name: string;
  readonly source: string;
  readonly of: string;
  readonly wrt: string;
  readonly denominator: string;
  readonly numerator: string;
}

const mlp = 'X: [5, 3]\nW1: [3, 4]\nW2: [4, 2]\nG: [5, 2]\nH[n,j] = tanh(X[n,i] W1[i,j])\nY[n,k] = H[n,j] W2[j,k]\nL = G[n,k] Y[n,k]';
const seed000 = 'x1: [1, 2]\nW1: [2, 2]\nt: [1, 2]\nx2[a,j] = sigmoid(x1[a,i] W1[i,j])\nE = (x2[a,j] - t[a,j])^2';
const softmax = 'X: [5, 3]\nW: [3, 4]\nY: [5, 4]\nZ[a,k] = X[a,i] W[i,k]\nE[a,k] = exp(Z[a,k])\ns[a] = E[a,k]\nL = -Y[a,k] (Z[a,k] - log(s[a]))';
const attention = 'Q: [4, 3]\nK: [5, 3]\nV: [5, 2]\nG: [4, 2]\nS[a,b] = exp(Q[a,i] K[b,i])\nr[a] = S[a,b]\nP[a,b] = S[a,b] / r[a]\nO[a,c] = P[a,b] V[b,c]\nL = G[a,c] O[a,c]';
const bias = 'X: [5, 3]\nW: [3, 4]\nb: [4]\nY: [5, 4]\nZ[a,j] = tanh(X[a,i] W[i,j] + b[j])\nL = (Z[a,j] - Y[a,j])^2';

const cases: readonly BatchedCase[] = [
  { name: 'weighted sum A ⊙ B', source: 'A: [5, 4]\nB: [5, 4]\nX: [5, 3]\nW: [3, 4]\nL = A[n,k] B[n,k] X[n,i] W[i,k]', of: 'L', wrt: 'W',
    denominator: 'Xᵀ (A ⊙ B)', numerator: '(A ⊙ B)ᵀ X' },
  { name: 'batched MLP, first layer', source: mlp, of: 'L', wrt: 'W1',
    denominator: 'Xᵀ ((G W2ᵀ) ⊙ (𝟏 𝟏ᵀ − H^∘2))', numerator: '((G W2ᵀ) ⊙ (𝟏 𝟏ᵀ − H^∘2))ᵀ X' },
  { name: 'seed 000 as asked (1×2 row activations)', source: seed000, of: 'E', wrt: 'W1',
    denominator: '2 x1ᵀ (x2 ⊙ (x2 − t) ⊙ (𝟏 𝟏ᵀ − x2))', numerator: '2 (x2 ⊙ (x2 − t) ⊙ (𝟏 𝟏ᵀ − x2))ᵀ x1' },
  // log(s[a]) with s[a] = Σ_k exp(Z[a,k]) is built as logsumexp[k](Z[a,k]) (2-network/stable-forms.ts): E / s reads softmax_rows(Z)
  { name: 'batched softmax cross-entropy', source: softmax, of: 'L', wrt: 'W',
    denominator: 'Xᵀ (diag(Y 𝟏) softmax_rows(Z) − Y)', numerator: '(diag(Y 𝟏) softmax_rows(Z) − Y)ᵀ X' },
  { name: 'attention wrt Q', source: attention, of: 'L', wrt: 'Q',
    // P = S / r is refolded (3-calculus/refold-definitions.ts): the textbook (P ⊙ G Vᵀ − diag(…) P) K
    denominator: '(P ⊙ (G Vᵀ) − diag((G ⊙ (P V)) 𝟏) P) K',
    numerator: 'Kᵀ (P ⊙ (G Vᵀ) − diag((G ⊙ (P V)) 𝟏) P)ᵀ' },
  { name: 'batched MLP, first-layer bias: the computed factor takes the Hadamard product', of: 'L', wrt: 'b1',
    source: 'X: [5, 3]\nW1: [3, 4]\nb1: [4]\nW2: [4, 2]\nT: [5, 2]\nH[n,j] = tanh(X[n,i] W1[i,j] + b1[j])\nY[n,k] = H[n,j] W2[j,k]\nL = 0.5 (Y[n,k] - T[n,k])^2',
    denominator: '(((Y − T) W2ᵀ) ⊙ (𝟏 𝟏ᵀ − H^∘2))ᵀ 𝟏', numerator: '𝟏ᵀ (((Y − T) W2ᵀ) ⊙ (𝟏 𝟏ᵀ − H^∘2))' },
  { name: 'bias gradient: column sums', source: bias, of: 'L', wrt: 'b',
    denominator: '2 ((Z − Y) ⊙ (𝟏 𝟏ᵀ − Z^∘2))ᵀ 𝟏', numerator: '2 𝟏ᵀ ((Z − Y) ⊙ (𝟏 𝟏ᵀ − Z^∘2))' },
  { name: 'a product with a three-index sum multiplies out: Gaussian-mixture means, R[i,c] (X[i,s] − Mu[c,s])', of: 'L', wrt: 'Mu',
    source: 'X: [6, 3]\nMu: [4, 3]\nw: [4]\nE[r,c] = w[c] - 0.5 sum[s]((X[r,s] - Mu[c,s])^2)\nR[r,c] = softmax[c](E[r,c])\nL = -sum[r](logsumexp[c](E[r,c]))',
    denominator: 'diag(Rᵀ 𝟏) Mu − Rᵀ X', numerator: 'Muᵀ diag(Rᵀ 𝟏) − Xᵀ R' },
];

function inputsOf(d: Derivative, seed: number): Record<string, DenseArray> {
  const random = createRandom(seed);
  return Object.fromEntries([...d.program.inputs.values()].map((x) => [x.name, randomArray(x.shape as number[], random)]));
}

describe('batched networks in matrix notation', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const d = grad(c.source, c.of, c.wrt);
    const inputs = inputsOf(d, 12);
    const env: Record<string, DenseArray> = { ...inputs };
    for (const [k, v] of Object.entries(evaluate(c.source, inputs))) env[k] = { data: Float64Array.from(v.data), shape: [...v.shape], stride: [...v.stride], offset: v.offset };
    const value = d.evaluate(inputs);
    const exact: DenseArray = { data: value.data, shape: value.shape, stride: value.stride, offset: value.offset };
    for (const layout of ['denominator', 'numerator'] as const) {
      const view = toMatrixNotation(d, { layout });
      expect(view.matrix.kind, layout).not.toBe('index');
      expect(view.text.split('\n')[0], layout).toBe(`∂${c.of}/∂${c.wrt} = ${c[layout]}`);
      expect(view.text, layout).not.toContain('index notation');
      expect(maxDifference(evaluateMatrix(view.matrix, env), asMatrix(exact, view.transposed)), layout).toBeLessThan(1e-9);
    }
  });
});

describe('a term with no matrix form', () => {
  it("prints in index notation through the program's definitions (v, D), as toString does, not with their bodies expanded", () => {
    const layerNorm = 'X: [N, d]\nm[n] = mean[i](X[n,i])\nD[n,i] = X[n,i] - m[n]\nv[n] = mean[i](D[n,i]^2)\nZ[n,i] = D[n,i] (v[n] + 0.00001)^(-0.5) g[i] + be[i]\nL = sum[n,i](Z[n,i] T[n,i])';
    const line = toMatrixNotation(grad(layerNorm, 'L', 'X'), { layout: 'denominator' }).text.split('\n')[0]!;
    expect(line).toBe('∂L/∂X = diag((0.00001 𝟏 + v)^∘-0.5) T diag(g) − d^-1 ((T g) ⊙ (0.00001 𝟏 + v)^∘-0.5) 𝟏ᵀ − [T[j,i] g[i] (sum[l](δ[l,l]))^(-1) (0.00001 + v[j])^(-1.5) D[j,k] D[j,i]]_(j,k) (index notation)');
  });
});
