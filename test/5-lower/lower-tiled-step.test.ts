import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { checkKernel } from '../../compiler/5-lower/check-loops.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import type { IrStmt } from '../../runtime/kernel-ir.js';
import { compileEinsum } from '../../src/compile.js';
import { placed, randomOperands, referenceEinsum } from './lower-support.js';
import { maxScaledDiff } from '../support/random.js';

/** Accumulators of every register tile in a kernel body. */
function tileSizes(stmts: readonly IrStmt[], into: number[] = []): number[] {
  for (const s of stmts) {
    if (s.kind === 'tile') into.push(s.accumulators.length);
    if (s.kind === 'loop' || s.kind === 'tile') tileSizes(s.body, into);
  }
  return into;
}

const tilesOf = (subscripts: string, shapes: number[][]): number[] => {
  const spec = resolveEinsum(subscripts, shapes);
  const strides = shapes.map((s) => s.length === 2 ? [s[1]!, 1] : [1]);
  const lowered = lowerEinsum(spec, shapes.length === 1 ? [[0]] : [[0, 1]], strides, 'float64', defaultLoweringParameters);
  for (const kernel of lowered.kernels) expect(checkKernel(kernel)).toEqual([]);
  return lowered.kernels.flatMap((k) => tileSizes(k.body));
};

describe('register tiles of the general step', () => {
  it('are one cell when nothing is summed and every operand holds the rows and the columns (no load to share)', () => {
    for (const subscripts of ['ij,ji->ij', 'ij,ji->ji']) {
      const tiles = tilesOf(subscripts, [[9, 9], [9, 9]]);
      expect(tiles.length).toBeGreaterThan(0);
      expect(new Set(tiles)).toEqual(new Set([1]));
    }
  });

  it('stay several cells where a load is shared: a matrix product, an outer product', () => {
    expect(Math.max(...tilesOf('ij,jk->ik', [[9, 9], [9, 9]]))).toBeGreaterThan(1);
    expect(Math.max(...tilesOf('i,j->ij', [[9], [9]]))).toBeGreaterThan(1);
  });

  it('one cell at a time still equals the reference, reversed and strided operands included', () => {
    for (const [subscripts, layouts] of [['ij,ji->ij', ['dense', 'reversed']], ['ij,ij->ij', ['strided', 'dense']]] as const) {
      const dense = randomOperands([[7, 5], subscripts === 'ij,ji->ij' ? [5, 7] : [7, 5]], 3);
      const operands = dense.map((d, k) => placed(d, layouts[k]!));
      const got = compileEinsum(subscripts, dense.map((d) => d.shape), { backend: 'js' }).run(...operands);
      expect(maxScaledDiff(got, referenceEinsum(subscripts, dense))).toBeLessThan(1e-15);
    }
  });
});
