import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileEinsum, emitModule } from '../../src/compile.js';
import { grad, jacobian } from '../../src/derive.js';
import { createEinsum, einsum } from '../../src/einsum.js';
import { gradients } from '../../src/gradients.js';
import { evaluate } from '../../src/evaluate.js';
import { codeOf } from '../support/error-cases.js';

/** Limits checked from shapes before allocation: zero-stride operands make huge shapes cost nothing to pass in. */
const broadcast = (shape: number[]) => ndarray(new Float64Array(1), shape, shape.map(() => 0));


describe('resource limits', () => {
  it('sums over huge zero-stride operands are work_too_large, before any loop', () => {
    expect(codeOf(() => einsum('i->', broadcast([2 ** 53])))).toBe('work_too_large');
    expect(codeOf(() => einsum('ij->', broadcast([1e6, 1e6])))).toBe('work_too_large');
    expect(codeOf(() => einsum('ijk->', broadcast([1e4, 1e4, 1e4])))).toBe('work_too_large');
  });

  it('results beyond maxElements are result_too_large for einsum, compileEinsum, evaluate and Derivative.evaluate', () => {
    expect(codeOf(() => einsum('i,j->ij', broadcast([1e5]), broadcast([1e5])))).toBe('result_too_large');
    expect(codeOf(() => compileEinsum('i,j->ij', [[1e5], [1e5]]))).toBe('result_too_large');
    expect(codeOf(() => evaluate('C[i,j] = a[i] b[j]', { a: broadcast([1e5]), b: broadcast([1e5]) }))).toBe('result_too_large');
    expect(Array.from(evaluate('C[i,j] = a[i] b[j]', { a: [1, 2], b: [3] }).C!.data)).toEqual([3, 6]);
    const d = jacobian('y[i] = W[i,j] x[j]', 'y', 'W');
    expect(codeOf(() => d.evaluate({ W: broadcast([2000, 100]), x: broadcast([100]) }))).toBe('result_too_large');
  });

  it('limits are overridable per call, and validated', () => {
    expect(codeOf(() => compileEinsum('i,j->ij', [[100], [100]], { limits: { maxElements: 50 } }))).toBe('result_too_large');
    const ok = compileEinsum('i,j->ij', [[3], [2]], { limits: { maxElements: 6 } }).run([1, 2, 3], [1, 10]);
    expect(Array.from(ok.data)).toEqual([1, 10, 2, 20, 3, 30]);
    expect(codeOf(() => compileEinsum('i->', [[10]], { limits: { maxWork: 5 } }))).toBe('work_too_large');
    for (const bad of [-1, 0, Number.NaN]) expect(codeOf(() => compileEinsum('i->', [[10]], { limits: { maxElements: bad } }))).toBe('invalid_resource_limit');
  });

  it('a stricter limit is checked even when a plan for the same shapes is cached', () => {
    const d = jacobian('F[i,j] = x[i] y[j]', 'F', 'x');
    const shapes = { x: [20], y: [20] };
    expect(codeOf(() => d.compile(shapes))).toBe('ok');
    expect(codeOf(() => d.compile(shapes, { limits: { maxElements: 100 } }))).toBe('result_too_large');
  });
});

describe('resource limits per call and per instance', () => {
  const ones = (n: number): number[] => Array<number>(n).fill(1);
  const square = (n: number): number[][] => Array.from({ length: n }, () => ones(n));

  it('einsum takes limits per call; createEinsum per instance, a call’s own limits winning field by field', () => {
    expect(codeOf(() => einsum('i,j->ij', ones(100), ones(100), { limits: { maxElements: 1000 } }))).toBe('result_too_large');
    expect(einsum('i,j->ij', ones(10), ones(10), { limits: { maxElements: 1000 } }).data.reduce((a, b) => a + b, 0)).toBe(100);
    const strict = createEinsum({ limits: { maxElements: 1000 } });
    expect(codeOf(() => strict('i,j->ij', ones(100), ones(100)))).toBe('result_too_large');
    expect(strict('i,j->ij', ones(100), ones(100), { limits: { maxElements: 1e5 } }).size).toBe(1e4);
    // the default instance, the same shapes: not refused (the limits key the cached plan)
    expect(einsum('i,j->ij', ones(100), ones(100)).size).toBe(1e4);
    expect(codeOf(() => strict('i->', ones(100), { limits: { maxWork: 10 } }))).toBe('work_too_large');
  });

  it('unknown limits and bad values are invalid_resource_limit at every entry point', () => {
    expect(codeOf(() => einsum('i->', ones(3), { limits: { maxElement: 5 } } as never))).toBe('invalid_resource_limit');
    expect(codeOf(() => einsum('i->', ones(3), { limits: 5 } as never))).toBe('invalid_resource_limit');
    expect(codeOf(() => createEinsum({ limits: { maxElements: -1 } }))).toBe('invalid_resource_limit');
    expect(codeOf(() => evaluate('L = x[i]', { x: [1] }, { limits: { maxWork: Number.NaN } }))).toBe('invalid_resource_limit');
    expect(codeOf(() => grad('L = x[i] x[i]', 'L', 'x', { limits: { nope: 1 } as never }))).toBe('invalid_resource_limit');
  });

  it('evaluate takes limits per call, and bounds the reference evaluator’s steps (a chain of 30 matrix products is 3^31 of them)', () => {
    expect(codeOf(() => evaluate('f[i,j] = x[i] x[j]', { x: ones(100) }, { limits: { maxElements: 1000 } }))).toBe('result_too_large');
    expect(evaluate('f[i,j] = x[i] x[j]', { x: ones(10) }, { limits: { maxElements: 1000 } }).f!.size).toBe(100);
    const chain = (n: number): string => `A: [3, 3]\nf[i,j] = ${Array.from({ length: n }, (_, k) => `A[k${k},k${k + 1}]`).join(' ').replace('k0', 'i').replace(`k${n}]`, 'j]')}`;
    const A = [[0.5, 0.1, 0], [0, 0.5, 0.1], [0.1, 0, 0.5]];
    const started = performance.now();
    expect(codeOf(() => evaluate(chain(30), { A }))).toBe('reference_work_too_large');
    expect(performance.now() - started).toBeLessThan(5000);
    // the same chain compiled contracts pairwise: A^30, against repeated products
    let power = A;
    for (let k = 1; k < 30; k++) power = power.map((row) => A[0]!.map((_, j) => row.reduce((s, v, m) => s + v * A[m]![j]!, 0)));
    const compiled = jacobian(`${chain(30)}\nL = f[i,j] B[i,j]`, 'L', 'B').evaluate({ A, B: square(3) });
    expect(Array.from(compiled.data)).toEqual(power.flat().map((v) => expect.closeTo(v, 12)));
    expect(codeOf(() => evaluate(chain(4), { A }, { limits: { maxReferenceWork: 100 } }))).toBe('reference_work_too_large');
    expect(codeOf(() => evaluate(chain(4), { A }))).toBe('ok');
  });

  it('a Derivative’s limits hold for its evaluate, evaluateReference and compile; compile’s own limits win', () => {
    const d = grad('f[i,j] = x[i] x[j]\nL = f[i,j] A[i,j]', 'L', 'A', { limits: { maxElements: 50 } });
    expect(codeOf(() => d.evaluate({ x: ones(10), A: square(10) }))).toBe('result_too_large');
    expect(codeOf(() => d.evaluateReference({ x: ones(10), A: square(10) }))).toBe('result_too_large');
    expect(codeOf(() => d.compile({ x: [10], A: [10, 10] }))).toBe('result_too_large');
    expect(Array.from(d.compile({ x: [10], A: [10, 10] }, { limits: { maxElements: 500 } }).run({ x: ones(10), A: square(10) }).data)).toEqual(ones(100));
    const loose = grad('f[i,j] = x[i] x[j]\nL = f[i,j] A[i,j]', 'L', 'A');
    expect(Array.from(loose.evaluate({ x: [1, 2], A: square(2) }).data)).toEqual([1, 2, 2, 4]);
    const g = gradients('L = x[i] A[i,j] x[j]', 'L', ['x', 'A'], { limits: { maxElements: 50 } });
    expect(codeOf(() => g.evaluate({ x: ones(10), A: square(10) }))).toBe('result_too_large');
    expect(g.evaluate({ x: ones(5), A: square(5) }).value).toBe(25);
  });

  it('emitted modules check the limits of their options, for einsums and derivatives', () => {
    expect(codeOf(() => emitModule('i,j->ij', [[100], [100]], { limits: { maxElements: 1000 } }))).toBe('result_too_large');
    expect(emitModule('i,j->ij', [[10], [10]], { limits: { maxElements: 1000 } })).toContain('export');
    const d = grad('L = x[i] A[i,j] x[j]', 'L', 'A');
    expect(codeOf(() => emitModule(d, { x: [20], A: [20, 20] }, { limits: { maxElements: 100 } }))).toBe('result_too_large');
    expect(emitModule(d, { x: [5], A: [5, 5] }, { limits: { maxElements: 100 } })).toContain('export');
  });

  it('emitModule of a Derivative holds the Derivative\'s own limits, the call\'s winning field by field', () => {
    const d = grad('L = x[i] A[i,j] x[j]', 'L', 'A', { limits: { maxElements: 100 } });
    expect(d.limits).toEqual({ maxElements: 100 });
    expect(codeOf(() => emitModule(d, { x: [20], A: [20, 20] }))).toBe('result_too_large');
    expect(emitModule(d, { x: [5], A: [5, 5] })).toContain('export');
    expect(emitModule(d, { x: [20], A: [20, 20] }, { limits: { maxElements: 1000 } })).toContain('export');
    // the gradients' Derivatives carry the limits given to gradients
    const g = gradients('L = x[i] A[i,j] x[j]', 'L', ['A'], { limits: { maxElements: 100 } });
    expect(codeOf(() => emitModule(g.derivatives['A']!, { x: [20], A: [20, 20] }))).toBe('result_too_large');
  });
});
