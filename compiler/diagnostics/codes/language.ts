import type { Catalogue } from './catalogue.js';

/** Messages of the language stage. */
export const languageMessages = {
} as const satisfies Catalogue;
