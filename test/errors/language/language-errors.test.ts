import { describe, expect, it } from 'vitest';
import { inputMessages } from '../../../compiler/diagnostics/codes/inputs.js';
import { languageMessages } from '../../../compiler/diagnostics/codes/language.js';
import { evaluate } from '../../../src/evaluate.js';
import { expectDiagnostic, loadErrorCases, type ExpectedDiagnostic } from '../../support/error-cases.js';

/** One file per code: a program (and inputs, for evaluation errors) and the diagnostic it must raise. */
interface ErrorCase {
  readonly input: { readonly source: unknown; readonly inputs?: Record<string, unknown> };
  readonly expected: ExpectedDiagnostic;
}

const cases = loadErrorCases<ErrorCase>(new URL('./', import.meta.url));

describe('Ricci-language diagnostics (test/errors/language/*.json)', () => {
  it.each(cases)('%s', (_, c) => {
    expectDiagnostic(() => evaluate(c.input.source as string, (c.input.inputs ?? {}) as Parameters<typeof evaluate>[1]), c.expected);
  });

  it('covers every code of the language and input catalogues', () => {
    expect(new Set(cases.map(([, c]) => c.expected.code))).toEqual(new Set([...Object.keys(languageMessages), ...Object.keys(inputMessages)]));
  });
});
