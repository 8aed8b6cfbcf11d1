import type { IndexName } from '../../2-network/network.js';
import type { Expression } from '../../3-calculus/derivation.js';
import { fail } from './diagram-errors.js';
import type { DiagramModel, Edge, Endpoint, Leg, Vertex } from './diagram-model.js';
import { toDiagramModel } from './to-diagram-model.js';

/**
 * The derivative in Penrose notation: the variable's vertex removed and its legs left open,
 * named by the derivative's new indices. With several occurrences the product rule gives a sum
 * box with one term per occurrence.
 *   ∂/∂W[k,l] of x[i] W[i,j] y[j]  →  x and y with open legs k (from x) and l (from y)
 */
export function toDerivativeModel(expr: Expression, wrt: string, wrtIndices: readonly IndexName[]): DiagramModel {
  const model = toDiagramModel(expr);
  const occurrences = model.vertices.filter((v) => v.kind === 'tensor' && v.name === wrt);
  if (occurrences.length === 0)
    return fail('diagram_variable_absent', undefined, wrt, model.vertices.map((v) => (v.kind === 'tensor' ? v.name : v.kind)).join(', '));
  const terms = occurrences.map((v) => openVertex(model, v, wrtIndices));
  if (terms.length === 1) return terms[0]!;
  const indices = [...expr.indices, ...wrtIndices];
  const sum: Vertex = { id: 'v0', kind: 'sum', shape: 'box', indices, terms: terms.map((diagram) => ({ coefficient: 1, diagram })) };
  const legs: Leg[] = indices.map((index, k) => ({ id: `l${k}`, index }));
  const edges: Edge[] = legs.map((l, axis) => ({ id: `e${axis}`, index: l.index, from: { kind: 'port', vertex: 'v0', axis }, to: { kind: 'leg', leg: l.id } }));
  return { vertices: [sum], hubs: [], legs, edges };
}

/** Removes one vertex; each of its ports becomes an open leg. */
function openVertex(model: DiagramModel, removed: Vertex, wrtIndices: readonly IndexName[]): DiagramModel {
  const opened: Leg[] = removed.indices.map((_, axis) => ({ id: `${removed.id}.open${axis}`, index: wrtIndices[axis] ?? removed.indices[axis]! }));
  const reroute = (e: Endpoint): Endpoint =>
    e.kind === 'port' && e.vertex === removed.id ? { kind: 'leg', leg: opened[e.axis]!.id } : e;
  const edges = model.edges.map((e): Edge => {
    const from = reroute(e.from);
    const to = reroute(e.to);
    // A wire now ending in an opened leg carries the leg's (new) name; a hub keeps its own.
    const leg = opened.find((l) => [from, to].some((p) => p.kind === 'leg' && p.leg === l.id));
    const direct = from.kind !== 'hub' && to.kind !== 'hub';
    return { ...e, index: leg && direct ? leg.index : e.index, from, to };
  });
  return { vertices: model.vertices.filter((v) => v !== removed), hubs: model.hubs, legs: [...model.legs, ...opened], edges };
}
