import type { Catalogue } from './catalogue.js';

/** Messages of the einsum stage. */
export const einsumMessages = {
} as const satisfies Catalogue;
