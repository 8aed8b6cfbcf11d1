import type { EinsumSpec } from './einsum-spec.js';
import type { Graph } from './graph.js';
import type { ContractNode, InputNode } from './network.js';

/**
 * An einsum as one Contract node over its operands; operand k is the Input named `#k` (a name no
 * user tensor can have). Repeated labels stay repeated factor indices (diagonals).
 *   'ij,jk->ik'  →  Contract([{#0, [i,j]}, {#1, [j,k]}], out = [i,k])
 */
export function einsumNetwork(spec: EinsumSpec, graph: Graph): { inputs: InputNode[]; root: ContractNode } {
  const inputs = spec.inputs.map((labels, k) => graph.input(einsumOperandName(k), labels.map((l) => spec.sizes.get(l)!)));
  const root = graph.contract(inputs.map((node, k) => ({ node, indices: spec.inputs[k]! })), spec.output);
  return { inputs, root };
}

export function einsumOperandName(operand: number): string {
  return `#${operand}`;
}
