import { describe, expect, it } from 'vitest';
import * as ricci from '../../../src/index.js';
import { RicciError } from '../../../compiler/diagnostics/ricci-error.js';
import { messages } from '../../../compiler/diagnostics/messages.js';
import { loadErrorCases } from '../../support/error-cases.js';
import { decodeArguments, type ApiCall } from '../../support/api-call.js';

/**
 * One folder entry per misuse of the public API: the function, its JSON-able arguments, an
 * optional chain of method calls on the result, and the diagnostic the last call must raise —
 * its code, its span (null: no input text) and what the message must quote.
 */
interface ApiErrorCase extends ApiCall {
  readonly expected: { readonly code: string; readonly span: { readonly start: number; readonly end: number } | null; readonly mentions: readonly string[] };
}

const cases = loadErrorCases<ApiErrorCase>(new URL('./', import.meta.url));

describe('API bad-input corpus (test/errors/api)', () => {
  it('holds the cases, each with a catalogued code', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    for (const [, c] of cases) expect(Object.keys(messages)).toContain(c.expected.code);
  });

  it.each(cases)('%s', (_file, c) => {
    let caught: unknown;
    try {
      runCall(c);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RicciError);
    const error = caught as RicciError;
    expect(error.code).toBe(c.expected.code);
    expect(error.span ?? null).toEqual(c.expected.span);
    expect(error.message.startsWith(`${c.expected.code}: `)).toBe(true);
    for (const text of c.expected.mentions) expect(error.message).toContain(text);
  });
});

function runCall(c: ApiCall): unknown {
  const fn = (ricci as unknown as Record<string, (...a: unknown[]) => unknown>)[c.call];
  if (typeof fn !== 'function') throw new Error(`no public function ${c.call}`);
  let value = fn(...decodeArguments(c.args));
  for (const step of c.then ?? []) {
    if ('function' in step) {
      const free = (ricci as unknown as Record<string, (...a: unknown[]) => unknown>)[step.function];
      if (typeof free !== 'function') throw new Error(`no public function ${step.function}`);
      value = free(value, ...decodeArguments(step.args));
      continue;
    }
    const target = value as Record<string, unknown>;
    const method = target[step.method];
    value = typeof method === 'function' ? method.apply(target, decodeArguments(step.args)) : method;
  }
  return value;
}
