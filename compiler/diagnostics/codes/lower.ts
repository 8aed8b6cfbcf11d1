import type { Catalogue } from './catalogue.js';

/** Messages of the lower stage. */
export const lowerMessages = {
} as const satisfies Catalogue;
