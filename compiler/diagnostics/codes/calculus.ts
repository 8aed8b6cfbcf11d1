import type { Catalogue } from './catalogue.js';

/** Messages of the calculus stage. */
export const calculusMessages = {
} as const satisfies Catalogue;
