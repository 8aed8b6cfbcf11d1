import type { CatalogueEntry } from './ml-catalogue.js';
import { catalogue } from './ml-catalogue.js';
import { probe, probeEntry, probeSizes } from './ml-probe.js';
import { viewCases } from './views-cases.js';

/**
 * The corpus of the round-trip oracle (round-trip.test.ts): every derivative whose printout a user
 * may paste back — the ML catalogue and probe, the held-back view cases, the golden derivations,
 * and the README's, the CLI's and the known gaps' examples. Each is one entry of the catalogue's
 * shape; `sizes` names the symbolic sizes' values.
 */
export interface RoundTripCase {
  readonly entry: CatalogueEntry | (() => CatalogueEntry);
  readonly key: string;
  readonly sizes: Readonly<Record<string, number>>;
}

const catalogueSizes = { m: 5, n: 3, N: 6, d: 3, k: 4, h: 5, T: 4, S: 5, e: 2, p: 2, q: 3 };

/** Derivatives the README, the CLI's help and earlier sessions' gaps print (undeclared sizes too). */
const examples: readonly CatalogueEntry[] = [
  { name: 'README: bilinear wrt W', source: 'L = x[i] W[i,j] y[j]', kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'README: quadratic form Hessian', source: 'f = x[i] A[i,j] x[j]', kind: 'hessian', of: 'f', wrt: 'x' },
  { name: 'README: tensor power', source: 'L = x[i]^y[i]', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'README: Kronecker AXB', source: 'F[a,b] = A[a,i] X[i,j] B[j,b]', kind: 'jacobian', of: 'F', wrt: 'X' },
  { name: 'CLI: check tanh', source: 'L = tanh(x[i] W[i,j]) y[j]', kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'CLI: linear map wrt its matrix', source: 'f[i] = A[i,j] x[j]', kind: 'jacobian', of: 'f', wrt: 'A' },
  { name: 'CLI: adjoint summed tanh', source: 'z[i] = W[i,j] x[j]\nL = sum[i](tanh(z[i]))', kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'gap: max reduction', source: 'L = max[i](x[i])', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: min along rows', source: 'X: [m, n]\nL = sum[a](min[j](X[a,j]))', kind: 'grad', of: 'L', wrt: 'X' },
  { name: 'gap: relu layer', source: 'L = relu(x[i]) y[i]', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: binary max', source: 'L = max(x[i], y[i]) + min(x[i], 0.5)', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: abs and norm1', source: 'L = norm1[i](x[i]) + abs(y[i] x[i])', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: mean of an undeclared size', source: 'L = mean[i](x[i]^2)', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: mean of a declared size', source: 'x: [n]\nL = mean[i](x[i]^2)', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: trace inside a reduction body', source: 'X: [m, n]\nL = logsumexp[a](mean[j](X[a,j]))', kind: 'grad', of: 'L', wrt: 'X' },
  { name: 'gap: undeclared trace inside a reduction body', source: 'L = logsumexp[a](mean[j](X[a,j]))', kind: 'grad', of: 'L', wrt: 'X' },
  { name: 'gap: sum inside a function', source: 'L = sum[i](exp(y[i] sum[j](A[i,j] x[j])) y[i])', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: log_softmax batch', source: 'X: [N, d]\nW: [d, k]\nY: [N, k]\nL = -sum[a,c](Y[a,c] log_softmax[c](X[a,i] W[i,c]))', kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'gap: det and inv', source: 'A: [n, n]\nB: [n, n]\nL = det(A) + inv(A)[i,j] B[j,i]', kind: 'grad', of: 'L', wrt: 'A' },
  { name: 'gap: Hessian of tanh', source: 'L = sum[i](tanh(A[i,j] x[j]))', kind: 'hessian', of: 'L', wrt: 'x' },
  { name: 'gap: mixed Hessian', source: 'L = sigmoid(x[i] A[i,j] y[j])', kind: 'hessian', of: 'L', wrt: ['x', 'y'] },
  { name: 'gap: sqrt and powers', source: 'L = sqrt(x[i] x[i] + 1) + x[i]^3 y[i] + (x[i] y[i])^(-2)', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: sin cos tan exp log', source: 'L = sin(x[i]) cos(y[i]) + tan(0.5 x[i]) + exp(x[i]) log(y[i]^2 + 1)', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: softmax Jacobian, undeclared', source: 'p[i] = exp(z[i]) / sum[j](exp(z[j]))', kind: 'jacobian', of: 'p', wrt: 'z' },
  { name: 'gap: Jacobian of an outer product wrt both', source: 'M[i,j] = u[i] u[j]', kind: 'jacobian', of: 'M', wrt: 'u' },
  { name: 'gap: Jacobian with δ alone on an index', source: 'y[i] = b[i] + 2 x[i]', kind: 'jacobian', of: 'y', wrt: 'b' },
  { name: 'gap: scalar size as a value', source: 'x: [n]\nL = sum[i](x[i]) / n', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: log-determinant as a factor', source: 'S: [n, n]\nx: [n]\nL = logdet(S) x[i] x[i] + det(S) x[i]', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gap: symmetric input', source: 'S: [n, n] symmetric\nL = x[i] S[i,j] y[j]', kind: 'grad', of: 'L', wrt: 'S' },
  // found by the random-program property under FC_SEED=12345: printed A[i,a] sum[j,k](W[i,i,j] exp(v[k] - v[i])), which sums i inside too
  { name: 'gap: a summed index that two factors inside an explicit sum mention', source: 'W: [2, 2, 1]\nv: [2]\nA: [2, 3]\nu: [3]\nL = u[a] W[i,i,p] A[i,a] exp(v[j] - v[i])', kind: 'grad', of: 'L', wrt: 'u' },
];

/** The tour's three seeds (examples/tour.ts): every derivative it prints. */
const tourSeed0 = 'x1: [2]\nW1: [2, 2]\nt: [2]\nx2[j] = sigmoid(x1[i] W1[i,j])\nE = sum[j]((x2[j] - t[j])^2)';
const tourSeed1 = 'X: [1, m]\nW: [m, 10]\nb: [1, 10]\ny: [10, 1]\nf[a,j] = X[a,i] W[i,j] + b[a,j]\nL = f[a,j] y[j,a]';
const tourSeed2 = 'x: [3]\nW1: [4, 3]\nb1: [4]\nW2: [2, 4]\nb2: [2]\ny: [2]\nz1[i] = W1[i,j] x[j] + b1[i]\na1[i] = tanh(z1[i])\n'
  + 'z2[i] = W2[i,j] a1[j] + b2[i]\na2[i] = tanh(z2[i])\nC = 0.25 * sum[i]((a2[i] - y[i])^2)';
const tour: readonly CatalogueEntry[] = [
  { name: 'tour: seed 0 dE/dW1', source: tourSeed0, kind: 'grad', of: 'E', wrt: 'W1', vectors: 'row' },
  { name: 'tour: seed 0 Jacobian of x2', source: tourSeed0, kind: 'jacobian', of: 'x2', wrt: 'W1' },
  { name: 'tour: seed 1 dL/dW', source: tourSeed1, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'tour: seed 1 Jacobian of f', source: tourSeed1, kind: 'jacobian', of: 'f', wrt: 'W' },
  { name: 'tour: seed 2 dC/dW2', source: tourSeed2, kind: 'grad', of: 'C', wrt: 'W2' },
  { name: 'tour: seed 2 dC/dW1', source: tourSeed2, kind: 'grad', of: 'C', wrt: 'W1' },
  { name: 'tour: seed 2 dC/db1', source: tourSeed2, kind: 'grad', of: 'C', wrt: 'b1' },
];

/** The golden derivations (test/golden/calculus). */
const golden: readonly CatalogueEntry[] = [
  { name: 'golden: linear layer', source: 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'golden: quadratic-form Hessian', source: 'f = x[i] A[i,j] x[j]', kind: 'hessian', of: 'f', wrt: 'x' },
  { name: 'golden: symmetric quadratic-form Hessian', source: 'A: [n, n] symmetric\nf = x[i] A[i,j] x[j]', kind: 'hessian', of: 'f', wrt: 'x' },
  { name: 'golden: inverse Jacobian', source: 'X: [n, n]\nY[i,j] = inv(X)[i,j]', kind: 'jacobian', of: 'Y', wrt: 'X' },
  { name: 'golden: least-squares Hessian', source: 'r[i] = A[i,j] x[j] - b[i]\nf = r[i] r[i]', kind: 'hessian', of: 'f', wrt: 'x' },
  { name: 'golden: softmax Jacobian', source: 'p[i] = exp(z[i]) / sum[j](exp(z[j]))', kind: 'jacobian', of: 'p', wrt: 'z' },
  { name: 'golden: logistic Hessian', source: 'z[a] = X[a,i] w[i]\nL = sum[a](softplus(z[a]) - y[a] z[a])', kind: 'hessian', of: 'L', wrt: 'w' },
];

const viewSizes = { m: 4, n: 3, p: 2, q: 5 };

export const roundTripCases: readonly RoundTripCase[] = [
  ...catalogue.map((entry) => ({ entry, key: `catalogue: ${entry.name}${entry.vectors === 'row' ? ' (row vectors)' : ''}`, sizes: catalogueSizes })),
  ...probe.map((p) => ({ entry: () => probeEntry(p), key: `probe: ${p.name}${p.vectors === 'row' ? ' (row vectors)' : ''}`, sizes: probeSizes })),
  ...viewCases.map((v) => ({ entry: { name: v.name, source: v.source, kind: v.kind, of: v.of, wrt: v.wrt }, key: `views: ${v.name}`, sizes: viewSizes })),
  ...golden.map((entry) => ({ entry, key: entry.name, sizes: {} })),
  ...examples.map((entry) => ({ entry, key: entry.name, sizes: catalogueSizes })),
  ...tour.map((entry) => ({ entry, key: entry.name, sizes: { m: 3 } })),
];
