import type { Catalogue } from './catalogue.js';

/** Messages of the Python/NumPy/JAX back end (6-emit-python/). */
export const emitPythonMessages = {
  python_too_many_indices: (count: number) =>
    `An einsum call would need ${count} distinct index letters, but numpy.einsum has only 52 (a–z, A–Z)`,
  python_unbound_size: (size: string) => `Size '${size}' is carried by no input, so the exported Python cannot know it`,
  python_unknown_input: (name: string) => `The finite-difference check differentiates with respect to '${name}', which is not an input of the expression`,
} as const satisfies Catalogue;
