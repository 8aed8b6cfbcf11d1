import type { Program } from '../compiler/1-parse/ricci-ast.js';
import { parseRicci } from '../compiler/1-parse/ricci-parser.js';
import { fail } from '../compiler/diagnostics/ricci-error.js';
import { describe } from './tensor-like.js';

export type { Program } from '../compiler/1-parse/ricci-ast.js';

/** Parses a Ricci-language program into its syntax tree; throws a RicciError on bad syntax. */
export function parse(source: string): Program {
  if (typeof source !== 'string') return fail('invalid_program', undefined, describe(source));
  return parseRicci(source);
}

/** Source text is parsed; a Program (from `parse`) is used as it is. */
export function toProgram(source: string | Program): Program {
  if (typeof source === 'string') return parseRicci(source);
  const isProgram = typeof source === 'object' && source !== null &&
    typeof source.source === 'string' && Array.isArray(source.statements);
  return isProgram ? source : fail('invalid_program', undefined, describe(source));
}
