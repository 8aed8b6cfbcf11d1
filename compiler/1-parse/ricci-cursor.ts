import { fail } from '../diagnostics/ricci-error.js';
import type { Span } from '../diagnostics/span.js';
import { tokenize, type Punctuation, type Token } from './ricci-lexer.js';

/** A read position over the token list; every parse error goes through `expected`. */
export interface Cursor {
  readonly source: string;
  peek(ahead?: number): Token;
  next(): Token;
  /** Whether the punctuation `p` is next. */
  sees(p: Punctuation): boolean;
  /** Consumes the punctuation `p` if it is next. */
  accept(p: Punctuation): Token | undefined;
  /** Consumes the punctuation `p` or fails quoting what was expected instead. */
  expect(p: Punctuation, context?: string): Token;
  expectIdentifier(what: string): Token & { readonly kind: 'identifier' };
  expected(what: string, token?: Token): never;
  failAt(span: Span): { readonly source: string; readonly span: Span };
  /** Runs `parse` one nesting level deeper; deep nesting is an error, not a stack overflow. */
  nested<T>(at: Span, parse: () => T): T;
}

/** Parentheses, calls and unary minus nest at most this deep. */
export const maxNesting = 200;

export function createCursor(source: string): Cursor {
  const tokens = tokenize(source);
  let position = 0;
  let depth = 0;
  const peek = (ahead = 0): Token => tokens[Math.min(position + ahead, tokens.length - 1)]!;
  const expected = (what: string, token: Token = peek()): never =>
    fail('unexpected_token', { source, span: token.span }, what, describeToken(token));
  return {
    source,
    peek,
    next: () => {
      const token = peek();
      if (token.kind !== 'end') position++;
      return token;
    },
    sees(p) {
      const token = peek();
      return token.kind === 'punct' && token.text === p;
    },
    accept(p) {
      const token = peek();
      if (token.kind !== 'punct' || token.text !== p) return undefined;
      position++;
      return token;
    },
    expect(p, context) {
      return this.accept(p) ?? expected(context ? `'${p}' ${context}` : `'${p}'`);
    },
    expectIdentifier(what) {
      const token = peek();
      if (token.kind !== 'identifier') return expected(what);
      position++;
      return token;
    },
    expected,
    failAt: (span) => ({ source, span }),
    nested(at, parse) {
      if (depth >= maxNesting) fail('nesting_too_deep', { source, span: at }, maxNesting);
      depth++;
      try {
        return parse();
      } finally {
        depth--;
      }
    },
  };
}

export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'identifier': return `'${token.text}'`;
    case 'number': return `the number ${token.text}`;
    case 'punct': return `'${token.text}'`;
    case 'newline': return token.text === ';' ? `';'` : 'the end of the line';
    case 'end': return 'the end of the input';
    default: {
      const unreachable: never = token;
      return unreachable;
    }
  }
}
