import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grad, hessian, jacobian, type Derivative } from '../../src/derive.js';
import { renderSteps } from '../../src/index.js';

/** Derivations as a user reads them (the result, and every step as renderSteps prints it); UPDATE_GOLDEN=1 rewrites them. */
const folder = new URL('../golden/calculus/', import.meta.url);

const cases: Record<string, () => Derivative> = {
  'linear-layer': () => grad('f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', 'L', 'W'),
  'linear-layer-forward': () => grad('f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', 'L', 'W', { mode: 'forward' }),
  'quadratic-form-hessian': () => hessian('f = x[i] A[i,j] x[j]', 'f', 'x'),
  'symmetric-quadratic-form-hessian': () => hessian('A: [n, n] symmetric\nf = x[i] A[i,j] x[j]', 'f', 'x'),
  'inverse-jacobian': () => jacobian('X: [n, n]\nY[i,j] = inv(X)[i,j]', 'Y', 'X'),
  'least-squares-hessian': () => hessian('r[i] = A[i,j] x[j] - b[i]\nf = r[i] r[i]', 'f', 'x'),
  'softmax-jacobian': () => jacobian('p[i] = exp(z[i]) / sum[j](exp(z[j]))', 'p', 'z'),
  'logistic-hessian': () => hessian('z[a] = X[a,i] w[i]\nL = sum[a](softplus(z[a]) - y[a] z[a])', 'L', 'w'),
};

function render(d: Derivative): string {
  const steps = renderSteps(d).steps.map((s) => `${s.rule}: ${s.description}\n  ${s.before.text}\n  → ${s.after.text}`);
  return `${d.toString()}\n\n${steps.join('\n')}\n`;
}

describe('golden derivations', () => {
  for (const [name, make] of Object.entries(cases))
    it(name, () => {
      const file = new URL(`${name}.txt`, folder);
      const text = render(make());
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
        mkdirSync(folder, { recursive: true });
        writeFileSync(file, text);
      }
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
});
