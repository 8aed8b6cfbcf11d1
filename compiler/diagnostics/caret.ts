import type { Span } from './span.js';

/**
 * Quotes the line of `source` that holds `span` and underlines the span.
 *   ij,jk->iq
 *          ^
 */
export function renderCaret(source: string, span: Span): string {
  const start = clamp(span.start, 0, source.length);
  const end = clamp(Math.max(span.end, start + 1), start + 1, Math.max(source.length, start + 1));
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const newline = source.indexOf('\n', start);
  const lineEnd = newline === -1 ? source.length : newline;
  const lineNumber = countNewlines(source, lineStart) + 1;
  const line = source.slice(lineStart, lineEnd);
  const width = Math.max(1, Math.min(end, lineEnd === start ? start + 1 : lineEnd) - start);
  const gutter = source.includes('\n') ? `${lineNumber} | ` : '  ';
  const pad = ' '.repeat(gutter.length + visualWidth(line.slice(0, start - lineStart)));
  return `${gutter}${line}\n${pad}${'^'.repeat(width)}`;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

function countNewlines(text: string, upTo: number): number {
  let n = 0;
  for (let k = 0; k < upTo; k++) if (text.charCodeAt(k) === 10) n++;
  return n;
}

/** Tabs count as one column so the caret stays under the character. */
function visualWidth(text: string): number {
  return [...text].length;
}
