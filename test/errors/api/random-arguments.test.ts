import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../support/fast-check-seed.js';
import * as ricci from '../../../src/index.js';

/**
 * Any public function given random JSON-ish arguments (small numbers, short strings that look
 * like subscripts or Ricci source, nested arrays, option-shaped objects) ends in a result or a
 * RicciError: never a TypeError, RangeError or a hang.
 */
// classes (RicciError, Derivative, Gradients) are constructed by the library, not called by users
const isClass = (f: unknown): boolean => typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));
const callable = Object.entries(ricci)
  .filter(([name, f]) => typeof f === 'function' && !isClass(f) && name !== 'isRicciError')
  .map(([name]) => name)
  .sort();

const words = ['ij,jk->ik', 'i->', 'ii', 'L = x[i] x[i]', 'f[i] = x[i]', 'L', 'x', "x'*x", 'tanh', 'auto', 'greedy', 'weird', '', '->', 'numerator', 'jax'];
const leaf = fc.oneof(
  fc.constantFrom(...words), fc.string({ maxLength: 6 }), fc.integer({ min: -2, max: 4 }), fc.double({ noDefaultInfinity: false }),
  fc.boolean(), fc.constant(null), fc.constant(undefined),
);
const jsonish = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leaf, fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('x', 'y', 'A', 'layout', 'optimize', 'memoryLimit', 'lowering', 'kc', 'name', 'vec', 'module', 'format', 'mode', 'tolerance', 'step', 'trials'), tie('value'), { maxKeys: 3 })),
}));

describe('random arguments to every public function', () => {
  it('lists the public functions the property calls', () => {
    expect(callable).toEqual(expect.arrayContaining(['einsum', 'contractPath', 'compileEinsum', 'grad', 'hessian', 'fromMatrixNotation', 'toLatex']));
  });

  it('end in a result or a RicciError', () => {
    fc.assert(fc.property(fc.constantFrom(...callable), fc.array(jsonish.value, { maxLength: 4 }), (name, args) => {
      try {
        (ricci as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
      } catch (e) {
        if (!(e instanceof ricci.RicciError)) throw new Error(`${name}(${String(JSON.stringify(args))}) threw ${String(e)}`, { cause: e });
      }
    }), { numRuns: 1500 });
  }, 60_000);
});
