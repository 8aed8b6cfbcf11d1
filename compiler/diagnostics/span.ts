/**
 * A half-open range of character offsets into the text the user wrote.
 * @example
 * import { evaluate, isRicciError } from 'ricci';
 * try {
 *   evaluate('L = x[i] W[i,j] y[j] + 2 ^ x[i]', {});
 * } catch (e) {
 *   if (!isRicciError(e) || !e.span || e.source === undefined) throw e;
 *   e.source.slice(e.span.start, e.span.end); // → x
 * }
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where a diagnostic points: the text it quotes and the range under the caret. */
export interface Where {
  readonly source: string;
  readonly span: Span;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
