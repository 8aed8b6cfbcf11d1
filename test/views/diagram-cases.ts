import { createGraph, type Graph } from '../../compiler/2-network/graph.js';
import type { Factor, IndexName } from '../../compiler/2-network/network.js';
import type { DerivationStep, Expression } from '../../compiler/3-calculus/derivation.js';

/** Hand-built expressions (parse/grad are written in parallel) shared by the diagram and Python tests. */
export interface Case {
  readonly name: string;
  readonly expr: Expression;
}

const f = (node: Factor['node'], ...indices: IndexName[]): Factor => ({ node, indices });

export function diagramCases(g: Graph = createGraph()): Case[] {
  const x = g.input('x', ['m']);
  const W = g.input('W', ['m', 'n']);
  const y = g.input('y', ['n']);
  const b = g.input('b', ['n']);
  const A = g.input('A', ['n', 'n']);
  const B = g.input('B', ['n', 'p']);
  const C = g.input('C', ['n', 'q']);
  const T = g.input('T', ['n', 'n', 'n']);
  const xW = g.contract([f(x, 'i'), f(W, 'i', 'j')], ['j']);
  const affine = g.add([{ node: xW, indices: ['j'], coefficient: 1 }, { node: b, indices: ['j'], coefficient: -2 }], ['j']);
  return [
    { name: 'bilinear', expr: { node: g.contract([f(x, 'i'), f(W, 'i', 'j'), f(y, 'j')], []), indices: [] } },
    { name: 'outer', expr: { node: g.contract([f(x, 'i'), f(y, 'j')], ['i', 'j']), indices: ['i', 'j'] } },
    { name: 'hyperedge', expr: { node: g.contract([f(A, 'i', 'j'), f(B, 'i', 'k'), f(C, 'i', 'l')], ['j', 'k', 'l']), indices: ['j', 'k', 'l'] } },
    { name: 'trace', expr: { node: g.contract([f(A, 'i', 'i')], []), indices: [] } },
    { name: 'hadamard', expr: { node: g.contract([f(y, 'i'), f(b, 'i')], ['i']), indices: ['i'] } },
    { name: 'transpose-product', expr: { node: g.contract([f(A, 'j', 'i'), f(B, 'j', 'k')], ['i', 'k']), indices: ['i', 'k'] } },
    { name: 'order-three', expr: { node: g.contract([f(T, 'i', 'j', 'k'), f(y, 'i'), f(g.delta('n'), 'j', 'l')], ['k', 'l']), indices: ['k', 'l'] } },
    { name: 'layer', expr: { node: g.contract([f(g.map({ name: 'tanh' }, affine), 'j'), f(y, 'j')], []), indices: [] } },
    { name: 'logdet-inv', expr: { node: g.add([
      { node: g.contract([f(g.matfn('inv', A), 'i', 'j'), f(g.constant(3), )], ['i', 'j']), indices: ['i', 'j'], coefficient: 1 },
      { node: g.matfn('logdet', A), indices: [], coefficient: -1 },
    ], ['i', 'j']), indices: ['i', 'j'] } },
    { name: 'nested', expr: { node: g.contract([f(xW, 'a'), f(g.contract([f(A, 'a', 'c'), f(A, 'c', 'd')], ['a', 'd']), 'a', 'e')], ['e']), indices: ['e'] } },
  ];
}

/** A matrix-product-state-like chain of `length` order-3 tensors: long enough to stress the layout. */
export function chainCase(length: number, g: Graph = createGraph()): Case {
  const factors: Factor[] = [];
  for (let k = 0; k < length; k++) factors.push(f(g.input(`M${k}`, [2, 3, 2]), `b${k}`, `p${k}`, `b${k + 1}`));
  const out = Array.from({ length }, (_, k) => `p${k}`);
  return { name: `chain-${length}`, expr: { node: g.contract(factors, out), indices: out } };
}

/** ∂/∂W[k,l] of x[i] W[i,j] y[j], written out as the calculus stage records it. */
export function bilinearDerivation(g: Graph = createGraph()): { readonly steps: DerivationStep[]; readonly of: Expression; readonly result: Expression } {
  const x = g.input('x', ['m']);
  const W = g.input('W', ['m', 'n']);
  const y = g.input('y', ['n']);
  const of: Expression = { node: g.contract([f(x, 'i'), f(W, 'i', 'j'), f(y, 'j')], []), indices: [] };
  const product: Expression = {
    node: g.contract([f(x, 'i'), f(g.delta('m'), 'i', 'k'), f(g.delta('n'), 'j', 'l'), f(y, 'j')], ['k', 'l']), indices: ['k', 'l'],
  };
  const result: Expression = { node: g.contract([f(x, 'k'), f(y, 'l')], ['k', 'l']), indices: ['k', 'l'] };
  return {
    of,
    result,
    steps: [
      { rule: 'product', description: 'product rule over x[i] W[i,j] y[j]', before: of, after: product },
      { rule: 'delta', description: 'contract δ[i,k] and δ[j,l]', before: product, after: result },
    ],
  };
}
