/**
 * A catalogue of the derivations ML people do (issue 12, "Done when"): written as a user would
 * write each model, not tuned to the issue's own examples. Each entry is one model, one variable
 * and one derivative kind; every layout listed is one problem. The measure (ml-catalogue-measure.ts)
 * asks of each problem: does the derivative print a matrix expression (no index notation anywhere
 * in it), and does that expression, evaluated with plain matrix algebra, equal the derivative's
 * numbers in the requested layout?
 *
 * `kind: 'kronecker'` is a rank-3/4 Jacobian, which has no matrix form: there the problem is
 * whether the vec/Kronecker view finds a closed form (column-major vec) equal to the flattened J.
 */
import type { Program } from '../../compiler/1-parse/ricci-ast.js';

export type CatalogueKind = 'grad' | 'jacobian' | 'hessian' | 'kronecker';
export type CatalogueLayout = 'denominator' | 'numerator';

export interface CatalogueEntry {
  readonly name: string;
  readonly source: string;
  readonly kind: CatalogueKind;
  readonly of: string;
  readonly wrt: string | readonly [string, string];
  /** Layouts asked for; both unless the form is the same in each (a Hessian, a Kronecker J). */
  readonly layouts?: readonly CatalogueLayout[];
  /** Vectors read as rows (the seeds' activations as row vectors); columns by default. */
  readonly vectors?: 'row';
  /** The parsed program to differentiate when it came from matrix notation (its helpers print as what they stand for). */
  readonly program?: Program;
}

const both = ['denominator', 'numerator'] as const;
const one = ['denominator'] as const;

// Models shared by several entries.
const leastSquares = 'A: [m, n]\nx: [n]\nb: [m]\nr[i] = A[i,j] x[j] - b[i]\nL = r[i] r[i]';
const weighted = 'X: [m, n]\nw: [n]\ny: [m]\nc: [m]\nr[i] = X[i,j] w[j] - y[i]\nL = c[i] r[i]^2';
const ridge = 'X: [m, n]\nw: [n]\ny: [m]\nlam: []\nL = (X[i,j] w[j] - y[i])^2 + lam w[j] w[j]';
const multiOutput = 'X: [N, d]\nW: [d, k]\nY: [N, k]\nR[a,c] = X[a,i] W[i,c] - Y[a,c]\nL = R[a,c] R[a,c]';
const logistic = 'X: [m, n]\nw: [n]\nb: []\ny: [m]\nz[i] = X[i,j] w[j] + b\np[i] = sigmoid(z[i])\nL = -sum[i](y[i] log(p[i]) + (1 - y[i]) log(1 - p[i]))';
const logisticSoftplus = 'X: [m, n]\nw: [n]\ny: [m]\nlam: []\nz[i] = X[i,j] w[j]\nL = sum[i](softplus(z[i]) - y[i] z[i]) + 0.5 lam w[j] w[j]';
const probit = 'X: [m, n]\nw: [n]\ny: [m]\nz[i] = X[i,j] w[j]\np[i] = 0.5 (1 + tanh(z[i]))\nL = -sum[i](y[i] log(p[i]) + (1 - y[i]) log(1 - p[i]))';
const poisson = 'X: [m, n]\nw: [n]\ny: [m]\nz[i] = X[i,j] w[j]\nL = sum[i](exp(z[i]) - y[i] z[i])';
const softmaxSingle = 'x: [n]\nW: [k, n]\nb: [k]\ny: [k]\nz[c] = W[c,j] x[j] + b[c]\ne[c] = exp(z[c])\ns = e[c]\np[c] = e[c] / s\nL = -y[c] log(p[c])';
const softmaxReduction = 'x: [n]\nW: [k, n]\ny: [k]\np[c] = softmax[c](W[c,j] x[j])\nL = -sum[c](y[c] log(p[c]))';
const logSoftmax = 'x: [n]\nW: [k, n]\ny: [k]\nz[c] = W[c,j] x[j]\nL = -y[c] log_softmax[c](z[c])';
const logSumExp = 'x: [n]\nW: [k, n]\ny: [k]\nz[c] = W[c,j] x[j]\nL = logsumexp[c](z[c]) - y[c] z[c]';
const softmaxBatched = 'X: [N, d]\nW: [d, k]\nb: [k]\nY: [N, k]\nZ[a,c] = X[a,i] W[i,c] + b[c]\nE[a,c] = exp(Z[a,c])\ns[a] = E[a,c]\nP[a,c] = E[a,c] / s[a]\nL = -Y[a,c] log(P[a,c])';
const gaussian = 'S: [n, n] symmetric\nx: [n]\nmu: [n]\nr[i] = x[i] - mu[i]\nL = 0.5 logdet(S) + 0.5 r[i] inv(S)[i,j] r[j]';
const precision = 'P: [n, n]\nx: [n]\nmu: [n]\nr[i] = x[i] - mu[i]\nL = -0.5 logdet(P) + 0.5 r[i] P[i,j] r[j]';
const gaussianBatch = 'X: [N, n]\nmu: [n]\nP: [n, n] symmetric\nR[a,i] = X[a,i] - mu[i]\nL = 0.5 R[a,i] P[i,j] R[a,j]';
const rayleigh = 'A: [n, n] symmetric\nx: [n]\nL = x[i] A[i,j] x[j] / (x[k] x[k])';
const pcaVariance = 'C: [n, n] symmetric\nW: [n, k]\nL = W[i,c] C[i,j] W[j,c]';
const pcaReconstruction = 'X: [N, d]\nW: [d, k]\nR[a,i] = X[a,i] - X[a,j] W[j,c] W[i,c]\nL = R[a,i] R[a,i]';
const factorisation = 'Y: [m, n]\nU: [m, k]\nV: [n, k]\nR[i,j] = Y[i,j] - U[i,c] V[j,c]\nL = R[i,j] R[i,j]';
const maskedFactorisation = 'Y: [m, n]\nM: [m, n]\nU: [m, k]\nV: [n, k]\nlam: []\nR[i,j] = Y[i,j] - U[i,c] V[j,c]\nL = M[i,j] R[i,j]^2 + lam U[i,c] U[i,c] + lam V[j,c] V[j,c]';
const tanhLayer = 'x: [n]\nW: [k, n]\nb: [k]\ng: [k]\nh[j] = tanh(W[j,i] x[i] + b[j])\nL = g[j] h[j]';
const sigmoidLayer = 'x: [n]\nW: [k, n]\nb: [k]\nt: [k]\nh[j] = sigmoid(W[j,i] x[i] + b[j])\nL = (h[j] - t[j])^2';
const softplusBatched = 'X: [N, d]\nW: [d, k]\nG: [N, k]\nH[a,j] = softplus(X[a,i] W[i,j])\nL = G[a,j] H[a,j]';
const mlp = 'X: [N, d]\nW1: [d, h]\nb1: [h]\nW2: [h, k]\nb2: [k]\nT: [N, k]\nH[a,j] = tanh(X[a,i] W1[i,j] + b1[j])\nY[a,c] = H[a,j] W2[j,c] + b2[c]\nL = 0.5 (Y[a,c] - T[a,c])^2';
const sigmoidMlp = 'X: [N, d]\nW1: [d, h]\nW2: [h, k]\nT: [N, k]\nH[a,j] = sigmoid(X[a,i] W1[i,j])\nY[a,c] = H[a,j] W2[j,c]\nL = (Y[a,c] - T[a,c])^2';
const rowActivations = 'x: [1, d]\nW: [d, k]\nb: [1, k]\nt: [1, k]\na[r,j] = tanh(x[r,i] W[i,j] + b[r,j])\nE = 0.5 (a[r,j] - t[r,j])^2';
const centering = 'x: [n]\ng: [n]\nm = mean[i](x[i])\nc[i] = x[i] - m\nL = g[i] c[i]';
const variance = 'x: [n]\nm = mean[i](x[i])\nv = mean[i]((x[i] - m)^2)\nL = v';
const layerNorm = 'x: [n]\ng: [n]\nm = mean[i](x[i])\nc[i] = x[i] - m\nv = mean[i](c[i]^2)\ny[i] = c[i] / sqrt(v + 0.001)\nL = g[i] y[i]';
const batchCentering = 'X: [N, d]\nG: [N, d]\nmu[j] = mean[a](X[a,j])\nC[a,j] = X[a,j] - mu[j]\nL = G[a,j] C[a,j]';
const affineNorm = 'C: [N, d]\ngamma: [d]\nbeta: [d]\nG: [N, d]\nY[a,j] = gamma[j] C[a,j] + beta[j]\nL = G[a,j] Y[a,j]';
const attention = 'Q: [T, d]\nK: [S, d]\nV: [S, e]\nG: [T, e]\nA[a,b] = exp(Q[a,i] K[b,i])\nr[a] = A[a,b]\nP[a,b] = A[a,b] / r[a]\nO[a,c] = P[a,b] V[b,c]\nL = G[a,c] O[a,c]';
const scaledAttention = 'Q: [T, d]\nK: [S, d]\nV: [S, e]\nG: [T, e]\nP[a,b] = softmax[b](0.5 Q[a,i] K[b,i])\nO[a,c] = P[a,b] V[b,c]\nL = G[a,c] O[a,c]';
const quadratic = 'A: [n, n]\nb: [n]\nx: [n]\nL = 0.5 x[i] A[i,j] x[j] - b[i] x[i]';
const bilinear = 'x: [m]\nA: [m, n]\ny: [n]\nL = x[i] A[i,j] y[j]';
const mahalanobis = 'P: [n, n] symmetric\nx: [n]\ny: [n]\nd[i] = x[i] - y[i]\nL = d[i] P[i,j] d[j]';
const kernelRidge = 'K: [n, n] symmetric\ny: [n]\nalpha: [n]\nlam: []\nr[i] = y[i] - K[i,j] alpha[j]\nL = r[i] r[i] + lam alpha[i] K[i,j] alpha[j]';
const gramLogdet = 'X: [N, d]\nlam: []\nM[i,j] = X[a,i] X[a,j] + lam delta[i,j]\nL = logdet(M)';
const productLogdet = 'A: [n, n]\nX: [n, n]\nM[i,j] = A[i,k] X[k,j]\nL = logdet(M)';
const inverseQuadratic = 'S: [n, n]\ny: [n]\nL = y[i] inv(S)[i,j] y[j]';
const inverseTrace = 'A: [n, n]\nX: [n, n]\nB: [n, n]\nL = A[i,j] inv(X)[j,k] B[k,i]';
const linearMap = 'A: [m, n]\nx: [n]\ny[i] = A[i,j] x[j]';
const tanhMap = 'A: [m, n]\nx: [n]\ny[i] = tanh(A[i,j] x[j])';
const softmaxMap = 'z: [k]\np[c] = softmax[c](z[c])';
const frobenius = 'X: [m, n]\nA: [m, k]\nB: [k, n]\nL = (X[i,j] - A[i,c] B[c,j])^2';
const traceQuadratic = 'A: [m, m]\nX: [m, n]\nL = X[i,j] A[i,k] X[k,j]';

const svm = 'X: [m, n]\nw: [n]\ny: [m]\nlam: []\nL = sum[i](softplus(1 - y[i] X[i,j] w[j])) + 0.5 lam w[j] w[j]';
const cosine = 'x: [n]\ny: [n]\nL = x[i] y[i] / (norm2[j](x[j]) norm2[k](y[k]))';
const normalise = 'x: [n]\ng: [n]\nu[i] = x[i] / sqrt(x[j] x[j])\nL = g[i] u[i]';
const glu = 'X: [N, d]\nA: [d, k]\nB: [d, k]\nG: [N, k]\nH[a,c] = (X[a,i] A[i,c]) sigmoid(X[a,j] B[j,c])\nL = G[a,c] H[a,c]';
const residual = 'X: [N, d]\nW: [d, d]\nG: [N, d]\nY[a,j] = X[a,j] + tanh(X[a,i] W[i,j])\nL = G[a,j] Y[a,j]';
const rnnStep = 'h: [d]\nx: [n]\nWh: [d, d]\nWx: [d, n]\ng: [d]\nh2[i] = tanh(Wh[i,j] h[j] + Wx[i,k] x[k])\nL = g[i] h2[i]';
const dropout = 'X: [N, d]\nM: [N, d]\nW: [d, k]\nT: [N, k]\nY[a,c] = M[a,i] X[a,i] W[i,c]\nL = (Y[a,c] - T[a,c])^2';
const embedding = 'O: [N, V]\nE: [V, d]\nw: [d]\ny: [N]\ns[a] = O[a,v] E[v,j] w[j]\nL = (s[a] - y[a])^2';
const gpMarginal = 'K: [n, n] symmetric\ny: [n]\nL = 0.5 y[i] inv(K)[i,j] y[j] + 0.5 logdet(K)';
const klGaussians = 'S: [n, n]\nT: [n, n]\nL = 0.5 inv(T)[i,j] S[j,i] - 0.5 logdet(S)';
const entropy = 'z: [k]\np[c] = softmax[c](z[c])\nH = -sum[c](p[c] log(p[c]))';
const contrastive = 'A: [N, d]\nB: [N, d]\nI: [N, N]\nS[a,b] = A[a,i] B[b,i]\nL = -sum[a,b](I[a,b] log_softmax[b](S[a,b]))';
const bilinearScore = 'X: [N, d]\nW: [d, e]\nY: [N, e]\ns[a] = X[a,i] W[i,j] Y[a,j]\nL = sum[a](softplus(s[a]))';
const seedRows = 'x: [n]\nW: [n, k]\nb: [k]\nt: [k]\nz[j] = x[i] W[i,j] + b[j]\nE = (sigmoid(z[j]) - t[j])^2';
const twoLayer = 'x: [n]\nW1: [h, n]\nW2: [k, h]\ny: [k]\na[i] = tanh(W1[i,j] x[j])\no[c] = W2[c,i] a[i]\nL = 0.5 (o[c] - y[c])^2';
const elementwiseMap = 'x: [n]\nw: [n]\ny[i] = w[i] exp(x[i])';
const outerMap = 'u: [m]\nv: [n]\nM[i,j] = u[i] v[j]';
const linearAffine = 'W: [k, n]\nx: [n]\nb: [k]\nz[i] = W[i,j] x[j] + b[i]';

export const catalogue: readonly CatalogueEntry[] = [
  // least squares and its variants
  { name: 'least squares wrt x', source: leastSquares, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'least squares wrt A', source: leastSquares, kind: 'grad', of: 'L', wrt: 'A' },
  { name: 'least squares inline wrt x', source: 'A: [m, n]\nx: [n]\nb: [m]\nL = (A[i,j] x[j] - b[i])^2', kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'least squares Hessian', source: leastSquares, kind: 'hessian', of: 'L', wrt: 'x', layouts: one },
  { name: 'weighted least squares wrt w', source: weighted, kind: 'grad', of: 'L', wrt: 'w' },
  { name: 'generalised least squares wrt w', source: 'X: [m, n]\nw: [n]\ny: [m]\nO: [m, m] symmetric\nr[i] = X[i,j] w[j] - y[i]\nL = r[i] O[i,k] r[k]', kind: 'grad', of: 'L', wrt: 'w' },
  { name: 'ridge wrt w', source: ridge, kind: 'grad', of: 'L', wrt: 'w' },
  { name: 'ridge Hessian', source: ridge, kind: 'hessian', of: 'L', wrt: 'w', layouts: one },
  { name: 'smooth lasso wrt w', source: 'X: [m, n]\nw: [n]\ny: [m]\nlam: []\nL = (X[i,j] w[j] - y[i])^2 + lam sum[j](sqrt(w[j]^2 + 0.01))', kind: 'grad', of: 'L', wrt: 'w' },
  { name: 'mean squared error wrt w', source: 'X: [m, n]\nw: [n]\ny: [m]\nL = mean[i]((X[i,j] w[j] - y[i])^2)', kind: 'grad', of: 'L', wrt: 'w' },
  { name: 'multi-output least squares wrt W', source: multiOutput, kind: 'grad', of: 'L', wrt: 'W' },
  // logistic, probit-like, Poisson
  { name: 'logistic wrt w', source: logistic, kind: 'grad', of: 'L', wrt: 'w' },
  { name: 'logistic wrt bias', source: logistic, kind: 'grad', of: 'L', wrt: 'b', layouts: one },
  { name: 'regularised logistic (softplus) wrt w', source: logisticSoftplus, kind: 'grad', of: 'L', wrt: 'w' },
  { name: 'logistic Hessian', source: 'X: [m, n]\nw: [n]\ny: [m]\nz[i] = X[i,j] w[j]\nL = sum[i](softplus(z[i]) - y[i] z[i])', kind: 'hessian', of: 'L', wrt: 'w', layouts: one },
  { name: 'tanh-link (probit-like) wrt w', source: probit, kind: 'grad', of: 'L', wrt: 'w' },
  { name: 'Poisson regression wrt w', source: poisson, kind: 'grad', of: 'L', wrt: 'w' },
  // softmax cross-entropy
  { name: 'softmax CE wrt W', source: softmaxSingle, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'softmax CE wrt bias', source: softmaxSingle, kind: 'grad', of: 'L', wrt: 'b' },
  { name: 'softmax CE (softmax[c]) wrt W', source: softmaxReduction, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'softmax CE (log_softmax) wrt W', source: logSoftmax, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'softmax CE (logsumexp) wrt W', source: logSumExp, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'batched softmax CE wrt W', source: softmaxBatched, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'batched softmax CE wrt bias', source: softmaxBatched, kind: 'grad', of: 'L', wrt: 'b' },
  { name: 'batched softmax CE, no bias, wrt W', source: 'X: [N, d]\nW: [d, k]\nY: [N, k]\nP[a,c] = softmax[c](X[a,i] W[i,c])\nL = -sum[a,c](Y[a,c] log(P[a,c]))', kind: 'grad', of: 'L', wrt: 'W' },
  // targets declared a distribution (each row sums to 1): the textbook (p − y) xᵀ and Xᵀ (P − Y)
  { name: 'softmax CE, y declared a distribution, wrt W', source: softmaxReduction.replace('y: [k]', 'y: [k] distribution'), kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'batched softmax CE, Y declared a distribution, wrt W', source: softmaxBatched.replace('Y: [N, k]', 'Y: [N, k] distribution'), kind: 'grad', of: 'L', wrt: 'W' },
  // Gaussian likelihoods
  { name: 'Gaussian wrt mean', source: gaussian, kind: 'grad', of: 'L', wrt: 'mu' },
  { name: 'Gaussian wrt covariance', source: gaussian, kind: 'grad', of: 'L', wrt: 'S' },
  { name: 'Gaussian wrt precision', source: precision, kind: 'grad', of: 'L', wrt: 'P' },
  { name: 'Gaussian batch wrt mean', source: gaussianBatch, kind: 'grad', of: 'L', wrt: 'mu' },
  { name: 'Gaussian batch wrt data', source: gaussianBatch, kind: 'grad', of: 'L', wrt: 'X' },
  // PCA and Rayleigh quotients
  { name: 'Rayleigh quotient wrt x', source: rayleigh, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'PCA variance tr(WᵀCW) wrt W', source: pcaVariance, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'PCA reconstruction wrt W', source: pcaReconstruction, kind: 'grad', of: 'L', wrt: 'W' },
  // trace and Frobenius objectives
  { name: 'Frobenius ‖X − AB‖² wrt A', source: frobenius, kind: 'grad', of: 'L', wrt: 'A' },
  { name: 'Frobenius ‖X − AB‖² wrt B', source: frobenius, kind: 'grad', of: 'L', wrt: 'B' },
  { name: 'Frobenius norm wrt X', source: 'X: [m, n]\nL = norm2[i,j](X[i,j])', kind: 'grad', of: 'L', wrt: 'X' },
  { name: 'tr(XᵀAX) wrt X', source: traceQuadratic, kind: 'grad', of: 'L', wrt: 'X' },
  // matrix factorisation
  { name: 'factorisation wrt U', source: factorisation, kind: 'grad', of: 'L', wrt: 'U' },
  { name: 'factorisation wrt V', source: factorisation, kind: 'grad', of: 'L', wrt: 'V' },
  { name: 'masked regularised factorisation wrt U', source: maskedFactorisation, kind: 'grad', of: 'L', wrt: 'U' },
  { name: 'masked regularised factorisation wrt V', source: maskedFactorisation, kind: 'grad', of: 'L', wrt: 'V' },
  // layers and networks
  { name: 'tanh layer wrt W', source: tanhLayer, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'tanh layer wrt input', source: tanhLayer, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'sigmoid layer wrt bias', source: sigmoidLayer, kind: 'grad', of: 'L', wrt: 'b' },
  { name: 'sigmoid layer wrt W', source: sigmoidLayer, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'batched softplus layer wrt W', source: softplusBatched, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'batched MLP wrt W2', source: mlp, kind: 'grad', of: 'L', wrt: 'W2' },
  { name: 'batched MLP wrt b2', source: mlp, kind: 'grad', of: 'L', wrt: 'b2' },
  { name: 'batched MLP wrt W1', source: mlp, kind: 'grad', of: 'L', wrt: 'W1' },
  { name: 'batched MLP wrt b1', source: mlp, kind: 'grad', of: 'L', wrt: 'b1' },
  { name: 'batched MLP wrt inputs', source: mlp, kind: 'grad', of: 'L', wrt: 'X' },
  { name: 'batched sigmoid MLP wrt W1', source: sigmoidMlp, kind: 'grad', of: 'L', wrt: 'W1' },
  { name: 'row activations (1×d) wrt W', source: rowActivations, kind: 'grad', of: 'E', wrt: 'W' },
  { name: 'row activations (1×d) wrt b', source: rowActivations, kind: 'grad', of: 'E', wrt: 'b' },
  // normalisation and batch statistics
  { name: 'centering wrt x', source: centering, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'variance wrt x', source: variance, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'layer norm wrt x', source: layerNorm, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'batch centering wrt X', source: batchCentering, kind: 'grad', of: 'L', wrt: 'X' },
  { name: 'affine normalisation wrt gain', source: affineNorm, kind: 'grad', of: 'L', wrt: 'gamma' },
  { name: 'affine normalisation wrt shift', source: affineNorm, kind: 'grad', of: 'L', wrt: 'beta' },
  // attention
  { name: 'attention wrt Q', source: attention, kind: 'grad', of: 'L', wrt: 'Q' },
  { name: 'attention wrt K', source: attention, kind: 'grad', of: 'L', wrt: 'K' },
  { name: 'attention wrt V', source: attention, kind: 'grad', of: 'L', wrt: 'V' },
  { name: 'scaled attention (softmax[b]) wrt V', source: scaledAttention, kind: 'grad', of: 'L', wrt: 'V' },
  { name: 'scaled attention (softmax[b]) wrt Q', source: scaledAttention, kind: 'grad', of: 'L', wrt: 'Q' },
  // quadratic, bilinear, Mahalanobis, kernels
  { name: 'quadratic with linear term wrt x', source: quadratic, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'quadratic with linear term wrt A', source: quadratic, kind: 'grad', of: 'L', wrt: 'A' },
  { name: 'quadratic Hessian', source: quadratic, kind: 'hessian', of: 'L', wrt: 'x', layouts: one },
  { name: 'bilinear wrt y', source: bilinear, kind: 'grad', of: 'L', wrt: 'y' },
  { name: 'bilinear mixed second derivative', source: bilinear, kind: 'hessian', of: 'L', wrt: ['x', 'y'], layouts: one },
  { name: 'Mahalanobis wrt x', source: mahalanobis, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'Mahalanobis wrt y', source: mahalanobis, kind: 'grad', of: 'L', wrt: 'y' },
  { name: 'kernel ridge wrt alpha', source: kernelRidge, kind: 'grad', of: 'L', wrt: 'alpha' },
  // log-determinants and inverses
  { name: 'regularised Gram logdet wrt X', source: gramLogdet, kind: 'grad', of: 'L', wrt: 'X' },
  { name: 'logdet of a product wrt X', source: productLogdet, kind: 'grad', of: 'L', wrt: 'X' },
  { name: 'inverse quadratic form wrt S', source: inverseQuadratic, kind: 'grad', of: 'L', wrt: 'S' },
  { name: 'inverse quadratic form wrt y', source: inverseQuadratic, kind: 'grad', of: 'L', wrt: 'y' },
  { name: 'tr(A X⁻¹ B) wrt X', source: inverseTrace, kind: 'grad', of: 'L', wrt: 'X' },
  // Jacobians of maps
  { name: 'Jacobian of a linear map', source: linearMap, kind: 'jacobian', of: 'y', wrt: 'x' },
  { name: 'Jacobian of a tanh layer wrt input', source: tanhMap, kind: 'jacobian', of: 'y', wrt: 'x' },
  { name: 'Jacobian of softmax', source: softmaxMap, kind: 'jacobian', of: 'p', wrt: 'z' },
  // Kronecker forms of rank-3/4 Jacobians
  { name: 'Kronecker: linear map wrt its matrix', source: linearMap, kind: 'kronecker', of: 'y', wrt: 'A', layouts: one },
  { name: 'Kronecker: AXB wrt X', source: 'A: [p, m]\nX: [m, n]\nB: [n, q]\nY[i,j] = A[i,k] X[k,l] B[l,j]', kind: 'kronecker', of: 'Y', wrt: 'X', layouts: one },
  { name: 'Kronecker: batched linear layer wrt W', source: 'X: [N, d]\nW: [d, k]\nZ[a,c] = X[a,i] W[i,c]', kind: 'kronecker', of: 'Z', wrt: 'W', layouts: one },
  // more models people write
  { name: 'smooth SVM (softplus hinge) wrt w', source: svm, kind: 'grad', of: 'L', wrt: 'w' },
  { name: 'cosine similarity wrt x', source: cosine, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'L2 normalisation wrt x', source: normalise, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'gated linear unit wrt A', source: glu, kind: 'grad', of: 'L', wrt: 'A' },
  { name: 'gated linear unit wrt B', source: glu, kind: 'grad', of: 'L', wrt: 'B' },
  { name: 'residual block wrt W', source: residual, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'residual block wrt X', source: residual, kind: 'grad', of: 'L', wrt: 'X' },
  { name: 'RNN step wrt recurrent weights', source: rnnStep, kind: 'grad', of: 'L', wrt: 'Wh' },
  { name: 'RNN step wrt previous state', source: rnnStep, kind: 'grad', of: 'L', wrt: 'h' },
  { name: 'dropout-masked regression wrt W', source: dropout, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'embedding lookup wrt table', source: embedding, kind: 'grad', of: 'L', wrt: 'E' },
  { name: 'GP marginal likelihood wrt kernel matrix', source: gpMarginal, kind: 'grad', of: 'L', wrt: 'K' },
  { name: 'KL between Gaussians wrt covariance', source: klGaussians, kind: 'grad', of: 'L', wrt: 'S' },
  { name: 'softmax entropy wrt logits', source: entropy, kind: 'grad', of: 'H', wrt: 'z' },
  { name: 'contrastive (InfoNCE) wrt A', source: contrastive, kind: 'grad', of: 'L', wrt: 'A' },
  { name: 'bilinear score model wrt W', source: bilinearScore, kind: 'grad', of: 'L', wrt: 'W' },
  { name: 'single sigmoid unit layer wrt W', source: seedRows, kind: 'grad', of: 'E', wrt: 'W' },
  { name: 'two-layer network wrt first layer', source: twoLayer, kind: 'grad', of: 'L', wrt: 'W1' },
  { name: 'two-layer network wrt input', source: twoLayer, kind: 'grad', of: 'L', wrt: 'x' },
  { name: 'two-layer network Hessian wrt output layer input', source: 'a: [h]\nW2: [k, h]\ny: [k]\no[c] = W2[c,i] a[i]\nL = 0.5 (o[c] - y[c])^2', kind: 'hessian', of: 'L', wrt: 'a', layouts: one },
  { name: 'Jacobian of an elementwise map', source: elementwiseMap, kind: 'jacobian', of: 'y', wrt: 'x' },
  { name: 'Jacobian of an affine layer wrt bias', source: linearAffine, kind: 'jacobian', of: 'z', wrt: 'b' },
  { name: 'Jacobian of xᵀW wrt x', source: 'x: [n]\nW: [n, k]\nz[j] = x[i] W[i,j]', kind: 'jacobian', of: 'z', wrt: 'x' },
  // the same models with vectors read as rows
  { name: 'least squares wrt x', source: leastSquares, kind: 'grad', of: 'L', wrt: 'x', vectors: 'row' },
  { name: 'logistic wrt w', source: logistic, kind: 'grad', of: 'L', wrt: 'w', vectors: 'row' },
  { name: 'softmax CE wrt bias', source: softmaxSingle, kind: 'grad', of: 'L', wrt: 'b', vectors: 'row' },
  { name: 'tanh layer wrt input', source: tanhLayer, kind: 'grad', of: 'L', wrt: 'x', vectors: 'row' },
  { name: 'two-layer network wrt first layer', source: twoLayer, kind: 'grad', of: 'L', wrt: 'W1', vectors: 'row' },
  { name: 'Jacobian of a tanh layer wrt input', source: tanhMap, kind: 'jacobian', of: 'y', wrt: 'x', vectors: 'row' },
  { name: 'Kronecker: outer product wrt u', source: outerMap, kind: 'kronecker', of: 'M', wrt: 'u', layouts: one },
  { name: 'Kronecker: Hessian of tr(XᵀAX)', source: traceQuadratic, kind: 'kronecker', of: 'L', wrt: ['X', 'X'], layouts: one },
];

/** One problem: an entry in one layout. */
export interface CatalogueProblem {
  readonly entry: CatalogueEntry;
  readonly layout: CatalogueLayout;
  /** `entry.name (layout)`: the key of the expected-failures list. */
  readonly key: string;
}

export const problems: readonly CatalogueProblem[] = catalogue.flatMap((entry) =>
  (entry.layouts ?? both).map((layout) => ({ entry, layout, key: `${entry.name} (${layout}${entry.vectors === 'row' ? ', row vectors' : ''})` })));
