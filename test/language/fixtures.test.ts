import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate.js';
import { maxScaledDiff } from '../support/random.js';

interface Case {
  readonly name: string;
  readonly source: string;
  readonly inputs: Record<string, unknown>;
  readonly expected: Record<string, { readonly shape: number[]; readonly data: number[] }>;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/language.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('Ricci programs evaluate to what numpy computes (test/fixtures/language.py)', () => {
  it('has at least 40 programs', () => expect(fixture.cases.length).toBeGreaterThanOrEqual(40));

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const results = evaluate(c.source, c.inputs as Parameters<typeof evaluate>[1]);
    expect(Object.keys(results).sort()).toEqual(Object.keys(c.expected).sort());
    for (const [name, want] of Object.entries(c.expected)) {
      const got = results[name]!;
      expect(got.shape, name).toEqual(want.shape);
      const flat = Array.from({ length: want.data.length }, (_, k) => got.data[k]!);
      expect(maxScaledDiff({ shape: got.shape, data: flat }, want), name).toBeLessThan(1e-12);
    }
  });
});
