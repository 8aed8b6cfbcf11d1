import type { Graph } from '../2-network/graph.js';
import type { Definition } from '../2-network/program.js';

/**
 * A result whose every size is 1 is the scalar people mean (`L[a,c] = f[a,j] y[j,c]` with a 1×1
 * result, seed 001): its one entry, as a Contract that sums the unit axes away. Any other result
 * is returned as it is, so `grad` still refuses a genuine tensor.
 */
export function asScalar(graph: Graph, definition: Definition): Definition {
  const { node, indices } = definition;
  if (node.shape.length === 0 || !node.shape.every((size) => size === 1)) return definition;
  return { ...definition, indices: [], node: graph.contract([{ node, indices }], []) };
}
