/**
 * Seed 000: "x2 = f(x1 W1) with row vectors: dE/dx2 and f′ are 1×2, so how can dE/dW1 be 2×2?"
 * In index notation the question disappears: the gradient has W1's indices by construction.
 * Run: npx tsx examples/seed-000-neural-network.ts
 */
import { grad } from 'ricci';
import { showDerivative } from './seed-print.js';

const inputs = {
  x1: [[0.5, -1.2]],
  W1: [[0.3, -0.7], [0.8, 0.1]],
  t: [[1, 0]],
};

const row = `x1: [1, 2]
W1: [2, 2]
x2[a,j] = sigmoid(x1[a,i] W1[i,j])
E = sum[a,j]((x2[a,j] - t[a,j])^2)`;
console.log('Row vectors (the question\'s convention):\n' + row);
showDerivative('dE/dW1 has the shape of W1: x1ᵀ (2 (x2 − t) ⊙ f′(x1 W1))', grad(row, 'E', 'W1'), inputs);

const column = `x1: [2, 1]
W1: [2, 2]
x2[j,a] = sigmoid(W1[j,i] x1[i,a])
E = sum[j,a]((x2[j,a] - t[j,a])^2)`;
console.log('\nColumn vectors (W x):\n' + column);
showDerivative('the same rule gives (2 (x2 − t) ⊙ f′(W1 x1)) x1ᵀ', grad(column, 'E', 'W1'), {
  x1: [[0.5], [-1.2]], W1: [[0.3, 0.8], [-0.7, 0.1]], t: [[1], [0]],
});
