import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { createEinsum, einsum } from '../../src/index.js';

/** numpy keeps float32: np.einsum on float32 arrays returns float32, and float64 once any operand is float64. */
describe('einsum dtype', () => {
  const a32 = ndarray(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
  const b32 = ndarray(Float32Array.from([1, 0.5, -1]), [3]);

  it('keeps float32 when every operand holds a Float32Array', () => {
    const y = einsum('ij,j->i', a32, b32);
    expect(y.data).toBeInstanceOf(Float32Array);
    expect(Array.from(y.data)).toEqual([-1, 0.5]);
    const columns = einsum('ij->j', a32);
    expect(columns.data).toBeInstanceOf(Float32Array);
    expect(Array.from(columns.data)).toEqual([5, 7, 9]);
  });

  it('computes in float64 when any operand is float64 (a nested array, a Float64Array)', () => {
    const mixed = einsum('ij,j->i', a32, [1, 0.5, -1]);
    expect(mixed.data).toBeInstanceOf(Float64Array);
    expect(Array.from(mixed.data)).toEqual([-1, 0.5]);
  });

  it('treats a plain number as a weak scalar, as numpy 2 arithmetic treats a Python float (np.einsum would promote): float32 stays float32', () => {
    const scaled = einsum('ij,->ij', a32, 0.1);
    expect(scaled.data).toBeInstanceOf(Float32Array);
    expect(scaled.data[1]).toBe(Math.fround(Math.fround(2) * Math.fround(0.1)));
    // only numbers: float64; a number beside a float64 array: float64
    expect(einsum(',->', 2, 0.5).data).toBeInstanceOf(Float64Array);
    expect(einsum('i,->i', [1, 2], 0.5).data).toBeInstanceOf(Float64Array);
  });

  it('takes { dtype } to choose, and the float32 result is rounded to float32', () => {
    const third = 1 / 3;
    const single = einsum('i->i', [third], { dtype: 'float32' });
    expect(single.data).toBeInstanceOf(Float32Array);
    expect(single.data[0]).toBe(Math.fround(third));
    expect(single.data[0]).not.toBe(third);
    const double = einsum('i,i->i', ndarray(Float32Array.of(3), [1]), ndarray(Float32Array.of(1 / 3), [1]), { dtype: 'float64' });
    expect(double.data).toBeInstanceOf(Float64Array);
    expect(double.data[0]).toBe(3 * Math.fround(1 / 3));
  });

  it('caches float32 and float64 plans apart', () => {
    const mine = createEinsum();
    mine('ij->j', a32);
    mine('ij->j', ndarray(Float64Array.from(a32.data), [2, 3]));
    expect(mine.cache.size).toBe(2);
  });
});

describe('float32 kernels', () => {
  it('are named apart from float64 ones, so a shared kernel cache never hands one function both element types', async () => {
    const { compileEinsum } = await import('../../src/index.js');
    const f64 = compileEinsum('ij->j', [[3, 4]]).plan.kernels.map((k) => k.name);
    const f32 = compileEinsum('ij->j', [[3, 4]], { dtype: 'float32' }).plan.kernels.map((k) => k.name);
    expect(f32).toEqual(f64.map((name) => `${name}_f32`));
  });
});
