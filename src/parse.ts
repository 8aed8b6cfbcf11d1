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

/**
 * A Ricci program as the entry points take it: its text, a parsed `Program` (from `parse`), or a
 * matrix-notation translation (`fromMatrixNotation`'s result, whose `program` is used).
 * @example
 * import { fromMatrixNotation, grad, toMatrixNotation, type ProgramSource } from 'ricci';
 * const loss: ProgramSource = fromMatrixNotation('sum(max(0, A*x))', { A: ['m', 'n'], x: ['n'] });
 * toMatrixNotation(grad(loss, 'f', 'x')).text.split('\n')[0]; // → ∂f/∂x = Aᵀ step(A x)
 */
export type ProgramSource = string | Program | { readonly program: Program };

/** Source text is kept for the driver to parse; a Program (from `parse`, or a translation's) is checked to be one. */
export function toProgram(source: ProgramSource): string | Program {
  if (typeof source === 'string') return source;
  const given: unknown = typeof source === 'object' && source !== null && 'program' in source ? source.program : source;
  return isProgram(given) ? given : fail('invalid_program', undefined, describe(source));
}

function isProgram(value: unknown): value is Program {
  return typeof value === 'object' && value !== null && typeof (value as Program).source === 'string' && Array.isArray((value as Program).statements);
}
