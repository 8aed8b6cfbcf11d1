import { describe, expect, it } from 'vitest';
import { createKernelCache, grad, gradients } from '../../src/index.js';

/** DeriveOptions.cache: every plan of a derivative compiles its kernels into the cache it was given. */
describe('a derivative given a kernel cache', () => {
  const source = 'L = tanh(x[i] W[i,j]) y[j]';
  const inputs = { x: [1, 2], W: [[0.1, 0.2], [0.3, 0.4]], y: [1, -1] };

  it('evaluates, checks and compiles through it, with the same values as without one', () => {
    const cache = createKernelCache(64, { execution: 'interpreted' });
    const d = grad(source, 'L', 'W', { cache });
    expect(cache.size).toBe(0);
    const value = Array.from(d.evaluate(inputs).data);
    expect(cache.size).toBeGreaterThan(0);
    expect(value).toEqual(Array.from(grad(source, 'L', 'W').evaluate(inputs).data));
    expect(d.check(inputs).ok).toBe(true);
    const before = cache.size;
    // other shapes: a new plan, its kernels in the same cache
    d.compile({ x: [3], W: [3, 2], y: [2] }).run({ x: [1, 2, 3], W: [[1, 0], [0, 1], [1, 1]], y: [1, 1] });
    expect(cache.size).toBeGreaterThan(before);
    // a compile given its own cache uses that one
    const own = createKernelCache(64, { execution: 'interpreted' });
    d.compile({ x: [4], W: [4, 2], y: [2] }, { cache: own });
    expect(own.size).toBeGreaterThan(0);
  });

  it('gradients share it too', () => {
    const cache = createKernelCache(64, { execution: 'interpreted' });
    const g = gradients(source, 'L', ['W', 'x'], { cache });
    const { value } = g.evaluate(inputs);
    expect(cache.size).toBeGreaterThan(0);
    expect(value).toBeCloseTo(gradients(source, 'L', ['W', 'x']).evaluate(inputs).value, 14);
    const before = cache.size;
    expect(g.derivatives['x']!.check(inputs).ok).toBe(true);
    expect(cache.size).toBeGreaterThan(before);
  });
});
