import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { NdView } from '../../runtime/nd-view.js';

/** ricci's eval-free ndarray against scijs ndarray itself: the same views give the same fields and elements. */
type View = ndarray.NdArray<Float64Array>;

function describeView(a: View): unknown {
  const elements: number[] = [];
  const walk = (d: number, at: number[]): void => {
    if (d === a.shape.length) { elements.push(a.get(...at)); return; }
    for (let k = 0; k < a.shape[d]!; k++) walk(d + 1, [...at, k]);
  };
  walk(0, []);
  return { shape: [...a.shape], stride: [...a.stride], offset: a.offset, size: a.size, dimension: a.dimension, dtype: a.dtype, order: [...a.order], elements };
}

/** Raw numbers per axis, made valid for the current shape (scijs does not check bounds either): -1 leaves an axis alone. */
const operation = fc.record({
  op: fc.constantFrom('lo' as const, 'hi' as const, 'step' as const, 'transpose' as const),
  raw: fc.array(fc.integer({ min: -1, max: 50 }), { maxLength: 3 }),
  order: fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }),
});

function argsFor(op: 'lo' | 'hi' | 'step' | 'transpose', raw: readonly number[], order: readonly number[], shape: readonly number[]): number[] {
  switch (op) {
    case 'lo': return raw.map((r, d) => (r < 0 ? -1 : r % shape[d]!));
    case 'hi': return raw.map((r, d) => (r < 0 ? -1 : 1 + (r % shape[d]!)));
    case 'step': return raw.map((r) => (r < 0 ? -1 : [1, 2, 3, -1, -2, -3][r % 6]!));
    case 'transpose': return [...order];
  }
}

describe('NdView (CSP-safe ndarray)', () => {
  it('matches scijs ndarray on chains of lo, hi, step and transpose, then a pick', () => {
    fc.assert(fc.property(fc.array(operation, { maxLength: 4 }), fc.array(fc.integer({ min: -1, max: 1 }), { maxLength: 3 }), (ops, picks) => {
      const data = Float64Array.from({ length: 60 }, (_, k) => k * 1.5 - 7);
      let ours: View = new NdView(data, [3, 4, 5], [20, 5, 1], 0);
      let theirs: View = ndarray(data, [3, 4, 5]);
      for (const { op, raw, order } of ops) {
        const args = argsFor(op, raw, order, theirs.shape);
        ours = ours[op](...args);
        theirs = theirs[op](...args);
      }
      expect(describeView(ours)).toEqual(describeView(theirs));
      const pickArgs = picks.map((p, d) => (p < 0 ? null : Math.min(p, ours.shape[d]! - 1)));
      expect(describeView(ours.pick(...pickArgs))).toEqual(describeView(theirs.pick(...pickArgs)));
    }), { numRuns: 300 });
  });

  it('reads and writes through index/get/set like scijs', () => {
    const a = new NdView(new Float64Array(6), [2, 3], [3, 1], 0);
    a.set(1, 2, 9.5);
    expect(a.get(1, 2)).toBe(9.5);
    expect(a.index(1, 2)).toBe(5);
    expect(Array.from(a.data)).toEqual([0, 0, 0, 0, 0, 9.5]);
    expect(new NdView(Float32Array.of(1), [], [], 0).dtype).toBe('float32');
    // T (declared by @types/ndarray; scijs 1.1.1 has no such getter) reverses the axes
    const b = new NdView(Float64Array.from({ length: 24 }, (_, k) => k), [2, 3, 4], [12, 4, 1], 0);
    expect([b.T.shape, b.T.stride, b.T.get(3, 2, 1)]).toEqual([[4, 3, 2], [1, 4, 12], b.get(1, 2, 3)]);
  });
});
