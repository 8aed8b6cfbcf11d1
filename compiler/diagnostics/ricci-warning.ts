import { renderCaret } from './caret.js';
import { languageWarnings } from './codes/language.js';
import type { Span, Where } from './span.js';

export type WarningCatalogue = typeof languageWarnings;
export type WarningCode = keyof WarningCatalogue;

/**
 * A legal but suspicious program: a stable `code`, a message that quotes the input with a caret,
 * the span and the values involved. Carried by the built program (`ProgramNetwork.warnings`) and
 * by the parsed Program, never thrown.
 */
export interface RicciWarning {
  readonly code: WarningCode;
  readonly message: string;
  readonly span: Span;
  readonly values: readonly unknown[];
}

export function ricciWarning<C extends WarningCode>(code: C, where: Where, ...args: Parameters<WarningCatalogue[C]>): RicciWarning {
  const render = languageWarnings[code] as (...a: Parameters<WarningCatalogue[C]>) => string;
  return { code, message: `${code}: ${render(...args)}\n${renderCaret(where.source, where.span)}`, span: where.span, values: args };
}
