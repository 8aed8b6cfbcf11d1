import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grad, hessian, jacobian, type Derivative } from '../../src/derive.js';

/** Matrix-calculus identities whose closed forms numpy computed (test/fixtures/calculus.py). */
interface IdentityCase {
  readonly name: string;
  readonly reference: string;
  readonly kind: 'grad' | 'jacobian' | 'hessian';
  readonly source: string;
  readonly of: string;
  readonly wrt: string;
  readonly inputs: Record<string, number[] | number[][]>;
  readonly expected: unknown;
}

const cases = JSON.parse(readFileSync(new URL('../fixtures/calculus.json', import.meta.url), 'utf8')) as IdentityCase[];

function derive(c: IdentityCase, mode: 'forward' | 'reverse'): Derivative {
  const run = { grad, jacobian, hessian }[c.kind];
  return run(c.source, c.of, c.wrt, { mode });
}

function flatten(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flatten) : [x as number];
}

function shapeOf(x: unknown): number[] {
  return Array.isArray(x) ? [x.length, ...shapeOf(x[0])] : [];
}

describe('matrix-calculus identities against numpy closed forms, finite differences, and the other mode', () => {
  it('has at least 30 identities', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of cases)
    it(`${c.name} (${c.reference})`, () => {
      const d = derive(c, 'reverse');
      const value = d.evaluate(c.inputs);
      expect(value.shape).toEqual(shapeOf(c.expected));
      const expected = flatten(c.expected);
      const got = Array.from(value.data);
      const worst = Math.max(0, ...got.map((g, k) => Math.abs(g - expected[k]!) / Math.max(1, Math.abs(expected[k]!))));
      expect(worst).toBeLessThan(1e-9);
      expect(d.check(c.inputs).ok).toBe(true);
      expect(derive(c, 'forward').toString()).toBe(d.toString());
    });
});
