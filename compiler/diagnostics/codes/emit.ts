import type { Catalogue } from './catalogue.js';

/** Messages of the emit stage. */
export const emitMessages = {
} as const satisfies Catalogue;
