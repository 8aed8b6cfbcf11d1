import { evaluateNetwork } from '../2-network/evaluate-network.js';
import { topologicalOrder, type InputNode, type Node } from '../2-network/network.js';
import type { DenseArray, StridedArray } from '../../runtime/strided-array.js';

/**
 * Evaluates `node` with the reference evaluator, reading only the inputs it contains. A symbolic
 * size none of them binds (∂x[i]/∂x[k] = δ[i,k] has no input left) is bound by adding the first
 * program input that carries it as an extra root.
 */
export function evaluateExpression(node: Node, programInputs: readonly InputNode[],
  values: Readonly<Record<string, StridedArray>>): DenseArray {
  const order = topologicalOrder([node]);
  const symbols = (n: Node): string[] => n.shape.filter((s): s is string => typeof s === 'string');
  const bound = new Set(order.filter((n) => n.kind === 'input').flatMap(symbols));
  const needed = new Set(order.flatMap(symbols).filter((s) => !bound.has(s)));
  const extra = programInputs.filter((x) => {
    const binds = symbols(x).filter((s) => needed.has(s));
    for (const s of binds) needed.delete(s);
    return binds.length > 0;
  });
  return evaluateNetwork([node, ...extra], values)[0]!;
}
