import type { PlaygroundState } from './state.js';

/** A worked example: a title, one line on why it is interesting, and the state that shows it. */
export interface GalleryEntry {
  readonly group: string;
  readonly title: string;
  readonly note: string;
  readonly state: Partial<PlaygroundState> & Pick<PlaygroundState, 'source'>;
}

export const gallery: readonly GalleryEntry[] = [
  {
    group: 'The seed questions',
    title: 'Seed 000 · row-vector network',
    note: 'dE/dx2 and f′ are 1×2 — how can dE/dW1 be 2×2? Index rules keep W1’s indices.',
    state: { source: 'x1: [2]\nW1: [2, 2]\nt: [2]\nx2[j] = sigmoid(x1[i] W1[i,j])\nE = sum[j]((x2[j] - t[j])^2)', wrt: 'W1', vectors: 'row' },
  },
  {
    group: 'The seed questions',
    title: 'Seed 001 · L = f·y, f = X·W + b',
    note: 'Shapes as asked: X 1×m, W m×10, b 1×10, y 10×1. The gradient has W’s shape, m×10.',
    state: { source: 'X: [1, m]\nW: [m, 10]\nb: [1, 10]\ny: [10, 1]\nf[a,j] = X[a,i] W[i,j] + b[a,j]\nL = f[a,j] y[j,a]', wrt: 'W' },
  },
  {
    group: 'The seed questions',
    title: 'Seed 002 · backprop through two layers',
    note: 'With the adjoints z2, z1 named, the δ recursion δz1 = (W2ᵀ δz2) ⊙ f′(z1) is the answer; pick either layout.',
    state: {
      source: 'z1[i] = W1[i,j] x[j] + b1[i]\na1[i] = tanh(z1[i])\nz2[i] = W2[i,j] a1[j] + b2[i]\na2[i] = tanh(z2[i])\nC = 0.25 * sum[i]((a2[i] - y[i])^2)',
      wrt: 'W1',
      adjoints: 'z2, z1',
    },
  },
  {
    group: 'Matrix Cookbook',
    title: 'Quadratic form xᵀAx',
    note: 'Matrix notation in, (A + Aᵀ) x out.',
    state: { source: "x'*A*x", notation: 'matrix', wrt: 'x' },
  },
  {
    group: 'Matrix Cookbook',
    title: 'Hessian of xᵀAx',
    note: 'A + Aᵀ, and it never reads x.',
    state: { source: "x'*A*x", notation: 'matrix', wrt: 'x', kind: 'hessian' },
  },
  {
    group: 'Matrix Cookbook',
    title: 'Trace tr(A X B)',
    note: '∂/∂X tr(AXB) = Aᵀ Bᵀ, without the trace trick.',
    state: { source: 'tr(A*X*B)', notation: 'matrix', wrt: 'X' },
  },
  {
    group: 'Matrix Cookbook',
    title: 'log det X',
    note: '∂/∂X log|det X| = X⁻ᵀ.',
    state: { source: 'log(det(X))', notation: 'matrix', wrt: 'X' },
  },
  {
    group: 'Matrix Cookbook',
    title: 'Least squares ‖Ax − b‖²',
    note: 'Declared shapes: A is m×n, x is n-long, b m-long.',
    state: { source: 'A: [m, n]\nx: [n]\nb: [m]\n(A*x - b)\'*(A*x - b)', notation: 'matrix', wrt: 'x' },
  },
  {
    group: 'Matrix Cookbook',
    title: 'Inverse: ∂X⁻¹/∂X',
    note: 'A 4th-order Jacobian; the Kronecker view gives −X⁻ᵀ ⊗ X⁻¹ (vec by columns).',
    state: { source: 'X: [n, n]\nY[i,j] = inv(X)[i,j]', wrt: 'X', kind: 'jacobian' },
  },
  {
    group: 'Machine learning',
    title: 'MLP with ReLU',
    note: 'A two-layer perceptron with a squared-error loss; the first layer’s weights.',
    state: {
      source: 'x: [3]\nW1: [4, 3]\nW2: [2, 4]\ny: [2]\nh[i] = relu(W1[i,j] x[j])\no[k] = W2[k,i] h[i]\nL = 0.5 * sum[k]((o[k] - y[k])^2)',
      wrt: 'W1',
    },
  },
  {
    group: 'Machine learning',
    title: 'Softmax cross-entropy',
    note: 'Logits z = W x; for a one-hot y, −Σ y log softmax(z) = log Σ exp(z) − yᵀz. The gradient is (p − y) xᵀ.',
    state: {
      source: 'z[i] = W[i,j] x[j]\nZ = sum[i](exp(z[i]))\nL = log(Z) - y[i] z[i]',
      wrt: 'W',
    },
  },
  {
    group: 'Machine learning',
    title: 'Logistic regression',
    note: 'Negative log-likelihood over a batch; the terms add up to Xᵀ (p − y).',
    state: {
      source: 'p[n] = sigmoid(X[n,j] w[j])\nL = -sum[n](y[n] log(p[n]) + (1 - y[n]) log(1 - p[n]))',
      wrt: 'w',
    },
  },
  {
    group: 'Machine learning',
    title: 'Attention',
    note: 'Softmax(Q Kᵀ) V against an upstream gradient G; the gradient for Q.',
    state: {
      source: 'S[i,j] = Q[i,d] K[j,d]\nE[i,j] = exp(S[i,j])\nZ[i] = sum[j](E[i,j])\nP[i,j] = E[i,j] / Z[i]\nO[i,e] = P[i,j] V[j,e]\nL = sum[i,e](O[i,e] G[i,e])',
      wrt: 'Q',
    },
  },
];
