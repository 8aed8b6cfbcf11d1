import { describe, expect, it } from 'vitest';
import { checkNetwork } from '../../compiler/2-network/check-network.js';
import { topologicalOrder } from '../../compiler/2-network/network.js';
import { printExpression } from '../../compiler/2-network/print-network.js';
import { derivative, grad, hessian, jacobian } from '../../src/derive.js';
import { createRandom } from '../support/random.js';

const random = createRandom(11);
const matrix = (m: number, n: number): number[][] => Array.from({ length: m }, () => Array.from({ length: n }, () => 2 * random() - 1));
const inputsOf = (node: Parameters<typeof topologicalOrder>[0][number]): string[] =>
  topologicalOrder([node]).flatMap((n) => (n.kind === 'input' ? [n.name] : []));

describe('structural results (DESIGN.md §5)', () => {
  it('the Hessian of x[i] A[i,j] x[j] is A[k,l] + A[l,k] and never reads x', () => {
    const h = hessian('f = x[i] A[i,j] x[j]', 'f', 'x');
    expect(h.toString()).toBe('d²f/dx[k]dx[l] = A[k,l] + A[l,k]');
    expect(inputsOf(h.result.node)).toEqual(['A']);
    const A = matrix(3, 3);
    const value = h.evaluate({ A });
    for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) expect(value.get(k, l)).toBeCloseTo(A[k]![l]! + A[l]![k]!, 14);
  });

  it('is 2 A[k,l] when A is declared symmetric', () => {
    const h = hessian('A: [n, n] symmetric\nf = x[i] A[i,j] x[j]', 'f', 'x');
    expect(h.toString()).toBe('d²f/dx[k]dx[l] = 2 A[k,l]');
    expect(h.steps.map((s) => s.rule)).toContain('symmetry');
  });

  it('gives dL/dW[i,j] = x[i] y[j] for L = f[j] y[j], f[j] = x[i] W[i,j] + b[j], in both modes', () => {
    const source = 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]';
    expect(grad(source, 'L', 'W', { mode: 'reverse' }).toString()).toBe('dL/dW[i,j] = x[i] y[j]');
    expect(grad(source, 'L', 'W', { mode: 'forward' }).toString()).toBe('dL/dW[i,j] = x[i] y[j]');
  });

  it('prints the inv, det and logdet rules as in the design', () => {
    const j = jacobian('X: [n, n]\nY[i,j] = inv(X)[i,j]', 'Y', 'X');
    expect(printExpression(j.result)).toBe('-inv(X)[i,k] inv(X)[l,j]');
    expect(j.toString()).toBe('dY[i,j]/dX[k,l] = -Y[i,k] Y[l,j]');
    const det = grad('X: [n, n]\nf = det(X)', 'f', 'X');
    expect(printExpression(det.result)).toBe('det(X) inv(X)[j,i]');
    expect(det.toString()).toBe('df/dX[i,j] = f inv(X)[j,i]');
    expect(grad('X: [n, n]\nf = logdet(X)', 'f', 'X').toString()).toBe('df/dX[i,j] = inv(X)[j,i]');
  });

  it('leaves no δ on a summed index in a scalar\'s gradient (only ∂tr X/∂X = δ itself)', () => {
    for (const [source, wrt] of [['f = A[i,j] X[j,k] B[k,i]', 'X'], ['f = a[i] X[j,i] b[j]', 'X'], ['f = x[i] x[i]', 'x'], ['f = X[i,j] X[j,i]', 'X']] as const) {
      const d = grad(source, 'f', wrt);
      expect(topologicalOrder([d.result.node]).filter((n) => n.kind === 'delta')).toEqual([]);
    }
    expect(grad('f = X[i,i]', 'f', 'X').toString()).toBe('df/dX[i,j] = δ[i,j]');
  });

  it('logs every rule with well-formed before/after networks, ending at the result', () => {
    const d = grad('r[i] = A[i,j] x[j] - b[i]\nf = r[i] r[i]', 'f', 'x');
    expect(d.steps.length).toBeGreaterThan(2);
    for (const s of d.steps) expect(checkNetwork([s.before.node, s.after.node])).toEqual([]);
    const last = d.steps[d.steps.length - 1]!;
    // the same tensor; the steps name x's axis k because the program already sums over j
    expect(printExpression({ node: last.after.node, indices: d.result.indices })).toBe(printExpression(d.result));
    expect(last.after.indices).toEqual(['k']);
    expect(d.result.indices).toEqual(['j']);
    expect(new Set(d.steps.map((s) => s.rule))).toEqual(new Set(['input', 'product', 'sum', 'delta', 'merge']));
    const reverse = grad('r[i] = A[i,j] x[j] - b[i]\nf = r[i] r[i]', 'f', 'x', { mode: 'reverse' });
    expect(new Set(reverse.steps.map((s) => s.rule))).toEqual(new Set(['product', 'sum', 'merge']));
    expect(reverse.toString()).toBe(d.toString());
  });

  it('differentiates to any order by repetition: ∂³ Σ exp(x) = exp(x[j]) δ δ', () => {
    const d = derivative('f = exp(x[i])', 'f', ['x', 'x', 'x']);
    const x = matrix(1, 3)[0]!;
    const value = d.evaluate({ x });
    expect(value.shape).toEqual([3, 3, 3]);
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++)
      expect(value.get(j, k, l)).toBeCloseTo(j === k && k === l ? Math.exp(x[j]!) : 0, 14);
  });

  it('gives a zero of wrt\'s shape for a variable the definition does not use', () => {
    const d = jacobian('y: [3]\nf[i] = 2 * x[i]', 'f', 'y');
    expect(d.toString()).toBe('df[i]/dy[j] = 0');
    const value = d.evaluate({ x: [1, 2], y: [3, 4, 5] });
    expect(value.shape).toEqual([2, 3]);
    expect(Array.from(value.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('mixes variables: ∂²(a[i] X[i,j] b[j])/∂a∂b = X', () => {
    const h = hessian('f = a[i] X[i,j] b[j]', 'f', ['a', 'b']);
    expect(h.toString()).toBe('d²f/da[k]db[l] = X[k,l]');
  });
});
