/**
 * Seed 002: "Are there rules for ordering the chain-rule multiplications and transposes in
 * numerator vs denominator layout?" In index notation there is nothing to order: each gradient is
 * read off with the variable's own indices, and the δ recursion appears as shared subexpressions.
 * Run: npx tsx examples/seed-002-backprop.ts
 */
import { grad } from '../src/derive.js';
import { showDerivative } from './seed-print.js';

const wave = (n: number, s: number): number[] => Array.from({ length: n }, (_, k) => Math.sin(s + 1.7 * k));
const matrix = (rows: number, cols: number, s: number): number[][] => Array.from({ length: rows }, (_, r) => wave(cols, s + 3 * r));

const column = `z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`;
const inputs = { x: wave(3, 0), y: wave(2, 1), W1: matrix(4, 3, 2), b1: wave(4, 3), W2: matrix(2, 4, 4), b2: wave(2, 5) };
console.log('A 2-layer network, column vectors a(l) = f(W(l) a(l−1) + b(l)), C = 1/N Σ ½ (a − y)²:\n' + column);
showDerivative('last layer: δ(2) a(1)ᵀ', grad(column, 'C', 'W2'), inputs);
showDerivative('first layer: (W(2)ᵀ δ(2) ⊙ f′(z1)) xᵀ', grad(column, 'C', 'W1'), inputs);
showDerivative('bias: δ(1)', grad(column, 'C', 'b1'), inputs);

const row = column.replace('W1[i,j] x[j]', 'x[j] V1[j,i]').replace('W2[i,j] a1[j]', 'a1[j] V2[j,i]');
const rowInputs = { ...inputs, V1: transpose(inputs.W1), V2: transpose(inputs.W2) };
console.log('\nRow vectors a(l) = f(a(l−1) V(l) + b(l)): the same rule, the gradient has V\'s indices:\n' + row);
showDerivative('first layer: xᵀ (δ(2) V(2)ᵀ ⊙ f′(z1))', grad(row, 'C', 'V1'), rowInputs);

function transpose(a: number[][]): number[][] {
  return a[0]!.map((_, j) => a.map((r) => r[j]!));
}
