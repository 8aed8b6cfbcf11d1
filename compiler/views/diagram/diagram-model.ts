import { type IndexName } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import { textNumber } from '../latex/latex-symbols.js';

/**
 * The diagram model (Penrose graphical notation): one level of a tensor network. Every serialiser
 * (SVG, DOT, TikZ, JSON) reads this one model, so they agree on what is drawn.
 *   x[i] W[i,j] → vertices x, W; edge i between them; open leg j
 * A composite vertex (sum box, elementwise or matrix function) holds its own sub-diagrams.
 */
export interface DiagramModel {
  readonly vertices: readonly Vertex[];
  /** One dot per index that does not join exactly two endpoints (hyperedge, or summed alone). */
  readonly hubs: readonly Hub[];
  /** Open legs: the free indices, in output order. */
  readonly legs: readonly Leg[];
  readonly edges: readonly Edge[];
}

/** How a vertex is drawn, by its order: scalar dot, vector circle, matrix square, higher polygon. */
export type VertexShape = 'dot' | 'circle' | 'square' | 'polygon' | 'box';

interface VertexBase {
  readonly id: string;
  /** The names bound to the vertex's axes, in axis order (one port per axis). */
  readonly indices: readonly IndexName[];
  readonly shape: VertexShape;
}

export type Vertex =
  | VertexBase & { readonly kind: 'tensor'; readonly name: string; readonly symmetric: boolean }
  | VertexBase & { readonly kind: 'constant'; readonly value: number }
  | VertexBase & { readonly kind: 'delta' }
  | VertexBase & { readonly kind: 'function'; readonly fn: string; readonly argument: DiagramModel }
  | VertexBase & { readonly kind: 'sum'; readonly terms: readonly SumTerm[] };

export interface SumTerm {
  readonly coefficient: number;
  readonly diagram: DiagramModel;
}

export interface Hub {
  readonly id: string;
  readonly index: IndexName;
}

export interface Leg {
  readonly id: string;
  readonly index: IndexName;
}

/** Where an edge ends: a vertex's axis, a hub, or an open leg's end point. */
export type Endpoint =
  | { readonly kind: 'port'; readonly vertex: string; readonly axis: number }
  | { readonly kind: 'hub'; readonly hub: string }
  | { readonly kind: 'leg'; readonly leg: string };

export interface Edge {
  readonly id: string;
  readonly index: IndexName;
  readonly from: Endpoint;
  readonly to: Endpoint;
}

export function shapeForOrder(order: number): VertexShape {
  return order === 0 ? 'dot' : order === 1 ? 'circle' : order === 2 ? 'square' : 'polygon';
}

/** The text naming a vertex: the tensor's name, the function, δ, the constant, Σ. */
export function vertexLabel(v: Vertex): string {
  switch (v.kind) {
    case 'tensor': return v.name;
    case 'constant': return textNumber(v.value);
    case 'delta': return 'δ';
    case 'function': return v.fn;
    case 'sum': return 'Σ';
    default: return assertNever(v);
  }
}

/** The coefficient in front of a sum's term: "", "−", "+", "−", "2·", "+ 2·", "− 0.5·". */
export function coefficientText(coefficient: number, first: boolean): string {
  const sign = coefficient < 0 ? '−' : first ? '' : '+';
  const magnitude = Math.abs(coefficient);
  const factor = magnitude === 1 ? '' : `${textNumber(magnitude)}·`;
  return [sign, factor].filter((s) => s !== '').join(' ');
}
