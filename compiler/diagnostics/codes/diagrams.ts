import type { Catalogue } from './catalogue.js';

/** Messages of the diagram and code-export views. */
export const diagramsMessages = {
  diagram_no_steps: () => 'A derivation needs at least one step to be drawn as frames, but the list of steps is empty',
  diagram_unknown_format: (format: string, known: string) => `Unknown diagram format '${format}'; expected one of ${known}`,
  diagram_variable_absent: (name: string, factors: string) =>
    `Cannot open the legs of '${name}': it is not a factor of the top-level product (factors: ${factors})`,
  python_too_many_indices: (count: number) =>
    `An einsum call would need ${count} distinct index letters, but numpy.einsum has only 52 (a–z, A–Z)`,
  python_unbound_size: (size: string) => `Size '${size}' is carried by no input, so the exported Python cannot know it`,
  python_bad_path: (detail: string, operands: number) => `Invalid contraction path for ${operands} operands: ${detail}`,
  python_unknown_input: (name: string) => `The finite-difference check differentiates with respect to '${name}', which is not an input of the expression`,
} as const satisfies Catalogue;
