import { fail } from '../diagnostics/ricci-error.js';
import { span, type Span } from '../diagnostics/span.js';
import { lookalikeHint } from './lookalikes.js';

/**
 * Tokens of the Ricci language. A newline or `;` ends a statement, except inside ( ) or [ ],
 * so a long expression may wrap inside parentheses. `#` starts a comment to the end of the line.
 */
export type Token =
  | { readonly kind: 'identifier'; readonly text: string; readonly span: Span }
  | { readonly kind: 'number'; readonly text: string; readonly value: number; readonly span: Span }
  | { readonly kind: 'punct'; readonly text: Punctuation; readonly span: Span }
  | { readonly kind: 'newline'; readonly text: string; readonly span: Span }
  | { readonly kind: 'end'; readonly text: ''; readonly span: Span };

export type Punctuation = '[' | ']' | '(' | ')' | ',' | ':' | '=' | '+' | '-' | '*' | '/' | '^';

const punctuation = '[](),:=+-*/^';

/** Sticky patterns carry `lastIndex`, so each tokenize call makes its own. */
interface Patterns { readonly identifier: RegExp; readonly number: RegExp; readonly blank: RegExp }
function createPatterns(): Patterns {
  return {
    // letters of any script (Greek too) and `_`, then also digits and combining marks
    identifier: /[\p{L}_][\p{L}\p{M}\p{Nd}_]*/uy,
    number: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y,
    blank: /[ \t\r\f\v\u00a0\ufeff]+/y,
  };
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let at = 0;
  const patterns = createPatterns();
  while (at < source.length) {
    const ch = source[at]!;
    const blank = matchAt(patterns.blank, source, at);
    if (blank) { at += blank.length; continue; }
    if (ch === '#') { at = lineEnd(source, at); continue; }
    if (ch === '\n' || ch === ';') {
      if (depth === 0) tokens.push({ kind: 'newline', text: ch, span: span(at, at + 1) });
      at++;
      continue;
    }
    const token = readToken(source, at, patterns);
    if (token.kind === 'punct') depth = Math.max(0, depth + (opens(token.text) ? 1 : closes(token.text) ? -1 : 0));
    tokens.push(token);
    at = token.span.end;
  }
  tokens.push({ kind: 'end', text: '', span: span(source.length, source.length) });
  return tokens;
}

function readToken(source: string, at: number, patterns: Patterns): Token {
  const word = matchAt(patterns.identifier, source, at);
  if (word) {
    // ᵀ and ᵗ are modifier letters, so they would otherwise end up inside a name (`xᵀ`)
    const mark = word.search(transposeMark);
    if (mark >= 0) transposed(source, at + mark);
    return { kind: 'identifier', text: word, span: span(at, at + word.length) };
  }
  const digits = matchAt(patterns.number, source, at);
  if (digits) {
    const value = Number(digits);
    const where = span(at, at + digits.length);
    if (!Number.isFinite(value)) fail('non_finite_number', { source, span: where }, digits);
    // 2.5e (or 2.5e+, 2.5e-x) is a number whose exponent is missing, not 2.5 times e: never a guess
    // (2.5ex and 2exp(x) stay products by juxtaposition, a name following the number)
    const mark = source[at + digits.length];
    if ((mark === 'e' || mark === 'E') && !/[\p{L}\p{N}_]/u.test(source[at + digits.length + 1] ?? ''))
      fail('number_exponent_missing', { source, span: span(at, at + digits.length + 1) }, `${digits}${mark}`, digits, mark);
    return { kind: 'number', text: digits, value, span: where };
  }
  const ch = source[at]!;
  if (punctuation.includes(ch)) return { kind: 'punct', text: ch as Punctuation, span: span(at, at + 1) };
  if (transposeMark.test(ch)) transposed(source, at);
  const character = String.fromCodePoint(source.codePointAt(at)!);
  return fail('unexpected_character', { source, span: span(at, at + character.length) }, character, lookalikeHint(character, 'ricci'));
}

/** Transpose marks of matrix notation: `xᵀ`, `xᵗ`, `x⊤`, `x'`, `x′`. */
const transposeMark = /[\u1d40\u1d57\u22a4'\u2032]/u;

function transposed(source: string, at: number): never {
  const before = /[\p{L}\p{M}\p{Nd}_]*$/u.exec(source.slice(0, at))?.[0] ?? '';
  return fail('transpose_in_index_notation', { source, span: span(at, at + 1) }, source[at]!, before);
}

function matchAt(pattern: RegExp, source: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0];
}

function lineEnd(source: string, at: number): number {
  const newline = source.indexOf('\n', at);
  return newline === -1 ? source.length : newline;
}

function opens(p: Punctuation): boolean { return p === '(' || p === '['; }
function closes(p: Punctuation): boolean { return p === ')' || p === ']'; }
