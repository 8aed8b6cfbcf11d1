/**
 * The Ricci language: declarations, ordered definitions, Einstein summation made precise.
 * Run: npx tsx examples/language.ts
 */
import { RicciError, evaluate, type NdArray } from 'ricci';

const show = (label: string, a: NdArray): void =>
  console.log(`${label.padEnd(34)} shape [${a.shape.join(', ')}]  ${JSON.stringify(Array.from(a.data, (x) => +x.toFixed(4)))}`);

// The seeds' layer in the row-vector convention: f = X W + b, L = f y (a 1×1 result, written as a trace).
const layer = `
X: [1, m]
W: [m, 3]
b: [1, 3]
y: [3, 1]
f[a,j] = X[a,i] W[i,j] + b[a,j]
L = f[a,j] y[j,a]
`;
const results = evaluate(layer, {
  X: [[1, 2]],
  W: [[1, 0, -1], [2, 1, 0]],
  b: [[0.5, 0.5, 0.5]],
  y: [[1], [2], [3]],
});
console.log('Row-vector layer (m is bound from X):');
for (const [name, value] of Object.entries(results)) show(`  ${name}`, value);

// One-liners need no declarations: sizes are named after the indices and bound from the inputs.
console.log('\nOne-liners:');
const M = [[4, 1], [1, 3]];
show('  bilinear    x[i] W[i,j] y[j]', evaluate('L = x[i] W[i,j] y[j]', { x: [1, 2], W: M, y: [1, -1] })['L']!);
show('  trace       M[i,i]', evaluate('t = M[i,i]', { M })['t']!);
show('  transpose   T[j,i] = M[i,j]', evaluate('T[j,i] = M[i,j]', { M: [[1, 2], [3, 4]] })['T']!);
show('  Hadamard    h[i] = x[i] y[i]', evaluate('h[i] = x[i] y[i]', { x: [1, 2], y: [3, 4] })['h']!);
show('  sum all     s = X[i,j]', evaluate('s = X[i,j]', { X: M })['s']!);
show('  broadcast   Z[a,j] = x[a] + b[j]', evaluate('Z[a,j] = x[a] + b[j]', { x: [10, 20], b: [1, 2, 3] })['Z']!);
show('  softmax     p[i] = e[i] / Z', evaluate('e[i] = exp(x[i])\nZ = e[i]\np[i] = e[i] / Z', { x: [0, 1, 2] })['p']!);
show('  inverse     inv(A)[i,j]', evaluate('A: [n, n] symmetric\nY[i,j] = inv(A)[i,j]', { A: M })['Y']!);
show('  logdet      logdet(A)', evaluate('A: [n, n]\nl = logdet(A)', { A: M })['l']!);

console.log('\nMistakes are coded errors with a caret:');
for (const [source, inputs] of [
  ['W: [m, 10]\ny: [5]\nL = x[i] W[i,j] y[j]', {}],
  ['f[i,k] = A[i,j] B[j]', {}],
  ['L = x[i] y[i]', { x: [1, 2], y: [1, 2, 3] }],
] as const) {
  try {
    evaluate(source, inputs);
  } catch (e) {
    if (!(e instanceof RicciError)) throw e;
    console.log(`${e.message}\n`);
  }
}
