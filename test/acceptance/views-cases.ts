/**
 * The held-back derivatives: the seeds and classic matrix-calculus identities, each with its
 * textbook matrix form written by hand from the books (Matrix Cookbook §2, Magnus–Neudecker
 * ch. 9–10, the seeds' answers), in the notation the matrix view prints. `name` keys the numpy
 * fixture (test/fixtures/acceptance-views.py) holding the inputs and the closed-form values.
 */
export type DerivativeKind = 'grad' | 'jacobian' | 'hessian';

export interface ViewCase {
  readonly name: string;
  readonly source: string;
  readonly kind: DerivativeKind;
  readonly of: string;
  readonly wrt: string | readonly [string, string];
  /** The right-hand side of `∂f/∂x = …` in denominator and numerator layout (column vectors). */
  readonly denominator?: string;
  readonly numerator?: string;
  /** The same with vectors read as rows (the seeds' "activations as row vectors"). */
  readonly rowVectors?: { readonly denominator: string; readonly numerator?: string };
  /** The left-hand side when it is not ∂of/∂wrt (Hessians), by layout. */
  readonly label?: { readonly denominator: string; readonly numerator: string };
  /** Rank > 2: the view keeps index notation and labels it with this rank. */
  readonly indexRank?: number;
  /** Rank > 2: whose indices each layout lists first. */
  readonly leading?: { readonly denominator: string; readonly numerator: string };
  /** J in Kronecker form for column- and row-major vec (Magnus–Neudecker). */
  readonly kronecker?: { readonly column: string; readonly row: string };
}

const seed = 'x: [m]\nW: [m, n]\nb: [n]\ny: [n]\nf[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]';
const leastSquares = 'A: [m, n]\nx: [n]\nb: [m]\nr[i] = A[i,j] x[j] - b[i]\nf = r[i] r[i]';
const quadratic = 'A: [n, n]\nx: [n]\nf = x[i] A[i,j] x[j]';
const logistic = 'X: [m, n]\nw: [n]\ny: [m]\nz[i] = X[i,j] w[j]\nf = sum[i](softplus(z[i]) - y[i] z[i])';
const network = 'x: [m]\nW1: [n, m]\nb1: [n]\nW2: [p, n]\nb2: [p]\ny: [p]\nz1[i] = W1[i,j] x[j] + b1[i]\na1[i] = tanh(z1[i])\n' +
  'z2[i] = W2[i,j] a1[j] + b2[i]\na2[i] = tanh(z2[i])\nC = 0.25 * sum[i]((a2[i] - y[i])^2)';
const same = (form: string) => ({ denominator: form, numerator: form });

export const viewCases: readonly ViewCase[] = [
  // seed 001: ∂L/∂W = x yᵀ (denominator) or y xᵀ (numerator)
  { name: 'seed column vectors', source: seed, kind: 'grad', of: 'L', wrt: 'W', denominator: 'x yᵀ', numerator: 'y xᵀ',
    rowVectors: { denominator: 'xᵀ y', numerator: 'yᵀ x' } },
  { name: 'seed row vectors', kind: 'grad', of: 'L', wrt: 'W', denominator: 'Xᵀ yᵀ', numerator: 'y X',
    source: 'X: [1, m]\nW: [m, 10]\nb: [1, 10]\ny: [10, 1]\nf[a,j] = X[a,i] W[i,j] + b[a,j]\nL = f[a,j] y[j,a]' },
  // seed 001, the answer: ∂f/∂W is a 3rd-order tensor; vec: d f = dWᵀx = (xᵀ ⊗ I) K vec dW
  { name: 'seed df/dW rank 3', leading: { denominator: 'W', numerator: 'f' }, source: seed, kind: 'jacobian', of: 'f', wrt: 'W', indexRank: 3,
    kronecker: { column: '(xᵀ ⊗ I_n) K_(m,n)', row: '(I_n ⊗ xᵀ) K_(n,m)' } },
  // seed 002: δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ f′(z⁽ˡ⁾), f = tanh, and its row-vector mirror
  { name: 'backprop delta', kind: 'grad', of: 'C', wrt: 'z1',
    source: 'W2: [p, n]\nz1: [n]\nd2: [p]\na1[j] = tanh(z1[j])\nz2[k] = W2[k,j] a1[j]\nC = d2[k] z2[k]',
    denominator: '(W2ᵀ d2) ⊙ (𝟏 − a1^∘2)', numerator: '(d2ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ',
    rowVectors: { denominator: '(d2 W2) ⊙ (𝟏 − a1^∘2)' } },
  // seed 002 in full: ∂C/∂W(1) = δ(1) xᵀ = diag(f′(z1)) W2ᵀ δ(2) xᵀ (denominator), x δ(2)ᵀ W2 diag(f′(z1)) (numerator)
  { name: 'backprop network dW1', source: network, kind: 'grad', of: 'C', wrt: 'W1',
    denominator: '0.5 diag(𝟏 − a1^∘2) W2ᵀ ((𝟏 − a2^∘2) ⊙ (a2 − y)) xᵀ', numerator: '0.5 x ((𝟏 − a2^∘2) ⊙ (a2 − y))ᵀ W2 diag(𝟏 − a1^∘2)',
    rowVectors: { denominator: '0.5 diag(𝟏 − a1^∘2) W2ᵀ ((𝟏 − a2^∘2) ⊙ (a2 − y))ᵀ x' } },
  { name: 'backprop network db1', source: network, kind: 'grad', of: 'C', wrt: 'b1',
    denominator: '0.5 ((W2ᵀ ((𝟏 − a2^∘2) ⊙ (a2 − y))) ⊙ (𝟏 − a1^∘2))',
    numerator: '0.5 ((((𝟏 − a2^∘2) ⊙ (a2 − y))ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ)',
    rowVectors: { denominator: '0.5 ((((𝟏 − a2^∘2) ⊙ (a2 − y)) W2) ⊙ (𝟏 − a1^∘2))' } },
  // scalar by matrix
  { name: "a'Xb", source: 'a: [m]\nX: [m, n]\nb: [n]\nf = a[i] X[i,j] b[j]', kind: 'grad', of: 'f', wrt: 'X', denominator: 'a bᵀ', numerator: 'b aᵀ' },
  { name: 'tr(AX)', source: 'A: [n, m]\nX: [m, n]\nf = A[i,j] X[j,i]', kind: 'grad', of: 'f', wrt: 'X', denominator: 'Aᵀ', numerator: 'A' },
  { name: "tr(X'AX)", source: 'A: [m, m]\nX: [m, n]\nf = X[i,j] A[i,k] X[k,j]', kind: 'grad', of: 'f', wrt: 'X',
    denominator: '(A + Aᵀ) X', numerator: 'Xᵀ (A + Aᵀ)' },
  { name: 'tr(AXB)', source: 'A: [p, m]\nX: [m, n]\nB: [n, p]\nf = A[i,j] X[j,k] B[k,i]', kind: 'grad', of: 'f', wrt: 'X',
    denominator: 'Aᵀ Bᵀ', numerator: 'B A' },
  { name: 'logdet X', source: 'X: [n, n]\nf = logdet(X)', kind: 'grad', of: 'f', wrt: 'X', denominator: 'X⁻ᵀ', numerator: 'X⁻¹' },
  { name: 'log det X', source: 'X: [n, n]\nf = log(det(X))', kind: 'grad', of: 'f', wrt: 'X', denominator: 'X⁻ᵀ', numerator: 'X⁻¹' },
  { name: 'det X', source: 'X: [n, n]\nf = det(X)', kind: 'grad', of: 'f', wrt: 'X', denominator: 'det(X) X⁻ᵀ', numerator: 'det(X) X⁻¹' },
  { name: "a'inv(X)b", source: 'a: [n]\nX: [n, n]\nb: [n]\nf = a[i] inv(X)[i,j] b[j]', kind: 'grad', of: 'f', wrt: 'X',
    denominator: '−X⁻ᵀ a bᵀ X⁻ᵀ', numerator: '−X⁻¹ b aᵀ X⁻¹' },
  { name: 'tr(inv X)', source: 'X: [n, n]\nf = inv(X)[i,i]', kind: 'grad', of: 'f', wrt: 'X', denominator: '−X⁻ᵀ X⁻ᵀ', numerator: '−X⁻¹ X⁻¹' },
  { name: "tr(XX')", source: 'X: [m, n]\nf = X[i,j] X[i,j]', kind: 'grad', of: 'f', wrt: 'X', denominator: '2 X', numerator: '2 Xᵀ' },
  { name: "tr(AX'B)", source: 'A: [p, n]\nX: [m, n]\nB: [m, p]\nf = A[i,j] X[k,j] B[k,i]', kind: 'grad', of: 'f', wrt: 'X',
    denominator: 'B A', numerator: 'Aᵀ Bᵀ' },
  { name: 'tr(X^2)', source: 'X: [n, n]\nf = X[i,j] X[j,i]', kind: 'grad', of: 'f', wrt: 'X', denominator: '2 Xᵀ', numerator: '2 X' },
  { name: 'tr(inv(X)A)', source: 'X: [n, n]\nA: [n, n]\nf = inv(X)[i,j] A[j,i]', kind: 'grad', of: 'f', wrt: 'X',
    denominator: '−X⁻ᵀ Aᵀ X⁻ᵀ', numerator: '−X⁻¹ A X⁻¹' },
  // Matrix Cookbook (117): ∂ tr(A X B Xᵀ) = A X B + Aᵀ X Bᵀ
  { name: "tr(AXBX')", source: 'A: [m, m]\nX: [m, n]\nB: [n, n]\nf = A[i,j] X[j,k] B[k,l] X[i,l]', kind: 'grad', of: 'f', wrt: 'X',
    denominator: 'A X B + Aᵀ X Bᵀ', numerator: '(A X B + Aᵀ X Bᵀ)ᵀ' },
  // Matrix Cookbook (51): ∂ det(A X B) = det(AXB) Aᵀ (AXB)⁻ᵀ Bᵀ, with M = A X B named
  { name: 'det(AXB)', source: 'A: [n, n]\nX: [n, n]\nB: [n, n]\nM[i,l] = A[i,j] X[j,k] B[k,l]\nf = det(M)', kind: 'grad', of: 'f', wrt: 'X',
    denominator: 'det(M) Aᵀ M⁻ᵀ Bᵀ', numerator: 'det(M) B M⁻¹ A' },
  // scalar by vector, and Hessians
  // the residual named r stays r (2 Aᵀ r); written inline it reads 2 Aᵀ (A x − b)
  { name: '|Ax-b|^2', source: leastSquares, kind: 'grad', of: 'f', wrt: 'x', denominator: '2 Aᵀ r', numerator: '2 rᵀ A' },
  { name: '|Ax-b|^2 inline', source: 'A: [m, n]\nx: [n]\nb: [m]\nf = sum[i]((A[i,j] x[j] - b[i])^2)', kind: 'grad', of: 'f', wrt: 'x',
    denominator: '2 Aᵀ (A x − b)', numerator: '2 (A x − b)ᵀ A' },
  { name: '|Ax-b|^2 Hessian', source: leastSquares, kind: 'hessian', of: 'f', wrt: 'x', ...same('2 Aᵀ A'),
    label: same('∂²f/∂x∂xᵀ') },
  { name: "x'Ax", source: quadratic, kind: 'grad', of: 'f', wrt: 'x', denominator: '(A + Aᵀ) x', numerator: 'xᵀ (A + Aᵀ)' },
  { name: "x'Ax Hessian", source: quadratic, kind: 'hessian', of: 'f', wrt: 'x', ...same('A + Aᵀ'), label: same('∂²f/∂x∂xᵀ') },
  { name: "x'Sx symmetric", source: 'S: [n, n] symmetric\nx: [n]\nf = x[i] S[i,j] x[j]', kind: 'grad', of: 'f', wrt: 'x',
    denominator: '2 S x', numerator: '2 xᵀ S' },
  { name: "x'x", source: 'x: [n]\nf = x[i] x[i]', kind: 'grad', of: 'f', wrt: 'x', denominator: '2 x', numerator: '2 xᵀ' },
  { name: 'logistic gradient', source: logistic, kind: 'grad', of: 'f', wrt: 'w',
    denominator: 'Xᵀ (sigmoid(z) − y)', numerator: '(sigmoid(z) − y)ᵀ X' },
  { name: 'logistic Hessian', source: logistic, kind: 'hessian', of: 'f', wrt: 'w',
    ...same('Xᵀ diag(sigmoid(z) ⊙ (𝟏 − sigmoid(z))) X'), label: same('∂²f/∂w∂wᵀ') },
  { name: "mixed Hessian x'Ay", source: 'x: [m]\nA: [m, n]\ny: [n]\nf = x[i] A[i,j] y[j]', kind: 'hessian', of: 'f', wrt: ['x', 'y'],
    denominator: 'Aᵀ', numerator: 'A', label: { denominator: '∂²f/∂y∂xᵀ', numerator: '∂²f/∂x∂yᵀ' } },
  { name: 'scalar s^3', source: 's: []\nf = s^3', kind: 'grad', of: 'f', wrt: 's', ...same('3 s^2') },
  // vector by vector: numerator layout is the Jacobian matrix
  { name: 'Ax', source: 'A: [m, n]\nx: [n]\nf[i] = A[i,j] x[j]', kind: 'jacobian', of: 'f', wrt: 'x', denominator: 'Aᵀ', numerator: 'A' },
  { name: 'sigmoid layer', source: 'W: [m, n]\nx: [n]\nz[i] = W[i,j] x[j]\nh[i] = sigmoid(z[i])', kind: 'jacobian', of: 'h', wrt: 'x',
    denominator: 'Wᵀ diag(h ⊙ (𝟏 − h))', numerator: 'diag(h ⊙ (𝟏 − h)) W' },
  { name: 'Ax by A', source: 'A: [m, n]\nx: [n]\nf[i] = A[i,j] x[j]', kind: 'jacobian', of: 'f', wrt: 'A', indexRank: 3,
    leading: { denominator: 'A', numerator: 'f' }, kronecker: { column: 'xᵀ ⊗ I_m', row: 'I_m ⊗ xᵀ' } },
  { name: '|x|', source: 'x: [n]\nr = sqrt(x[i] x[i])', kind: 'grad', of: 'r', wrt: 'x', denominator: 'r^-1 x', numerator: 'r^-1 xᵀ' },
  { name: 'x⊙y', source: 'x: [n]\ny: [n]\nf[i] = x[i] y[i]', kind: 'jacobian', of: 'f', wrt: 'x', ...same('diag(y)') },
  { name: 'softmax', source: 'z: [n]\ne[i] = exp(z[i])\ns = e[i]\np[i] = e[i] / s', kind: 'jacobian', of: 'p', wrt: 'z',
    ...same('diag(p) − p pᵀ') },
  // matrix by matrix: rank 4, index notation; Kronecker forms from Magnus–Neudecker
  { name: 'AXB', leading: { denominator: 'X', numerator: 'F' }, source: 'A: [p, m]\nX: [m, n]\nB: [n, q]\nF[a,b] = A[a,i] X[i,j] B[j,b]', kind: 'jacobian', of: 'F', wrt: 'X',
    indexRank: 4, kronecker: { column: 'Bᵀ ⊗ A', row: 'A ⊗ Bᵀ' } },
  { name: "X'", leading: { denominator: 'X', numerator: 'F' }, source: 'X: [m, n]\nF[a,b] = X[b,a]', kind: 'jacobian', of: 'F', wrt: 'X', indexRank: 4,
    kronecker: { column: 'K_(m,n)', row: 'K_(n,m)' } },
  { name: 'inv X', leading: { denominator: 'X', numerator: 'F' }, source: 'X: [n, n]\nF[a,b] = inv(X)[a,b]', kind: 'jacobian', of: 'F', wrt: 'X', indexRank: 4,
    kronecker: { column: '−X⁻ᵀ ⊗ X⁻¹', row: '−X⁻¹ ⊗ X⁻ᵀ' } },
  { name: "X'X", leading: { denominator: 'X', numerator: 'F' }, source: 'X: [m, n]\nF[a,b] = X[i,a] X[i,b]', kind: 'jacobian', of: 'F', wrt: 'X', indexRank: 4,
    kronecker: { column: 'I_n ⊗ Xᵀ + (Xᵀ ⊗ I_n) K_(m,n)', row: 'Xᵀ ⊗ I_n + (I_n ⊗ Xᵀ) K_(n,m)' } },
  { name: 'AX + XA', leading: { denominator: 'X', numerator: 'F' }, source: 'A: [n, n]\nX: [n, n]\nF[a,b] = A[a,i] X[i,b] + X[a,i] A[i,b]', kind: 'jacobian', of: 'F', wrt: 'X',
    indexRank: 4, kronecker: { column: 'I_n ⊗ A + Aᵀ ⊗ I_n', row: 'A ⊗ I_n + I_n ⊗ Aᵀ' } },
  { name: "tr(X'AX) Hessian", leading: { denominator: 'X', numerator: 'X' }, source: 'A: [m, m]\nX: [m, n]\nf = X[i,j] A[i,k] X[k,j]', kind: 'hessian', of: 'f', wrt: 'X',
    indexRank: 4, kronecker: { column: 'I_n ⊗ (A + Aᵀ)', row: '(A + Aᵀ) ⊗ I_n' } },
  { name: 'mixed Hessian tr(XY)', leading: { denominator: 'Y', numerator: 'X' }, source: 'X: [m, n]\nY: [n, m]\nf = X[i,j] Y[j,i]', kind: 'hessian', of: 'f', wrt: ['X', 'Y'],
    indexRank: 4, kronecker: { column: 'K_(n,m)', row: 'K_(m,n)' } },
  { name: 'rank-3 T x', leading: { denominator: 'x', numerator: 'F' }, source: 'T: [p, q, n]\nx: [n]\nF[a,b] = T[a,b,c] x[c]', kind: 'jacobian', of: 'F', wrt: 'x', indexRank: 3 },
];
