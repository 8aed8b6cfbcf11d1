import type { Catalogue } from './catalogue.js';

/** Messages of the contraction-order stage. */
export const contractionOrderMessages = {
} as const satisfies Catalogue;
