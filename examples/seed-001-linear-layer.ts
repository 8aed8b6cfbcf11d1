/**
 * Seed 001: "L = f·y, f = X·W + b with X (1,m), W (m,10), b (1,10), y (10,1): my chain rule gives
 * dL/dW of shape (10, m), not (m, 10)." Index notation keeps W's indices: dL/dW[i,j] = X[k,i] y[j,k].
 * Run: npx tsx examples/seed-001-linear-layer.ts
 */
import { grad, jacobian } from 'ricci';
import { showDerivative } from './seed-print.js';

const m = 3;
const ramp = (rows: number, cols: number, s: number): number[][] =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => Math.sin(s + r * cols + c)));

const row = `X: [1, m]
W: [m, 10]
b: [1, 10]
y: [10, 1]
f[a,j] = X[a,i] W[i,j] + b[a,j]
L = f[a,j] y[j,a]`;
console.log('The question, as written (row vectors):\n' + row);
showDerivative('dL/dW = Xᵀ yᵀ, shape (m, 10) = the shape of W', grad(row, 'L', 'W'),
  { X: ramp(1, m, 0), W: ramp(m, 10, 1), b: ramp(1, 10, 2), y: ramp(10, 1, 3) });

const column = `f[j] = x[i] W[i,j] + b[j]
L = f[j] y[j]`;
console.log('\nThe answer\'s column-vector form (f = Wᵀx + b, λ = fᵀy):\n' + column);
showDerivative('dλ/dW = x yᵀ', grad(column, 'L', 'W'),
  { x: ramp(1, m, 0)[0]!, W: ramp(m, 10, 1), b: ramp(1, 10, 2)[0]!, y: ramp(1, 10, 3)[0]! });
console.log('\nThe intermediate df/dW really is a 3rd-order tensor (indices of f, then of W):');
console.log(`   ${jacobian(column, 'f', 'W').toString()}`);
