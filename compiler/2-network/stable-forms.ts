import type { Graph } from './graph.js';
import type { IndexName, Node } from './network.js';

/**
 * log(1 + exp(u)) written out is softplus(u): the same function, but evaluated as written it
 * overflows where exp(u) does (u > 709: log(∞), and a derivative exp(u)/(1 + exp(u)) = ∞/∞),
 * and rounds to 0 for u < −37. softplus is evaluated stably, and its derivative reads sigmoid(u),
 * as a textbook writes the logistic loss's gradient. `arg` is log's built argument with its index
 * names; the rewritten node and its names, or undefined when `arg` is not 1 + exp(u).
 */
export function softplusOf(g: Graph, arg: { readonly node: Node; readonly indices: readonly IndexName[] }): { node: Node; indices: readonly IndexName[] } | undefined {
  const sum = arg.node;
  if (sum.kind !== 'add' || sum.terms.length !== 2) return undefined;
  const one = sum.terms.find((t) => t.node.kind === 'const' && t.indices.length === 0 && t.node.value * t.coefficient === 1);
  const exp = sum.terms.find((t) => t !== one && t.coefficient === 1 && t.node.kind === 'map' && t.node.fn.name === 'exp');
  if (one === undefined || exp === undefined || exp.node.kind !== 'map') return undefined;
  // the exp term spans every axis of the sum, each once (no broadcast, no diagonal)
  const names = exp.indices;
  if (names.length !== sum.out.length || new Set(names).size !== names.length || !names.every((i) => sum.out.includes(i))) return undefined;
  const out = sum.out.map((i) => arg.indices[sum.out.indexOf(i)]!);
  return { node: g.map({ name: 'softplus' }, exp.node.arg), indices: names.map((i) => out[sum.out.indexOf(i)]!) };
}
