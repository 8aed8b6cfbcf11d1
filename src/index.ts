/** ricci's public surface (DESIGN.md §9). Nothing inside the project imports src/. */
export { RicciError, isRicciError } from '../compiler/diagnostics/ricci-error.js';
export type { Span } from '../compiler/diagnostics/span.js';
