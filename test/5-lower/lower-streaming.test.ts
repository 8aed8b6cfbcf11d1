import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { checkKernel } from '../../compiler/5-lower/check-loops.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { compileEinsum } from '../../src/compile.js';
import { maxScaledDiff } from '../support/random.js';
import { placed, randomOperands, referenceEinsum, type Layout } from './lower-support.js';

/** Reductions whose summed index is the slow axis of an operand that also holds the output's columns. */
const forms = ['ij->j', 'i,ij->j', 'ijk->ik', 'ij,ij->j', 'bij->bj', 'i,ij,j->', 'ij->', 'iij->j', 'ijk->k'];
/** The first pair, then the rest in order; one operand alone. */
const pathFor = (operands: number): number[][] => (operands === 1 ? [[0]] : Array.from({ length: operands - 1 }, () => [0, 1]));
const rowMajor = (shape: readonly number[]): number[] => shape.map((_, a) => shape.slice(a + 1).reduce((p, n) => p * n, 1));

describe('the streaming reduction form', () => {
  it('is chosen for column reductions on row-major operands (the tiled form would walk a stride)', () => {
    for (const [subscripts, shapes] of [['ij->j', [[5, 6]]], ['i,ij->j', [[5], [5, 6]]], ['ijk->ik', [[3, 4, 5]]], ['bij->bj', [[2, 3, 4]]]] as const) {
      const spec = resolveEinsum(subscripts, shapes);
      const [kernel] = lowerEinsum(spec, pathFor(shapes.length), shapes.map(rowMajor), 'float64', defaultLoweringParameters).kernels;
      expect(kernel!.name, subscripts).toContain('streaming');
      expect(checkKernel(kernel!)).toEqual([]);
    }
    // Not for a row reduction (its summed index is already at unit stride) nor a GEMM.
    for (const [subscripts, shapes] of [['ij->i', [[5, 6]]], ['ij,jk->ik', [[5, 6], [6, 7]]]] as const) {
      const [kernel] = lowerEinsum(resolveEinsum(subscripts, shapes), pathFor(shapes.length), shapes.map(rowMajor), 'float64', defaultLoweringParameters).kernels;
      expect(kernel!.name, subscripts).not.toContain('streaming');
    }
  });

  it('equals the reference evaluator for sizes 1, 3, 7, 129, dense, transposed and strided operands, f64 and f32', () => {
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(1, 3, 7, 129), { minLength: 4, maxLength: 4 }),
      fc.constantFrom<Layout>('dense', 'reversed', 'strided'), fc.constantFrom('float64' as const, 'float32' as const), fc.nat(),
      (subscripts, extents, layout, dtype, seed) => {
        const size = { i: extents[0]!, j: extents[1]!, k: extents[2]! > 7 ? 7 : extents[2]!, b: extents[3]! > 7 ? 3 : extents[3]! } as Record<string, number>;
        const shapes = subscripts.split('->')[0]!.split(',').map((t) => [...t].map((l) => size[l]!));
        const dense = randomOperands(shapes, seed);
        const operands = dense.map((d) => placed(d, layout));
        const got = compileEinsum(subscripts, shapes, { dtype }).run(...operands);
        const tolerance = dtype === 'float64' ? 1e-12 : 1e-5 * 129;
        expect(maxScaledDiff(got, referenceEinsum(subscripts, dense))).toBeLessThan(tolerance);
      }), { numRuns: 200, seed: 31 });
  });

  it('keeps the summation order of the reference (bit-identical in f64 on row-major operands)', () => {
    for (const subscripts of ['ij->j', 'i,ij->j', 'ijk->ik']) {
      const shapes = subscripts.split('->')[0]!.split(',').map((t) => [...t].map((l) => ({ i: 129, j: 7, k: 3 } as Record<string, number>)[l]!));
      const dense = randomOperands(shapes, 3);
      expect(maxScaledDiff(compileEinsum(subscripts, shapes, { path: pathFor(shapes.length) }).run(...dense),
        referenceEinsum(subscripts, dense))).toBe(0);
    }
  });
});
