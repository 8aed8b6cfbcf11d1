import type { Program } from '../1-parse/ricci-ast.js';
import type { Graph } from './graph.js';
import type { Node, Size } from './network.js';

/**
 * Sizes as values: a declared size symbol written as a bare name (`x: [n]; m = sum[i](x[i]) / n`)
 * is that size, not a new scalar input — unless a tensor of that name is declared or defined.
 */
export function declaredSizeSymbols(program: Program): ReadonlySet<string> {
  const symbols = new Set<string>();
  for (const s of program.statements)
    if (s.kind === 'declaration') for (const size of s.shape) if (size.kind === 'symbol') symbols.add(size.name);
  for (const s of program.statements) symbols.delete(s.name.text);
  return symbols;
}

/** The value of a size: tr(Iₙ) = Σᵢ δ[i,i], so a symbolic size is bound when the inputs arrive. */
export function sizeValue(graph: Graph, size: Size): Node {
  return graph.contract([{ node: graph.delta(size), indices: ['i', 'i'] }], []);
}
