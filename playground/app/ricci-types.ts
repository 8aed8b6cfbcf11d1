/** Types the playground reads off ricci's public API (it imports nothing else of the compiler). */
import type { Program } from 'ricci';

export type Size = number | string;
export type Statement = Program['statements'][number];
export type DefinitionStatement = Extract<Statement, { kind: 'definition' }>;
export type Expr = DefinitionStatement['body'];
