import { describe, expect, it } from 'vitest';
import { defaultOptimizers, registerOptimizer, type CompileOptions } from '../../compiler/driver/index.js';
import { grad } from '../../src/derive.js';
import { codeOf } from '../support/error-cases.js';
import { createRandom, randomArray } from '../support/random.js';

describe('Derivative.compile keys its plans on every option that changes them', () => {
  // ∂L/∂x = A[i,j] B[j,k] y[k]: a chain with a matrix product whose kernels depend on the lowering
  const d = grad('L = x[i] A[i,j] B[j,k] y[k]', 'L', 'x');
  const shapes = { x: [12], A: [12, 10], B: [10, 9], y: [9] };
  const random = createRandom(7);
  const inputs = { x: randomArray([12], random), A: randomArray([12, 10], random), B: randomArray([10, 9], random), y: randomArray([9], random) };

  it('returns the same plan for the same shapes and options', () => {
    expect(d.compile(shapes, { lowering: { tileRows: 2 } }).source).toBe(d.compile(shapes, { lowering: { tileRows: 2 } }).source);
  });

  it('checks the options before looking the plan up: an unknown option is refused though the same shapes compiled already', () => {
    d.compile(shapes);
    expect(codeOf(() => d.compile(shapes, { backnd: 'js' } as CompileOptions))).toBe('compile_option_invalid');
  });

  it('returns a different plan for other lowering parameters, dtype or optimizer (the key used to ignore lowering)', () => {
    const plain = d.compile(shapes, { backend: 'js' });
    const tiled = d.compile(shapes, { backend: 'js', lowering: { tileRows: 1, tileColumns: 2 } });
    expect(tiled.source).not.toBe(plain.source);
    const f32 = d.compile(shapes, { backend: 'js', dtype: 'float32' });
    expect(f32.run(inputs).data).toBeInstanceOf(Float32Array);
    expect(plain.run(inputs).data).toBeInstanceOf(Float64Array);
    // a registry with the same names but another function is another option
    let calls = 0;
    const counting = registerOptimizer(defaultOptimizers, 'counting', (problem, options) => {
      calls++;
      return defaultOptimizers.get('greedy')!(problem, options);
    });
    d.compile(shapes, { optimize: 'counting', optimizers: counting });
    const again = registerOptimizer(defaultOptimizers, 'counting', (problem, options) => {
      calls += 100;
      return defaultOptimizers.get('greedy')!(problem, options);
    });
    d.compile(shapes, { optimize: 'counting', optimizers: again });
    expect(calls).toBeGreaterThanOrEqual(101);
  });

  it('gives equal values whatever the options', () => {
    const a = d.compile(shapes, { backend: 'js' }).run(inputs);
    const b = d.compile(shapes, { backend: 'js', lowering: { tileRows: 1, tileColumns: 2, kc: 3 } }).run(inputs);
    const diff = Math.max(...Array.from(a.data, (v, k) => Math.abs(v - b.data[k]!)));
    expect(diff).toBeLessThan(1e-12);
  });
});
