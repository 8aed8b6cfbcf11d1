import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import type { StridedArray } from '../../runtime/strided-array.js';
import { compileEinsum } from '../../src/compile.js';
import { referenceEinsum } from '../5-lower/lower-support.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';

/**
 * Kernels address the buffers whose reach starts at their base from one root pointer, rebasing
 * them on entry (a view from the offset; a plain array copied from there). Operands that start
 * inside their data (sliced views), plain-array data and negative strides (own base) must give the
 * reference evaluator's values, generated and interpreted alike (bit for bit between the two).
 */
const forms: readonly [string, number[][]][] = [
  ['ij,ij->ij', [[5, 7], [5, 7]]], ['ij,j->i', [[9, 6], [6]]], ['i,ij->j', [[5], [5, 11]]], ['i,j->ij', [[6], [7]]],
  ['ij,ij->i', [[4, 9], [4, 9]]], ['ij,jk->ik', [[7, 9], [9, 6]]], ['ij->ji', [[6, 5]]], ['i,ij,j->', [[5], [5, 6], [6]]],
];

type Placement = 'offset' | 'plain' | 'reversed' | 'dense';

/** The same values laid out as `how`: after `lead` unused elements, in a plain Array, or with the last axis walked backwards. */
function place(a: StridedArray, how: Placement, lead: number): StridedArray {
  const data = Array.from(a.data);
  const rank = a.shape.length;
  switch (how) {
    case 'dense': return a;
    case 'offset': return { ...a, data: Float64Array.from([...new Array<number>(lead).fill(NaN), ...data]), offset: lead };
    case 'plain': return { ...a, data: [...new Array<number>(lead).fill(NaN), ...data], offset: lead };
    case 'reversed': {
      if (rank === 0) return a;
      const n = a.shape[rank - 1]!;
      const rows = data.length / n;
      const flipped = Array.from({ length: rows }, (_, r) => data.slice(r * n, (r + 1) * n).reverse()).flat();
      return { ...a, data: Float64Array.from([...new Array<number>(lead).fill(NaN), ...flipped]), offset: lead + n - 1,
        stride: a.stride.map((s, d) => (d === rank - 1 ? -s : s)) };
    }
  }
}

describe('kernels on a common base', () => {
  it('read operands that start inside their data, plain arrays and reversed axes as the reference evaluator does', () => {
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom<Placement>('offset', 'plain', 'reversed', 'dense'), { minLength: 3, maxLength: 3 }),
      fc.integer({ min: 1, max: 9 }), fc.nat(), ([subscripts, shapes], placements, lead, seed) => {
        const random = createRandom(seed + 1);
        const dense = shapes.map((s) => randomArray(s, random));
        const operands = dense.map((d, k) => place(d, placements[k]!, lead + k));
        const expected = referenceEinsum(subscripts, dense);
        const generated = compileEinsum(subscripts, shapes, { backend: 'js', cache: createKernelCache(64, { execution: 'generated' }) }).run(...operands);
        const interpreted = compileEinsum(subscripts, shapes, { backend: 'js', cache: createKernelCache(64, { execution: 'interpreted' }) }).run(...operands);
        expect(maxScaledDiff(generated, expected)).toBeLessThan(1e-12);
        expect(Array.from(interpreted.data).every((x, k) => Object.is(x, generated.data[k]))).toBe(true);
      }), { numRuns: 200 });
  });

  it('share one carried pointer between operands that move alike', () => {
    const hadamard = compileEinsum('ij,ij->ij', [[64, 64], [64, 64]], { backend: 'js' }).source;
    // one pointer walks the output and both operands, and the loop runs on it
    expect(hadamard).toMatch(/for \(const i\d+ = (p\d+) \+ 4096; \1 < i\d+;\) \{\n.*\n\s*const v\d+ = x1\[\1\];\n\s*const v\d+ = x2\[\1\];/);
    expect(hadamard).toContain('if (o3) x2 = x2.subarray ? x2.subarray(o3) : [].slice.call(x2, o3);');
  });
});
