import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../compiler/3-calculus/evaluate-expression.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { toLatex, toMatrixNotation, grad, hessian, jacobian, toPython, type Derivative } from '../../src/index.js';
import { asMatrix, maxDifference } from '../acceptance/views-support.js';
import { batchedNet, dense, environment, randomInputsOf, twoLayerNet } from '../support/adjoint-environment.js';
import { codeOf } from '../support/error-cases.js';
import { maxScaledDiff } from '../support/random.js';
import { evaluateMatrix } from '../views/matrix-evaluate.js';

/**
 * Named adjoints (backprop's δ): with `adjoints: ['z2', 'z1']` a derivative is written in terms of
 * δz2 = ∂C/∂z2 and δz1 = ∂C/∂z1. Each printed form — index notation, both matrix layouts — is
 * evaluated with the δ's set to their values (each from its own derivative, computed without
 * adjoints) and compared with the derivative computed without adjoints, and with finite differences.
 */
const { net, shapes } = twoLayerNet;




/** The printed forms evaluated with the δ's substituted, against the derivative without adjoints. */
function expectRecursionHolds(d: Derivative, plain: Derivative, env: Record<string, DenseArray>, inputs: Record<string, DenseArray>): void {
  const exact = dense(plain.evaluateReference(inputs));
  const inputsAndDeltas = [...d.program.inputs.values()];
  const index = evaluateExpression(d.result.node, inputsAndDeltas, env);
  expect(maxScaledDiff(index, exact)).toBeLessThan(1e-12);
  for (const layout of ['denominator', 'numerator'] as const) {
    const view = toMatrixNotation(d, { layout });
    expect(view.matrix.kind, layout).not.toBe('index');
    expect(maxDifference(evaluateMatrix(view.matrix, env), asMatrix(exact, view.transposed)), layout).toBeLessThan(1e-12);
  }
  expect(maxScaledDiff(d.evaluate(inputs), exact)).toBeLessThan(1e-12);
  expect(d.check(inputs).ok).toBe(true);
}

const recursion = [
  { wrt: 'z2', symbol: 'δz2', index: 'δz2[i] = dC/dz2[i] = 0.5 (1 - a2[i]^2) (a2[i] - y[i])',
    denominator: '0.5 ((𝟏 − a2^∘2) ⊙ (a2 − y))', numerator: '0.5 ((𝟏 − a2^∘2) ⊙ (a2 − y))ᵀ' },
  { wrt: 'a1', index: 'dC/da1[j] = W2[i,j] δz2[i]', denominator: 'W2ᵀ δz2', numerator: 'δz2ᵀ W2' },
  { wrt: 'z1', symbol: 'δz1', index: 'δz1[i] = dC/dz1[i] = W2[j,i] (1 - a1[i]^2) δz2[j]',
    denominator: '(W2ᵀ δz2) ⊙ (𝟏 − a1^∘2)', numerator: '(δz2ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ' },
  { wrt: 'W2', index: 'dC/dW2[i,j] = a1[j] δz2[i]', denominator: 'δz2 a1ᵀ', numerator: 'a1 δz2ᵀ' },
  { wrt: 'b2', index: 'dC/db2[i] = δz2[i]', denominator: 'δz2', numerator: 'δz2ᵀ' },
  { wrt: 'W1', index: 'dC/dW1[i,j] = x[j] δz1[i]', denominator: 'δz1 xᵀ', numerator: 'x δz1ᵀ' },
  { wrt: 'b1', index: 'dC/db1[i] = δz1[i]', denominator: 'δz1', numerator: 'δz1ᵀ' },
  { wrt: 'x', index: 'dC/dx[j] = W1[i,j] δz1[i]', denominator: 'W1ᵀ δz1', numerator: 'δz1ᵀ W1' },
] as const;

describe('derivatives written in terms of named adjoints (backprop δ)', () => {
  const inputs = randomInputsOf(shapes, 7);
  const env = environment(net, 'C', ['z2', 'z1'], inputs);

  it.each(recursion.map((r) => [r.wrt, r] as const))('∂C/∂%s prints the recursion, and it holds numerically', (_, r) => {
    const d = grad(net, 'C', r.wrt, { adjoints: ['z2', 'z1'] });
    expect(d.toString()).toBe(r.index);
    // a named adjoint's own derivative is the recursion's left-hand side: δz1 = ∂C/∂z1 (δz1ᵀ in numerator layout)
    const symbol = 'symbol' in r ? r.symbol : undefined;
    expect(d.symbol).toBe(symbol);
    expect(toMatrixNotation(d, { layout: 'denominator' }).text.split('\n')[0]).toBe(`${symbol ? `${symbol} = ` : ''}∂C/∂${r.wrt} = ${r.denominator}`);
    expect(toMatrixNotation(d, { layout: 'numerator' }).text.split('\n')[0]).toBe(`${symbol ? `${symbol}ᵀ = ` : ''}∂C/∂${r.wrt} = ${r.numerator}`);
    expectRecursionHolds(d, grad(net, 'C', r.wrt), env, inputs);
  });

  it('names the δ in LaTeX as δ with the definition as subscript', () => {
    expect(toLatex(grad(net, 'C', 'z1', { adjoints: ['z2'] }))).toContain('{\\delta_{\\mathrm{z2}}}_{j}');
    expect(toMatrixNotation(grad(net, 'C', 'W1', { adjoints: ['z1'] }), { layout: 'denominator' }).latex).toContain('\\delta_{\\mathrm{z1}}');
  });

  it('logs the naming as a step of the derivation', () => {
    const steps = grad(net, 'C', 'W1', { adjoints: ['z2', 'z1'] }).steps.filter((s) => s.rule === 'adjoint');
    expect(steps.map((s) => s.description)).toEqual(['the adjoint of z2, complete, is named δz2', 'the adjoint of z1, complete, is named δz1']);
  });

  it('without adjoints the same derivative writes every δ out (the option changes the form, not the value)', () => {
    expect(grad(net, 'C', 'W1').toString()).not.toContain('δz');
    expect(grad(net, 'C', 'W1', { mode: 'forward', adjoints: [] }).toString()).toBe(grad(net, 'C', 'W1').toString());
  });

  it('a skip connection: every path into x is counted, through δz1 and through δz2', () => {
    const skip = `z1[i] = W1[i,j] x[j]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + V[i,k] x[k]
C = 0.5 * sum[i](sin(z2[i]))`;
    const skipShapes = { x: [3], W1: [4, 3], W2: [2, 4], V: [2, 3] };
    const skipInputs = randomInputsOf(skipShapes, 3);
    const d = grad(skip, 'C', 'x', { adjoints: ['z2', 'z1'] });
    expect(toMatrixNotation(d, { layout: 'denominator' }).text.split('\n')[0]).toBe('∂C/∂x = Vᵀ δz2 + W1ᵀ δz1');
    expectRecursionHolds(d, grad(skip, 'C', 'x'), environment(skip, 'C', ['z2', 'z1'], skipInputs), skipInputs);
  });

  it('batched (data in rows): ∂L/∂W1 = Xᵀ δZ1 and δZ1 = (δZ2 W2ᵀ) ⊙ (𝟏𝟏ᵀ − H^∘2)', () => {
    const { net: batched, shapes: batchedShapes } = batchedNet;
    const batchedInputs = randomInputsOf(batchedShapes, 5);
    const env2 = environment(batched, 'L', ['Z2', 'Z1'], batchedInputs);
    const dW1 = grad(batched, 'L', 'W1', { adjoints: ['Z2', 'Z1'] });
    expect(toMatrixNotation(dW1, { layout: 'denominator' }).text.split('\n')[0]).toBe('∂L/∂W1 = Xᵀ δZ1');
    expectRecursionHolds(dW1, grad(batched, 'L', 'W1'), env2, batchedInputs);
    const dZ1 = grad(batched, 'L', 'Z1', { adjoints: ['Z2', 'Z1'] });
    expect(toMatrixNotation(dZ1, { layout: 'denominator' }).text.split('\n')[0]).toBe('δZ1 = ∂L/∂Z1 = (δZ2 W2ᵀ) ⊙ (𝟏 𝟏ᵀ − H^∘2)');
    expectRecursionHolds(dZ1, grad(batched, 'L', 'Z1'), env2, batchedInputs);
  });

  it('a Jacobian: the named adjoint carries the function\'s axes first', () => {
    const source = 'z[i] = W[i,j] x[j]\nF[a] = A[a,i] tanh(z[i])';
    const d = jacobian(source, 'F', 'x', { adjoints: ['z'] });
    expect(d.toString()).toBe('dF[a]/dx[j] = W[i,j] δz[a,i]');
    const inputs2 = randomInputsOf({ x: [3], W: [4, 3], A: [2, 4] }, 9);
    expect(d.check(inputs2).ok).toBe(true);
    expect(maxScaledDiff(d.evaluate(inputs2), jacobian(source, 'F', 'x').evaluate(inputs2))).toBeLessThan(1e-12);
  });

  it('the NumPy export computes what the δ\'s stand for: the program\'s inputs only, no δ parameter', () => {
    const withAdjoints = toPython(grad(net, 'C', 'W1', { adjoints: ['z2', 'z1'] }));
    const plain = toPython(grad(net, 'C', 'W1'));
    const signature = (py: string): string => py.match(/def compute\(([^)]*)\)/)![1]!;
    expect(signature(withAdjoints)).toBe(signature(plain));
    expect(withAdjoints).not.toContain('δ');
  });

  it('refuses what a named adjoint cannot mean, with coded errors', () => {
    expect(codeOf(() => grad(net, 'C', 'W1', { adjoints: ['W2'] }))).toBe('adjoint_not_intermediate');
    expect(codeOf(() => grad(net, 'C', 'W1', { adjoints: ['C'] }))).toBe('adjoint_not_intermediate');
    expect(codeOf(() => grad(net, 'C', 'W1', { adjoints: ['z9'] }))).toBe('adjoint_not_intermediate');
    expect(codeOf(() => hessian(net, 'C', 'W1', { adjoints: ['z1'] }))).toBe('adjoints_need_first_derivative');
    expect(codeOf(() => grad(`${net}\nδz1 = sum[i](z1[i])`, 'C', 'W1', { adjoints: ['z1'] }))).toBe('adjoint_name_taken');
    expect(codeOf(() => grad(net, 'C', 'W1', { adjoints: 'z1' as unknown as string[] }))).toBe('invalid_argument');
  });
});
