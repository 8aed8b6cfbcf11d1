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

  // what the functions return: a Derivative.compile(undefined) was a TypeError the calls above never reach
  const derivativeMethods = ['toString', 'names', 'evaluate', 'evaluateReference', 'compile', 'check', 'axisGroups'];
  const subjects = (): Record<string, { readonly value: object; readonly methods: readonly string[] }> => {
    const d = ricci.grad('x: [3]\nA: [3, 3]\nL = tanh(x[i] A[i,j]) x[j]', 'L', 'x');
    const g = ricci.gradients('x: [3]\nA: [3, 3]\nL = tanh(x[i] A[i,j]) x[j]', 'L', ['x', 'A']);
    return {
      derivative: { value: d, methods: derivativeMethods },
      jacobian: { value: ricci.jacobian('f[i] = A[i,j] x[j]', 'f', 'x'), methods: derivativeMethods },
      hessian: { value: ricci.hessian('L = x[i] x[i] x[j]', 'L', 'x'), methods: derivativeMethods },
      gradients: { value: g, methods: ['toString', 'lines', 'compile', 'evaluate'] },
      compiledDerivative: { value: d.compile({ x: [3], A: [3, 3] }), methods: ['run', 'runUnchecked'] },
      compiledGradients: { value: g.compile({ x: [3], A: [3, 3] }), methods: ['run', 'residentInputs'] },
      compiledEinsum: { value: ricci.compileEinsum('ij,jk->ik', [[2, 3], [3, 2]]), methods: ['run', 'residentInputs', 'residentOutput'] },
      program: { value: ricci.parse('x: [3]\ny[i] = 2 x[i]'), methods: [] },
    };
  };
  const valid = fc.constantFrom<unknown>({ x: [3], A: [3, 3] }, { x: [1, 2, 3], A: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }, [[1, 2, 3], [4, 5, 6]], { x: [3] });
  const argument = fc.oneof(jsonish.value, valid);

  it('lists public methods of what they return', () => {
    for (const { value, methods } of Object.values(subjects()))
      for (const m of methods) expect(typeof (value as Record<string, unknown>)[m], m).toBe('function');
  });

  it('methods of what they return, and public functions given it first, end in a result or a RicciError', () => {
    const s = subjects();
    const calls = Object.entries(s).flatMap(([name, o]) => [...o.methods.map((m) => [name, m, 'method'] as const), ...callable.map((f) => [name, f, 'function'] as const)]);
    fc.assert(fc.property(fc.constantFrom(...calls), fc.array(argument, { maxLength: 3 }), ([name, fn, how], args) => {
      const subject = s[name]!.value;
      try {
        if (how === 'method') (subject as Record<string, (...a: unknown[]) => unknown>)[fn]!(...args);
        else (ricci as unknown as Record<string, (...a: unknown[]) => unknown>)[fn]!(subject, ...args);
      } catch (e) {
        if (!(e instanceof ricci.RicciError)) throw new Error(`${name} ${how} ${fn}(${String(JSON.stringify(args))}) threw ${String(e)}`, { cause: e });
      }
    }), { numRuns: 1500 });
  }, 60_000);
});
