/** The shape every message catalogue has: a code mapped to a function of the values involved. */
export type Catalogue = Record<string, (...values: never[]) => string>;

/** Formats a shape for messages: [2, 3] → "(2, 3)"; [] → "() (a scalar)". */
export function showShape(shape: readonly (number | string)[]): string {
  return shape.length === 0 ? '() (a scalar)' : `(${shape.join(', ')})`;
}
