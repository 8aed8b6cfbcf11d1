import type { Catalogue } from './catalogue.js';

/** Messages of the diagram views (views/diagram/). */
export const diagramsMessages = {
  diagram_no_steps: () => 'A derivation needs at least one step to be drawn as frames, but the list of steps is empty',
  diagram_unknown_format: (format: string, known: string) => `Unknown diagram format '${format}'; expected one of ${known}`,
  diagram_graphviz_failed: (detail: string) =>
    `Graphviz could not render the DOT (or ricci/graphviz's optional peer dependency is not installed): ${detail}`,
  diagram_variable_absent: (name: string, factors: string) =>
    `Cannot open the legs of '${name}': it is not a factor of the top-level product (factors: ${factors})`,
} as const satisfies Catalogue;
