import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileNetwork, evaluate, grad, gradients } from '../../src/index.js';
import { codeOf } from '../support/error-cases.js';

/**
 * A max, min or log-sum-exp along an empty axis is refused up front with its own code, from every
 * entry point (numpy raises for np.max of an empty axis); a sum over an empty axis is 0, as
 * numpy's, and a reduction no value of the result reads (softmax along an empty axis) is allowed.
 */
const empty = ndarray(new Float64Array(0), [2, 0]);

/** `run` is refused with reduction_over_empty_axis, its message holding `message`, the caret on x's declaration. */
function expectRefusedAtX(run: () => unknown, message: string): void {
  let error: unknown;
  try { run(); } catch (e) { error = e; }
  expect((error as { code?: string }).code).toBe('reduction_over_empty_axis');
  expect((error as Error).message).toContain(message);
  expect((error as { span?: unknown }).span).toEqual({ start: 0, end: 9 });
}

describe('reductions along an empty axis', () => {
  it.each([
    ['max', 'x: [n, m]\nL[i] = max[j](x[i,j])'],
    ['min', 'x: [n, m]\nL[i] = min[j](x[i,j])'],
    ['logsumexp', 'x: [n, m]\nL[i] = logsumexp[j](x[i,j])'],
    ['log_softmax (a logsumexp inside)', 'x: [n, m]\nL[i] = log_softmax[j](x[i,j])'],
    ['max over both axes', 'x: [n, m]\nL = max[i,j](x[i,j])'],
  ])('%s: reduction_over_empty_axis, with the caret on the input the size comes from', (_, source) => {
    expectRefusedAtX(() => evaluate(source, { x: empty }), "size 'm' from input 'x'");
  });

  it.each([
    ['mean', 'x: [n, m]\nL[i] = mean[j](x[i,j])'],
    ['mean over both axes', 'x: [n, m]\nL = mean[i,j](x[i,j])'],
    ['mean inside a sum', 'x: [n, m]\nL = sum[i](mean[j](x[i,j])^2)'],
    ['a division by a size (the same count)', 'x: [n, m]\nL[i] = sum[j](x[i,j]) / m'],
  ])('%s: reduction_over_empty_axis up front (numpy warns and gives nan; ricci refuses), caret on the input', (_, source) => {
    expectRefusedAtX(() => evaluate(source, { x: empty }),
      "mean[…] (or a division by a size) divides by a count of 0 (size 'm' from input 'x'): the mean of no values is 0/0");
  });

  it.each([
    ['1 / m', 'x: [n, m]\ny: [k]\nL = 1 / m', 'evaluate'],
    ['y[j] / m (the result reads only y)', 'x: [n, m]\ny: [k]\nL[j] = y[j] / m', 'evaluate'],
    ['a Derivative of y[j] / m', 'x: [n, m]\ny: [k]\nL = sum[j](y[j]^2) / m', 'grad'],
  ])('a size used as a value that no input the result reads carries (%s): the caret is on the input that set it', (_, source, via) => {
    const values = { x: empty, y: [1, 2, 3] };
    expectRefusedAtX(() => (via === 'grad' ? grad(source, 'L', 'y').evaluate(values) : evaluate(source, values)), "(size 'm' from input 'x')");
  });

  it('a mean along an empty axis from a Derivative and gradients; a non-empty mean keeps its values', () => {
    const source = 'x: [n, m]\nw: [n]\nL = sum[i](w[i] mean[j](x[i,j])^2)';
    const d = grad(source, 'L', 'w');
    expect(codeOf(() => d.evaluate({ x: empty, w: [1, 2] }))).toBe('reduction_over_empty_axis');
    expect(codeOf(() => d.evaluateReference({ x: empty, w: [1, 2] }))).toBe('reduction_over_empty_axis');
    expect(codeOf(() => d.compile({ x: [2, 0], w: [2] }))).toBe('reduction_over_empty_axis');
    expect(codeOf(() => gradients(source, 'L', ['w', 'x']).evaluate({ x: empty, w: [1, 2] }))).toBe('reduction_over_empty_axis');
    // ∂L/∂w[i] = mean_j(x[i,j])^2; ∂L/∂x[i,j] = 2 w[i] mean_j(x[i,j]) / m
    expect(Array.from(d.evaluate({ x: [[1, 3], [2, 6]], w: [1, 2] }).data)).toEqual([4, 16]);
    const dx = grad(source, 'L', 'x');
    expect(Array.from(dx.evaluate({ x: [[1, 3], [2, 6]], w: [1, 2] }).data)).toEqual([2, 2, 8, 8]);
    // the gradient with respect to an empty x is empty: none of its values reads the count
    expect(dx.evaluate({ x: empty, w: [1, 2] }).shape).toEqual([2, 0]);
    // a mean along an axis the result does not read, and a mean whose result is empty, stay allowed
    expect(evaluate('x: [n, m]\nL[j] = mean[i](x[i,j])', { x: empty })['L']!.shape).toEqual([0]);
  });

  it('from a Derivative (evaluate, evaluateReference, compile), gradients and compileNetwork too', () => {
    const source = 'x: [n, m]\nw: [n]\nL = sum[i](w[i] max[j](x[i,j]))';
    const d = grad(source, 'L', 'w');
    expect(codeOf(() => d.evaluate({ x: empty, w: [1, 2] }))).toBe('reduction_over_empty_axis');
    expect(codeOf(() => d.evaluateReference({ x: empty, w: [1, 2] }))).toBe('reduction_over_empty_axis');
    expect(codeOf(() => d.compile({ x: [2, 0], w: [2] }))).toBe('reduction_over_empty_axis');
    expect(codeOf(() => gradients(source, 'L', ['w']).evaluate({ x: empty, w: [1, 2] }))).toBe('reduction_over_empty_axis');
    // IR nodes compiled directly: no source, so no caret, but the same code
    expect(codeOf(() => compileNetwork([d.evaluable], { x: [2, 0], w: [2] }))).toBe('reduction_over_empty_axis');
    // the same with a non-empty axis: values
    expect(d.evaluate({ x: [[1, 5], [7, 3]], w: [1, 2] }).data).toEqual(Float64Array.from([5, 7]));
  });

  it('a sum over an empty axis is 0 (numpy: np.sum of an empty axis), and an empty softmax is an empty result', () => {
    expect(Array.from(evaluate('x: [n, m]\nL[i] = sum[j](x[i,j])', { x: empty })['L']!.data)).toEqual([0, 0]);
    const softmax = evaluate('x: [n, m]\nP[i,j] = softmax[j](x[i,j])', { x: empty })['P']!;
    expect(softmax.shape).toEqual([2, 0]);
    // a max whose own result is empty reads nothing
    expect(evaluate('x: [n, m]\nL[j] = max[i](x[i,j])', { x: empty })['L']!.shape).toEqual([0]);
  });
});
