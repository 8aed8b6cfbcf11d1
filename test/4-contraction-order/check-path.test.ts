import { describe, expect, it } from 'vitest';
import { checkPath } from '../../compiler/4-contraction-order/check-path.js';
import { choosePath, defaultOptimizers, registerOptimizer } from '../../compiler/4-contraction-order/registry.js';
import { isRicciError, type RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { problemOf } from './support.js';
import { ricciErrorOf as errorOf } from '../support/ricci-error-of.js';


describe('the one path validator', () => {
  it('accepts a valid path and returns it', () => {
    const path = [[0, 1], [0, 1]];
    expect(checkPath(path, 3, 'the path option')).toBe(path);
    expect(checkPath([[0]], 1, 'the path option')).toEqual([[0]]);
    expect(checkPath([[2], [0, 1, 2]], 3, 'the path option')).toEqual([[2], [0, 1, 2]]);
  });

  it('reports every defect as path_invalid, naming the path, the operand count and the step', () => {
    const cases: [unknown, RegExp][] = [
      [[[0, 3]], /\[\[0,3\]\] for 3 operands \(the path option\): step 0 names position 3, but only positions 0\.\.2 exist/],
      [[[0, 1], [1, 1]], /step 1 names position 1 twice/],
      [[[0, 1]], /2 operands remain after the last step/],
      [[[]], /step 0 must be a non-empty list/],
      [[[0.5, 1]], /step 0 names position 0.5/],
      [[['0', 1]], /step 0 names position 0/],
      ['01', /a path is a list of steps/],
      [[[0, 1], [0, 1], [0, 1]], /step 2 names position 1, but only positions 0\.\.0 exist/],
    ];
    for (const [path, message] of cases) {
      const e = errorOf(() => checkPath(path, 3, 'the path option'));
      expect(e.code, JSON.stringify(path)).toBe('path_invalid');
      expect(e.message, JSON.stringify(path)).toMatch(message);
    }
  });

  it('rejects a registered optimizer\'s path that breaks the memory limit, as path_invalid', () => {
    const problem = problemOf('ab,bc,cd->ad', { a: 10, b: 10, c: 1, d: 10 });
    // (ab)(bc) makes a 10×1 intermediate; (bc)(cd) would make 10×10 — the second breaks memoryLimit 20
    const wide = registerOptimizer(defaultOptimizers, 'wide', () => [[1, 2], [0, 1]]);
    const e = errorOf(() => choosePath(problem, { optimize: 'wide', optimizers: wide, memoryLimit: 20 }));
    expect(e.code).toBe('path_invalid');
    expect(e.message).toMatch(/from optimizer 'wide'.*an intermediate of 100 elements exceeds memoryLimit = 20/);
  });
});
