import { parseRicci, type Program } from '../compiler/driver/index.js';
import { fail } from '../compiler/diagnostics/ricci-error.js';
import { describe } from './tensor-like.js';

export type { Program } from '../compiler/driver/index.js';

/**
 * Parses a Ricci-language program into its syntax tree; throws a RicciError on bad syntax.
 * @example
 * import { evaluate, parse } from 'ricci';
 * const program = parse('x: [3]\nL = x[i] x[i]');
 * program.statements.map((s) => s.kind); // → [declaration, definition]
 * evaluate(program, { x: [1, 2, 3] })['L']!.get(); // → 14
 */
export function parse(source: string): Program {
  if (typeof source !== 'string') return fail('invalid_program', undefined, describe(source));
  return parseRicci(source);
}

/** Source text is kept for the driver to parse; a Program (from `parse`) is checked to be one. */
export function toProgram(source: string | Program): string | Program {
  if (typeof source === 'string') return source;
  const isProgram = typeof source === 'object' && source !== null &&
    typeof source.source === 'string' && Array.isArray(source.statements);
  return isProgram ? source : fail('invalid_program', undefined, describe(source));
}
