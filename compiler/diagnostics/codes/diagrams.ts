import type { Catalogue } from './catalogue.js';

/** Messages of the diagram and code-export views. */
export const diagramsMessages = {
} as const satisfies Catalogue;
