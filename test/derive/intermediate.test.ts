import { describe, expect, it } from 'vitest';
import { toMatrixNotation, evaluate, grad, hessian, jacobian } from '../../src/index.js';

/** Derivatives with respect to a definition: the adjoint ∂C/∂z of backprop. */
const wave = (n: number, s: number): number[] => Array.from({ length: n }, (_, k) => Math.sin(s + 1.7 * k));
const matrix = (rows: number, cols: number, s: number): number[][] => Array.from({ length: rows }, (_, r) => wave(cols, s + 3 * r));
const net = `z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`;
const inputs = { x: wave(3, 0), y: wave(2, 1), W1: matrix(4, 3, 2), b1: wave(4, 3), W2: matrix(2, 4, 4), b2: wave(2, 5) };
const values = (a: { data: ArrayLike<number> }): number[] => Array.from(a.data);

describe('grad with respect to an intermediate is its adjoint', () => {
  it.each(['z2', 'a1', 'z1'])('∂C/∂%s agrees with central differences that perturb the intermediate', (name) => {
    const check = grad(net, 'C', name).check(inputs);
    expect(check.ok).toBe(true);
    expect(check.maxError).toBeLessThan(1e-8);
  });

  it('equals the gradient of the program with the intermediate written as an input, at its value', () => {
    // an independent oracle: the tail of the network typed by hand, z1 an input
    const tail = `a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`;
    const z1 = values(evaluate(net, inputs).z1!);
    const expected = values(grad(tail, 'C', 'z1').evaluate({ ...inputs, z1 }));
    const got = values(grad(net, 'C', 'z1').evaluate(inputs));
    expect(got).toHaveLength(4);
    got.forEach((g, k) => expect(g).toBeCloseTo(expected[k]!, 12));
    // a given value of the intermediate is used as the point
    const shifted = z1.map((v) => v + 0.3);
    const atShifted = values(grad(net, 'C', 'z1').evaluate({ ...inputs, z1: shifted }));
    values(grad(tail, 'C', 'z1').evaluate({ ...inputs, z1: shifted })).forEach((e, k) => expect(atShifted[k]).toBeCloseTo(e, 12));
  });

  it('prints the δ recursion: W2ᵀ δ2 ⊙ f′(z1) in denominator layout, δ2ᵀ W2 in numerator', () => {
    const d = grad(net, 'C', 'z1');
    const den = toMatrixNotation(d).toString();
    const num = toMatrixNotation(d, { layout: 'numerator' }).toString();
    expect(den).toContain('W2ᵀ ((𝟏 − a2^∘2) ⊙ (a2 − y))');
    expect(num).toContain('((𝟏 − a2^∘2) ⊙ (a2 − y))ᵀ W2');
    expect(String(toMatrixNotation(grad(net, 'C', 'a1')))).toContain('W2ᵀ');
  });

  it('jacobian and hessian take an intermediate too, checked by differences', () => {
    expect(jacobian(net, 'a2', 'z1').check(inputs).ok).toBe(true);
    expect(hessian(net, 'C', 'z2').check(inputs).ok).toBe(true);
    expect(hessian(net, 'C', ['z1', 'W2']).check(inputs).ok).toBe(true);
  });
});
