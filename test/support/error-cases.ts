import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { isRicciError, RicciError } from '../../compiler/diagnostics/ricci-error.js';

/** What a diagnostic fixture expects: the code, the exact message (caret included) and the span. */
export interface ExpectedDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly span: { readonly start: number; readonly end: number } | null;
}

/** Every `*.json` in `folder` as [file name, parsed case], sorted by name. */
export function loadErrorCases<C>(folder: URL): (readonly [string, C])[] {
  return readdirSync(folder).filter((f) => f.endsWith('.json')).sort()
    .map((f) => [f, JSON.parse(readFileSync(new URL(f, folder), 'utf8')) as C] as const);
}

/** Runs `attempt` and asserts it throws the RicciError `expected` describes, nothing else. */
export function expectDiagnostic(attempt: () => unknown, expected: ExpectedDiagnostic): void {
  let caught: unknown;
  try {
    attempt();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RicciError);
  const error = caught as RicciError;
  expect(error.code).toBe(expected.code);
  expect(error.span ?? null).toEqual(expected.span);
  expect(error.message).toBe(expected.message);
}

/** What an attempt ends in: 'ok', the RicciError's code, or a description of any other exception. */
export function codeOf(attempt: () => unknown): string {
  try {
    attempt();
    return 'ok';
  } catch (e) {
    return isRicciError(e) ? e.code : `not a RicciError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
}
