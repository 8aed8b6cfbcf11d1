import { describe, expect, it } from 'vitest';
import { grad } from '../../src/derive.js';
import { createRandom } from '../support/random.js';

/**
 * The three questions in shared/seeds/, each in the row-vector (x W) and the column-vector (W x)
 * convention, against hand-written backprop (the δ recursion) and central finite differences.
 */
type Matrix = number[][];
const random = createRandom(2024);
const matrix = (m: number, n: number): Matrix => Array.from({ length: m }, () => Array.from({ length: n }, () => 2 * random() - 1));
const vector = (n: number): number[] => matrix(1, n)[0]!;
const transpose = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));
const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...expected.map((e, k) => Math.abs(actual[k]! - e) / Math.max(1, Math.abs(e))));
  expect(worst).toBeLessThan(1e-12);
}

describe('seed 000: dE/dW1 for x2 = f(x1 W1) has the shape of W1', () => {
  const x1 = matrix(1, 2);
  const W1 = matrix(2, 2);
  const t = matrix(1, 2);
  // E = Σ (x2 − t)²; dE/dz = 2 (x2 − t) ⊙ σ′(z)
  const z = matmul(x1, W1);
  const g = z.map((row, a) => row.map((zj, j) => 2 * (sigmoid(zj) - t[a]![j]!) * sigmoid(zj) * (1 - sigmoid(zj))));

  it('row vectors: x2[a,j] = sigmoid(x1[a,i] W1[i,j]) gives x1ᵀ g', () => {
    const source = 'x1: [1, 2]\nW1: [2, 2]\nx2[a,j] = sigmoid(x1[a,i] W1[i,j])\nE = sum[a,j]((x2[a,j] - t[a,j])^2)';
    const d = grad(source, 'E', 'W1');
    const value = d.evaluate({ x1, W1, t });
    expect(value.shape).toEqual([2, 2]);
    expectClose(value.data, matmul(transpose(x1), g).flat());
    expect(d.check({ x1, W1, t }).ok).toBe(true);
  });

  it('column vectors: x2[j,a] = sigmoid(W1[j,i] x1[i,a]) gives g x1ᵀ', () => {
    const source = 'x1: [2, 1]\nW1: [2, 2]\nx2[j,a] = sigmoid(W1[j,i] x1[i,a])\nE = sum[j,a]((x2[j,a] - t[j,a])^2)';
    const W = transpose(W1);
    const d = grad(source, 'E', 'W1');
    const value = d.evaluate({ x1: transpose(x1), W1: W, t: transpose(t) });
    expectClose(value.data, matmul(transpose(g), x1).flat());
    expect(d.check({ x1: transpose(x1), W1: W, t: transpose(t) }).ok).toBe(true);
  });
});

describe('seed 001: L = (X W + b) y', () => {
  const m = 4;
  const X = matrix(1, m);
  const W = matrix(m, 10);
  const b = matrix(1, 10);
  const y = matrix(10, 1);

  it('row vectors with the question\'s shapes: dL/dW = Xᵀ yᵀ, shape (m, 10)', () => {
    const source = 'X: [1, m]\nW: [m, 10]\nb: [1, 10]\ny: [10, 1]\nf[a,j] = X[a,i] W[i,j] + b[a,j]\nL = f[a,j] y[j,a]';
    const d = grad(source, 'L', 'W');
    expect(d.toString()).toBe('dL/dW[i,j] = X[k,i] y[j,k]');
    const value = d.evaluate({ X, W, b, y });
    expect(value.shape).toEqual([m, 10]);
    expectClose(value.data, matmul(transpose(X), transpose(y)).flat());
  });

  it('column vectors: f = Wᵀx + b, λ = fᵀy gives x yᵀ', () => {
    const source = 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]';
    const d = grad(source, 'L', 'W');
    expect(d.toString()).toBe('dL/dW[i,j] = x[i] y[j]');
    const x = vector(m);
    const yv = vector(10);
    expectClose(d.evaluate({ x, W, b: vector(10), y: yv }).data, x.flatMap((xi) => yv.map((yj) => xi * yj)));
    expect(d.check({ x, W, b: vector(10), y: yv }).ok).toBe(true);
  });
});

describe('seed 002: L-layer backprop by the δ recursion', () => {
  const sizes = [3, 4, 3, 2];
  const Ws = [1, 2, 3].map((l) => matrix(sizes[l]!, sizes[l - 1]!));
  const bs = [1, 2, 3].map((l) => vector(sizes[l]!));
  const x = vector(3);
  const y = vector(2);
  const inputs = { x, y, W1: Ws[0]!, W2: Ws[1]!, W3: Ws[2]!, b1: bs[0]!, b2: bs[1]!, b3: bs[2]! };

  /** Forward pass a(l) = tanh(W(l) a(l−1) + b(l)), then δ(L) = (a − y)/N ⊙ f′, δ(l) = W(l+1)ᵀ δ(l+1) ⊙ f′. */
  function backprop(): { dW: Matrix[]; db: number[][] } {
    const a: number[][] = [x];
    for (let l = 0; l < 3; l++) a.push(Ws[l]!.map((row, i) => Math.tanh(row.reduce((s, w, j) => s + w * a[l]![j]!, bs[l]![i]!))));
    const deltas: number[][] = [];
    deltas[2] = a[3]!.map((v, i) => ((v - y[i]!) / 2) * (1 - v * v));
    for (let l = 1; l >= 0; l--)
      deltas[l] = a[l + 1]!.map((v, j) => Ws[l + 1]!.reduce((s, row, i) => s + row[j]! * deltas[l + 1]![i]!, 0) * (1 - v * v));
    return { dW: deltas.map((d, l) => d.map((di) => a[l]!.map((aj) => di * aj))), db: deltas };
  }
  const expected = backprop();

  const column = ['z1[i] = W1[i,j] x[j] + b1[i]', 'a1[i] = tanh(z1[i])', 'z2[i] = W2[i,j] a1[j] + b2[i]', 'a2[i] = tanh(z2[i])',
    'z3[i] = W3[i,j] a2[j] + b3[i]', 'a3[i] = tanh(z3[i])', 'C = 0.25 * sum[i]((a3[i] - y[i])^2)'].join('\n');
  const row = ['z1[j] = x[i] V1[i,j] + b1[j]', 'a1[j] = tanh(z1[j])', 'z2[j] = a1[i] V2[i,j] + b2[j]', 'a2[j] = tanh(z2[j])',
    'z3[j] = a2[i] V3[i,j] + b3[j]', 'a3[j] = tanh(z3[j])', 'C = 0.25 * sum[j]((a3[j] - y[j])^2)'].join('\n');
  const rowInputs = { x, y, V1: transpose(Ws[0]!), V2: transpose(Ws[1]!), V3: transpose(Ws[2]!), b1: bs[0]!, b2: bs[1]!, b3: bs[2]! };

  for (const l of [1, 2, 3]) {
    it(`column vectors: dC/dW${l} = δ(${l}) a(${l - 1})ᵀ and dC/db${l} = δ(${l})`, () => {
      const dW = grad(column, 'C', `W${l}`);
      expectClose(dW.evaluate(inputs).data, expected.dW[l - 1]!.flat());
      expectClose(grad(column, 'C', `b${l}`).evaluate(inputs).data, expected.db[l - 1]!);
      expect(dW.check(inputs).ok).toBe(true);
    });

    it(`row vectors: dC/dV${l} = a(${l - 1})ᵀ δ(${l}), the transpose of the column answer`, () => {
      const dV = grad(row, 'C', `V${l}`);
      expect(dV.evaluate(rowInputs).shape).toEqual([sizes[l - 1], sizes[l]]);
      expectClose(dV.evaluate(rowInputs).data, transpose(expected.dW[l - 1]!).flat());
      expect(dV.check(rowInputs).ok).toBe(true);
    });
  }
});
