import { fail } from '../diagnostics/pipeline-errors.js';

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words generated code never uses as a name: JavaScript's reserved words and sensitive globals. */
const reserved: readonly string[] = [
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let',
  'static', 'enum', 'await', 'implements', 'package', 'protected', 'interface', 'private', 'public',
  'arguments', 'eval', 'undefined', 'NaN', 'Infinity', 'constructor', 'prototype', '__proto__',
];

/** An identifier for generated code: plain ASCII, not reserved, or a RicciError (never pasted raw). */
export function jsName(name: string): string {
  if (!identifier.test(name) || reserved.includes(name)) return fail('unsafe_identifier', undefined, name);
  return name;
}

/** A numeric literal that round-trips exactly: finite numbers only. */
export function jsNumber(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail('non_finite_constant', undefined, String(value));
  return Object.is(value, -0) ? '-0' : String(value);
}

/** `base + offset` with the sign folded: p + 3, p - 3, p. */
export function jsOffset(base: string, offset: number): string {
  const text = jsNumber(Math.abs(offset));
  return offset === 0 ? jsName(base) : offset > 0 ? `${jsName(base)} + ${text}` : `${jsName(base)} - ${text}`;
}
