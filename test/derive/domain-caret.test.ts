import { describe, expect, it } from 'vitest';
import { evaluate, grad, gradients, isRicciError, type RicciError } from '../../src/index.js';
import { ricciErrorOf as errorOf } from '../support/ricci-error-of.js';

/**
 * A function evaluated outside its domain (log(-1), sqrt(-2), a division by 0, exp(1000)) is
 * non_finite_result with the caret under the function as written — from every entry point that
 * takes values: evaluate, a Derivative's evaluate and compiled run, gradients' evaluate and run.
 */

const spanText = (e: RicciError): string => e.source!.slice(e.span!.start, e.span!.end);

describe('the caret of non_finite_result', () => {
  it.each([
    ['y[i] = sqrt(x[i])', { x: [1, -2] }, 'sqrt(-2)', 'sqrt(x[i])'],
    ['y[i] = x[i]^0.5', { x: [1, -2] }, '(-2)^0.5', 'x[i]^0.5'],
    ['y[i] = exp(x[i]) + 1', { x: [1, 1000] }, 'exp(1000)', 'exp(x[i])'],
    ['y[i] = 1 / (x[i] - 1)', { x: [2, 1] }, '0^(-1)', 'x[i] - 1'],
  ] as const)('evaluate(%j) points at the function as written', (program, inputs, call, written) => {
    const e = errorOf(() => evaluate(program, inputs));
    expect([e.code, spanText(e)]).toEqual(['non_finite_result', written]);
    expect(e.message).toContain(`${call} is not finite`);
    expect(e.message.split('\n').at(-1)!.trim()).toMatch(/^\^+$/);
  });

  it('a derivative, evaluated or compiled, and gradients, evaluated or compiled, point at the log in the program', () => {
    const program = 'x: [2]\nw: [2]\nL = sum[i](log(x[i]) w[i])';
    const at = { x: [-1, 1], w: [1, 1] };
    const d = grad(program, 'L', 'w');
    const g = gradients(program, 'L', ['w']);
    for (const run of [() => d.evaluate(at), () => d.compile({ x: [2], w: [2] }).run(at), () => g.evaluate(at), () => g.compile({ x: [2], w: [2] }).run(at)]) {
      const e = errorOf(run);
      expect([e.code, spanText(e)]).toEqual(['non_finite_result', 'log(x[i])']);
      expect(e.message).toContain('log(-1) is not finite');
    }
  });
});
