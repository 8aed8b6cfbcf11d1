import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { languageMessages } from '../../../compiler/diagnostics/codes/language.js';
import { RicciError } from '../../../compiler/diagnostics/ricci-error.js';
import { evaluate } from '../../../src/evaluate.js';

/** One file per code: a program (and inputs, for evaluation errors) and the diagnostic it must raise. */
interface ErrorCase {
  readonly input: { readonly source: unknown; readonly inputs?: Record<string, unknown> };
  readonly expected: { readonly code: string; readonly message: string; readonly span: { start: number; end: number } | null };
}

const folder = new URL('./', import.meta.url);
const cases = readdirSync(folder).filter((f) => f.endsWith('.json')).sort()
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, folder), 'utf8')) as ErrorCase] as const);

describe('Ricci-language diagnostics (test/errors/language/*.json)', () => {
  it.each(cases)('%s', (_, c) => {
    let caught: unknown;
    try {
      evaluate(c.input.source as string, (c.input.inputs ?? {}) as Parameters<typeof evaluate>[1]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RicciError);
    const error = caught as RicciError;
    expect(error.code).toBe(c.expected.code);
    expect(error.span ?? null).toEqual(c.expected.span);
    expect(error.message).toBe(c.expected.message);
  });

  it('covers every code of the language catalogue', () => {
    expect(new Set(cases.map(([, c]) => c.expected.code))).toEqual(new Set(Object.keys(languageMessages)));
  });
});
