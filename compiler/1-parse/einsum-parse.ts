import { fail } from '../diagnostics/pipeline-errors.js';
import { span, type Span } from '../diagnostics/span.js';
import type { EinsumAst, EinsumItem, EinsumTerm } from './einsum-ast.js';

/**
 * Parses einsum subscripts with numpy's grammar: terms of letters a–z A–Z and at most one '...',
 * separated by ',', optionally followed by '->' and one output term; spaces are ignored.
 *   'ii->i'  'ij,jk'  '...ij,...jk->...ik'  ',ab,->ab'
 * Shapes are not consulted here (see 2-network/resolve-einsum.ts).
 */
export function parseEinsum(source: string): EinsumAst {
  const inputs: EinsumTerm[] = [];
  let term = openTerm(0);
  const where = (s: Span) => ({ source, span: s });
  for (let at = 0; at < source.length; at++) {
    const ch = source[at]!;
    if (ch === ' ') continue;
    if (isLetter(ch)) term.items.push({ kind: 'label', label: ch, span: span(at, at + 1) });
    else if (ch === '.') at = addEllipsis(source, at, term, inputs.length);
    else if (ch === ',') {
      if (term.isOutput) fail('einsum_output_comma', where(span(at, at + 1)));
      inputs.push(closeTerm(source, term, at));
      term = openTerm(at + 1);
    } else if (ch === '-' && source[at + 1] === '>') {
      if (term.isOutput) fail('einsum_multiple_arrows', where(span(at, at + 2)));
      inputs.push(closeTerm(source, term, at));
      term = { ...openTerm(at + 2), isOutput: true };
      at++;
    } else if (ch === '-' || ch === '>') fail('einsum_broken_arrow', where(span(at, at + 1)), ch);
    else fail('einsum_invalid_character', where(span(at, at + 1)), ch, at);
  }
  const last = closeTerm(source, term, source.length);
  if (!term.isOutput) inputs.push(last);
  return { source, inputs, output: term.isOutput ? last : undefined };
}

interface OpenTerm {
  readonly start: number;
  readonly items: EinsumItem[];
  readonly isOutput: boolean;
}

function openTerm(start: number): OpenTerm {
  return { start, items: [], isOutput: false };
}

/** The term's span covers its characters without surrounding spaces; empty terms get a point. */
function closeTerm(source: string, term: OpenTerm, end: number): EinsumTerm {
  let start = term.start;
  let stop = end;
  while (start < stop && source[start] === ' ') start++;
  while (stop > start && source[stop - 1] === ' ') stop--;
  return { items: term.items, span: span(start, stop) };
}

/** Reads '...' at `at` into `term`; returns the offset of its last dot. Dots pair up in threes. */
function addEllipsis(source: string, at: number, term: OpenTerm, operand: number): number {
  if (source.startsWith('...', at)) {
    const where = { source, span: span(at, at + 3) };
    if (term.items.some((item) => item.kind === 'ellipsis'))
      fail('einsum_ellipsis_repeated', where, term.isOutput ? 'the output' : `operand ${operand}`);
    term.items.push({ kind: 'ellipsis', span: where.span });
    return at + 2;
  }
  let run = at;
  while (source[run] === '.') run++;
  return fail('einsum_ellipsis_partial', { source, span: span(at, run) }, run - at);
}

function isLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
