import type { Span } from '../diagnostics/span.js';

/**
 * einsum subscripts after parsing, before shapes are known. Every item carries its span in the
 * subscripts string so later stages can point a caret at it.
 *   'ij,j...->i'  →  terms [[i, j], [j, …]], output [i]
 */
export type EinsumItem =
  | { readonly kind: 'label'; readonly label: string; readonly span: Span }
  | { readonly kind: 'ellipsis'; readonly span: Span };

export interface EinsumTerm {
  readonly items: readonly EinsumItem[];
  /** From the first to the last character of the term (an empty term has an empty span). */
  readonly span: Span;
}

export interface EinsumAst {
  readonly source: string;
  readonly inputs: readonly EinsumTerm[];
  /** The term after '->', or undefined in implicit mode. */
  readonly output: EinsumTerm | undefined;
}

export function hasEllipsis(term: EinsumTerm): boolean {
  return term.items.some((item) => item.kind === 'ellipsis');
}

/** The letters of a term, in order, without the ellipsis. */
export function labelsOf(term: EinsumTerm): string[] {
  return term.items.flatMap((item) => (item.kind === 'label' ? [item.label] : []));
}
