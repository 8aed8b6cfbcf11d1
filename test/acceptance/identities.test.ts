import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grad, hessian, jacobian, type Derivative } from '../../src/derive.js';

/**
 * The acceptance suite of issue 3: matrix-calculus identities written in the Ricci language through
 * the public API, each compared with its closed form computed by numpy (test/fixtures/acceptance.py).
 */
interface AcceptanceCase {
  readonly name: string;
  readonly reference: string;
  readonly kind: 'grad' | 'jacobian' | 'hessian';
  readonly source: string;
  readonly of: string;
  readonly wrt: string | [string, string];
  readonly inputs: Record<string, number | number[] | number[][]>;
  readonly expected: unknown;
}

const cases = JSON.parse(readFileSync(new URL('../fixtures/acceptance.json', import.meta.url), 'utf8')) as AcceptanceCase[];

function derive(c: AcceptanceCase, mode: 'forward' | 'reverse'): Derivative {
  if (c.kind === 'hessian') return hessian(c.source, c.of, c.wrt, { mode });
  if (typeof c.wrt !== 'string') throw new Error(`${c.name}: ${c.kind} takes one wrt`);
  return c.kind === 'grad' ? grad(c.source, c.of, c.wrt, { mode }) : jacobian(c.source, c.of, c.wrt, { mode });
}

function flatten(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flatten) : [x as number];
}

function shapeOf(x: unknown): number[] {
  return Array.isArray(x) ? [x.length, ...shapeOf(x[0])] : [];
}

/** Largest |got − expected| relative to |expected|, entries far below the tensor's scale judged against that scale. */
function worstRelativeError(got: readonly number[], expected: readonly number[]): number {
  const scale = Math.max(...expected.map(Math.abs));
  return Math.max(0, ...got.map((g, k) => Math.abs(g - expected[k]!) / Math.max(Math.abs(expected[k]!), 1e-3 * scale, 1e-300)));
}

describe('acceptance: matrix-calculus identities in the Ricci language = numpy closed forms within 1e-6', () => {
  it('has at least 50 identities', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  for (const c of cases)
    it(`${c.name} (${c.reference})`, () => {
      for (const mode of ['forward', 'reverse'] as const) {
        const value = derive(c, mode).evaluate(c.inputs);
        expect(value.shape, mode).toEqual(shapeOf(c.expected));
        const error = worstRelativeError(Array.from(value.data), flatten(c.expected));
        expect(error, `${mode}: ${c.source}`).toBeLessThan(1e-6);
      }
    });
});
