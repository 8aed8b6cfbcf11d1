import type { Catalogue } from './catalogue.js';

/** Messages of the views stage. */
export const viewsMessages = {
} as const satisfies Catalogue;
