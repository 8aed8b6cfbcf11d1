import { createNameSupply, type NameSupply } from '../../2-network/name-supply.js';
import { elementwiseLabel, topologicalOrder, type ContractNode, type Factor, type IndexName, type Node } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import type { Expression } from '../../3-calculus/derivation.js';
import { shapeForOrder, type DiagramModel, type Edge, type Endpoint, type Hub, type Leg, type Vertex } from './diagram-model.js';

/**
 * Expression → diagram model. Nested products are flattened into one network (their summed
 * indices renamed apart), each factor becomes a vertex, each index an edge, each free index an
 * open leg; an index with other than two endpoints gets a hub dot.
 *   A[i,j] B[j,k] C[j,l] → vertices A, B, C; hub j; legs i, k, l
 */
export function toDiagramModel(expr: Expression): DiagramModel {
  return buildModel(expr, '', createNameSupply(namesIn(expr)));
}

function buildModel(expr: Expression, prefix: string, names: NameSupply): DiagramModel {
  const scope = new Set<IndexName>(expr.indices);
  const factors = flatten({ node: expr.node, indices: expr.indices }, scope, names);
  const vertices = factors.map((f, k) => toVertex(f, `${prefix}v${k}`, names));
  const legs: Leg[] = expr.indices.map((index, k) => ({ id: `${prefix}l${k}`, index }));
  return { vertices, legs, ...wire(vertices, legs, prefix) };
}

/**
 * One vertex per factor; a Contract factor is replaced by its own factors, renamed into place.
 * A summed index keeps its name unless the network already uses it (`scope`).
 */
function flatten(factor: Factor, scope: Set<IndexName>, names: NameSupply): Leaf[] {
  const node = factor.node;
  if (node.kind !== 'contract') return [{ node, indices: factor.indices }];
  const rename = new Map<IndexName, IndexName>(node.out.map((o, k) => [o, factor.indices[k]!]));
  for (const f of node.factors)
    for (const i of f.indices) {
      if (rename.has(i)) continue;
      const name = scope.has(i) ? names.fresh(i) : i;
      scope.add(name);
      rename.set(i, name);
    }
  return node.factors.flatMap((f) => flatten({ node: f.node, indices: f.indices.map((i) => rename.get(i)!) }, scope, names));
}

/** A factor that is not itself a product: what becomes one vertex. */
interface Leaf {
  readonly node: Exclude<Node, ContractNode>;
  readonly indices: readonly IndexName[];
}

function toVertex(factor: Leaf, id: string, names: NameSupply): Vertex {
  const node = factor.node;
  const base = { id, indices: factor.indices };
  switch (node.kind) {
    case 'input':
      return { ...base, kind: 'tensor', name: node.name, symmetric: node.symmetric, shape: shapeForOrder(node.shape.length) };
    case 'const':
      return { ...base, kind: 'constant', value: node.value, shape: 'dot' };
    case 'delta':
      return { ...base, kind: 'delta', shape: 'dot' };
    case 'map':
      return { ...base, kind: 'function', fn: elementwiseLabel(node.fn), shape: 'box',
        argument: buildModel({ node: node.arg, indices: factor.indices }, `${id}.`, names) };
    case 'matfn': {
      // det/logdet are scalars: their argument's axes get fresh names.
      const argIndices = node.fn === 'inv' ? factor.indices : node.arg.shape.map(() => names.fresh('k'));
      return { ...base, kind: 'function', fn: node.fn, shape: 'box',
        argument: buildModel({ node: node.arg, indices: argIndices }, `${id}.`, names) };
    }
    case 'reduce': {
      // the reduced axes get fresh names, the kept ones are the vertex's
      const kept = [...factor.indices];
      const argIndices = node.arg.shape.map((_, k) => (node.axes.includes(k) ? names.fresh('k') : kept.shift()!));
      return { ...base, kind: 'function', fn: node.op, shape: 'box',
        argument: buildModel({ node: node.arg, indices: argIndices }, `${id}.`, names) };
    }
    case 'add': {
      const rename = new Map<IndexName, IndexName>(node.out.map((o, k) => [o, factor.indices[k]!]));
      return { ...base, kind: 'sum', shape: 'box', terms: node.terms.map((t, k) => ({
        coefficient: t.coefficient,
        diagram: buildModel({ node: t.node, indices: t.indices.map((i) => rename.get(i) ?? i) }, `${id}.t${k}.`, names),
      })) };
    }
    default:
      return assertNever(node);
  }
}

/** Two endpoints → one edge; any other number → a hub with one edge per endpoint. */
function wire(vertices: readonly Vertex[], legs: readonly Leg[], prefix: string): { hubs: Hub[]; edges: Edge[] } {
  const endpoints = new Map<IndexName, Endpoint[]>();
  const add = (index: IndexName, e: Endpoint): void => {
    const list = endpoints.get(index) ?? [];
    list.push(e);
    endpoints.set(index, list);
  };
  for (const leg of legs) add(leg.index, { kind: 'leg', leg: leg.id });
  for (const v of vertices) v.indices.forEach((index, axis) => add(index, { kind: 'port', vertex: v.id, axis }));
  const hubs: Hub[] = [];
  const edges: Edge[] = [];
  const edge = (index: IndexName, from: Endpoint, to: Endpoint): void => {
    edges.push({ id: `${prefix}e${edges.length}`, index, from, to });
  };
  for (const [index, ends] of endpoints) {
    if (ends.length === 2) {
      edge(index, ends[1]!, ends[0]!);
      continue;
    }
    const hub: Hub = { id: `${prefix}h${hubs.length}`, index };
    hubs.push(hub);
    for (const e of ends) edge(index, e, { kind: 'hub', hub: hub.id });
  }
  return { hubs, edges };
}

/** Every index name used anywhere below `expr`, so fresh names never collide with them. */
function namesIn(expr: Expression): Set<IndexName> {
  const names = new Set<IndexName>(expr.indices);
  for (const n of topologicalOrder([expr.node])) {
    if (n.kind === 'contract') n.factors.forEach((f) => f.indices.forEach((i) => names.add(i)));
    if (n.kind === 'add') n.terms.forEach((t) => t.indices.forEach((i) => names.add(i)));
  }
  return names;
}
