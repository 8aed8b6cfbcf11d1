import { describe, expect, it } from 'vitest';
import { compileEinsum, createKernelCache, einsum } from '../../src/index.js';

/**
 * numpy returns a view for a copy, a transpose or a diagonal, so −0 keeps its sign there; ricci
 * copies, and a copy step starts its accumulator at −0 so the one term passes through exactly.
 */
describe('signed zero', () => {
  it('keeps −0 through copies, transposes and diagonals, generated and interpreted', () => {
    const interpreted = createKernelCache(8, { execution: 'interpreted' });
    for (const [subscripts, operand] of [['i->i', [-0, 1]], ['ij->ji', [[-0, 1], [2, 3]]], ['ii->i', [[-0, 1], [2, -0]]]] as const) {
      expect(Object.is(einsum(subscripts, operand).data[0], -0), subscripts).toBe(true);
      const shape = subscripts === 'i->i' ? [[2]] : [[2, 2]];
      const viaInterpreter = compileEinsum(subscripts, shape, { backend: 'js', cache: interpreted }).run(operand);
      expect(Object.is(viaInterpreter.data[0], -0), subscripts).toBe(true);
    }
  });

  it('sums start from +0, as numpy: a sum or product of −0s is +0 where numpy adds into zeros', () => {
    expect(Object.is(einsum('ij->i', [[-0, -0]]).data[0], 0)).toBe(true);
    expect(Object.is(einsum('i,i->', [-1, 1], [0, -0]).data[0], 0)).toBe(true);
  });
});
