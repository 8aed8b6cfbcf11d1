import { assertNever } from '../../diagnostics/assert-never.js';
import { arrangeVertices } from './arrange.js';
import type { DiagramModel, Edge, Endpoint } from './diagram-model.js';
import { point, shiftMarks, textWidth, type Mark, type Point, type Scene } from './scene.js';
import { drawVertex, FONT_SIZE, type VertexDrawing } from './vertex-marks.js';

const VERTEX_GAP = 64;
const LEG_SPACING = 26;
const HUB_SPACING = 28;
const HUB_DROP = 36;
const LEG_DROP = 44;
const MARGIN = 14;

/**
 * The deterministic layout: vertices in one row (ordered by arrangeVertices), an index shared by
 * neighbours as a straight wire, by distant vertices as an arc above the row, hubs in a band below
 * the row, open legs on a baseline below that. Each index is labelled once: on its wire, at its
 * hub, or at its leg's end. The scene is translated so every mark lies inside width × height.
 */
export function layoutDiagram(model: DiagramModel): Scene {
  const drawings = model.vertices.map((v) => drawVertex(v, layoutDiagram));
  const order = arrangeVertices(model);
  const centers = placeRow(model, order, drawings);
  const rowTop = Math.min(0, ...drawings.map((d) => -d.height / 2));
  const rowBottom = Math.max(0, ...drawings.map((d) => d.height / 2));
  const hubY = rowBottom + HUB_DROP;
  const legY = (model.hubs.length > 0 ? hubY : rowBottom) + LEG_DROP;
  const vertexAt = new Map(model.vertices.map((v, k) => [v.id, centers[k]!]));
  const hubAt = placeHubs(model, vertexAt, hubY, rowTop - HUB_DROP);
  const legAt = placeLegs(model, vertexAt, hubAt, legY);
  const locate = (e: Endpoint): Point => {
    switch (e.kind) {
      case 'port': return vertexAt.get(e.vertex)!;
      case 'hub': return hubAt.get(e.hub)!;
      case 'leg': return legAt.get(e.leg)!;
      default: return assertNever(e);
    }
  };
  const row: RowGeometry = {
    position: new Map(order.map((v, k) => [model.vertices[v]!.id, k])),
    top: new Map(model.vertices.map((v, k) => [v.id, centers[k]!.y - drawings[k]!.height / 2])),
    halfWidth: new Map(model.vertices.map((v, k) => [v.id, drawings[k]!.width / 2])),
    rowTop,
  };
  const wires = drawEdges(model.edges, locate, row);
  return fit([
    ...wires.flatMap((w) => w.marks),
    ...model.vertices.flatMap((_, k) => drawings[k]!.marksAt(centers[k]!)),
    ...hubAndLegMarks(model, hubAt, legAt),
    ...wires.flatMap((w) => w.labels),
  ]);
}

/** Hub dots (labelled unless their index is free) and leg ends labelled with their index. */
function hubAndLegMarks(model: DiagramModel, hubAt: ReadonlyMap<string, Point>, legAt: ReadonlyMap<string, Point>): Mark[] {
  const free = new Set(model.legs.map((l) => l.index));
  return [
    ...model.hubs.flatMap((h): Mark[] => {
      const at = hubAt.get(h.id)!;
      const dot: Mark = { kind: 'circle', role: 'hub', center: at, r: 4 };
      return free.has(h.index) ? [dot] : [dot, { kind: 'text', role: 'index-label', at: point(at.x + 7, at.y + 4), text: h.index, anchor: 'start' }];
    }),
    ...model.legs.flatMap((l): Mark[] => {
      const at = legAt.get(l.id)!;
      return [{ kind: 'circle', role: 'leg', center: at, r: 3 },
        { kind: 'text', role: 'index-label', at: point(at.x, at.y + FONT_SIZE + 4), text: l.index, anchor: 'middle' }];
    }),
  ];
}

/** How many open legs hang straight from the vertex (a wire between one of its ports and a leg). */
function legsHangingFrom(model: DiagramModel, vertex: string): number {
  const isPort = (p: Endpoint): boolean => p.kind === 'port' && p.vertex === vertex;
  return model.edges.filter((e) => (isPort(e.from) && e.to.kind === 'leg') || (isPort(e.to) && e.from.kind === 'leg')).length;
}

/** x positions left to right; the gap grows with the open legs the two neighbours carry. */
function placeRow(model: DiagramModel, order: readonly number[], drawings: readonly VertexDrawing[]): Point[] {
  const legCount = model.vertices.map((v) => legsHangingFrom(model, v.id));
  const centers = new Array<Point>(model.vertices.length);
  let x = 0;
  order.forEach((v, k) => {
    const half = Math.max(drawings[v]!.width, legCount[v]! * LEG_SPACING) / 2;
    if (k > 0) x += half + VERTEX_GAP;
    centers[v] = point(x, 0);
    x += half;
  });
  return centers;
}

/**
 * Each hub below the mean x of the vertices it joins, then pushed apart left to right. A hub of
 * an index summed on one tensor alone (one endpoint) sits above that tensor, clear of its legs.
 */
function placeHubs(model: DiagramModel, vertexAt: ReadonlyMap<string, Point>, below: number, above: number): Map<string, Point> {
  const endpoints = model.hubs.map((h) => model.edges.filter((e) => e.to.kind === 'hub' && e.to.hub === h.id));
  const xs = endpoints.map((edges) => {
    const ports = edges.flatMap((e) => (e.from.kind === 'port' ? [vertexAt.get(e.from.vertex)!.x] : []));
    return ports.length === 0 ? 0 : ports.reduce((s, x) => s + x, 0) / ports.length;
  });
  const lonely = endpoints.map((edges) => edges.length === 1);
  const columns = legColumns(model, vertexAt);
  const placed = new Map<number, Point>();
  for (const band of [true, false]) {
    const members = model.hubs.flatMap((_, k) => (lonely[k] === band ? [k] : []));
    const wanted = members.map((k) => (band ? xs[k]! : clearOf(xs[k]!, columns)));
    spreadApart(wanted, HUB_SPACING).forEach((x, j) => placed.set(members[j]!, point(x, band ? above : below)));
  }
  return new Map(model.hubs.map((h, k) => [h.id, placed.get(k)!]));
}

/** The x-ranges taken by the open legs hanging straight from a vertex. */
function legColumns(model: DiagramModel, vertexAt: ReadonlyMap<string, Point>): { readonly left: number; readonly right: number }[] {
  return model.vertices.flatMap((v) => {
    const legs = legsHangingFrom(model, v.id);
    const x = vertexAt.get(v.id)!.x;
    const half = ((legs - 1) / 2) * LEG_SPACING + 10;
    return legs === 0 ? [] : [{ left: x - half, right: x + half }];
  });
}

/** x moved just right of any leg column it falls in, so a hub never sits on a leg's line. */
function clearOf(x: number, columns: readonly { readonly left: number; readonly right: number }[]): number {
  const hit = columns.find((c) => x > c.left && x < c.right);
  return hit === undefined ? x : hit.right + 4;
}

/** Each leg below what it hangs from (a vertex or a hub), siblings side by side, then spread. */
function placeLegs(model: DiagramModel, vertexAt: ReadonlyMap<string, Point>, hubAt: ReadonlyMap<string, Point>, y: number): Map<string, Point> {
  const anchorOf = (legId: string): Point => {
    const edge = model.edges.find((e) => e.to.kind === 'leg' && e.to.leg === legId)
      ?? model.edges.find((e) => e.from.kind === 'leg' && e.from.leg === legId)!;
    const other = edge.from.kind === 'leg' && edge.from.leg === legId ? edge.to : edge.from;
    return other.kind === 'port' ? vertexAt.get(other.vertex)! : other.kind === 'hub' ? hubAt.get(other.hub)! : point(0, 0);
  };
  const anchors = model.legs.map((l) => anchorOf(l.id));
  const xs = anchors.map((a, k) => {
    const siblings = anchors.filter((b) => b === a).length;
    const rank = anchors.slice(0, k).filter((b) => b === a).length;
    return a.x + (rank - (siblings - 1) / 2) * LEG_SPACING;
  });
  return new Map(spreadApart(xs, LEG_SPACING).map((x, k) => [model.legs[k]!.id, point(x, y)]));
}

/** Keeps the order of the xs (ties by position in the list) and enforces a minimum spacing. */
function spreadApart(xs: readonly number[], spacing: number): number[] {
  const order = xs.map((x, k) => ({ x, k })).sort((a, b) => a.x - b.x || a.k - b.k);
  const out = [...xs];
  let last = -Infinity;
  for (const { x, k } of order) {
    const placed = Math.max(x, last + spacing);
    out[k] = placed;
    last = placed;
  }
  return out;
}

interface Wire {
  readonly marks: readonly Mark[];
  readonly labels: readonly Mark[];
}

/** Where each vertex sits in the row, by vertex id. */
interface RowGeometry {
  readonly position: ReadonlyMap<string, number>;
  readonly top: ReadonlyMap<string, number>;
  readonly halfWidth: ReadonlyMap<string, number>;
  readonly rowTop: number;
}

function drawEdges(edges: readonly Edge[], locate: (e: Endpoint) => Point, row: RowGeometry): Wire[] {
  const parallel = new Map<string, number>();
  return edges.map((edge): Wire => {
    const from = locate(edge.from);
    const to = locate(edge.to);
    if (edge.from.kind !== 'port' || edge.to.kind !== 'port') return { marks: [{ kind: 'path', role: 'edge', from, controls: [], to }], labels: [] };
    const label = (at: Point): Mark => ({ kind: 'text', role: 'index-label', at, text: edge.index, anchor: 'middle' });
    const [u, v] = [edge.from.vertex, edge.to.vertex].sort();
    const pair = `${u} ${v}`;
    const rank = parallel.get(pair) ?? 0;
    parallel.set(pair, rank + 1);
    if (u === v) {
      const top = row.top.get(u!)!;
      const lift = 34 + 16 * rank;
      return { marks: [{ kind: 'path', role: 'edge', from: point(from.x - 8, top), controls: [point(from.x - 28, top - lift), point(from.x + 28, top - lift)], to: point(from.x + 8, top) }],
        labels: [label(point(from.x, top - lift * 0.75 - 4))] };
    }
    const distance = Math.abs(row.position.get(u!)! - row.position.get(v!)!);
    if (distance === 1 && rank === 0) {
      // Label the visible part of the wire, between the two shapes' sides.
      const [left, right] = from.x < to.x ? [edge.from.vertex, edge.to.vertex] : [edge.to.vertex, edge.from.vertex];
      const x = (Math.min(from.x, to.x) + row.halfWidth.get(left)! + Math.max(from.x, to.x) - row.halfWidth.get(right)!) / 2;
      return { marks: [{ kind: 'path', role: 'edge', from, controls: [], to }], labels: [label(point(x, (from.y + to.y) / 2 - 5))] };
    }
    // Quadratic arc whose apex, (y0 + 2c + y2) / 4, clears the row's top.
    const apex = row.rowTop - 14 - 0.12 * Math.abs(to.x - from.x) - 18 * rank;
    const control = point((from.x + to.x) / 2, 2 * apex - (from.y + to.y) / 2);
    return { marks: [{ kind: 'path', role: 'edge', from, controls: [control], to }], labels: [label(point(control.x, apex - 4))] };
  });
}

/** Translates the marks so the bounding box (text included, roughly) starts at the margin. */
function fit(marks: readonly Mark[]): Scene {
  const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  const extend = (p: Point, dx = 0, dy = 0): void => {
    box.left = Math.min(box.left, p.x - dx);
    box.right = Math.max(box.right, p.x + dx);
    box.top = Math.min(box.top, p.y - dy);
    box.bottom = Math.max(box.bottom, p.y + dy);
  };
  const visit = (m: Mark): void => {
    switch (m.kind) {
      case 'circle': return extend(m.center, m.r, m.r);
      case 'rect': extend(m.at); return extend(point(m.at.x + m.width, m.at.y + m.height));
      case 'polygon': return m.points.forEach((p) => extend(p));
      case 'path': extend(m.from); extend(m.to); return extend(curveMidpoint(m.from, m.controls, m.to));
      case 'text': {
        const w = textWidth(m.text, FONT_SIZE);
        const x = m.anchor === 'start' ? m.at.x + w / 2 : m.anchor === 'end' ? m.at.x - w / 2 : m.at.x;
        return extend(point(x, m.at.y - FONT_SIZE / 3), w / 2, FONT_SIZE / 2 + 2);
      }
      case 'group': return m.marks.forEach(visit);
      default: return assertNever(m);
    }
  };
  marks.forEach(visit);
  if (!Number.isFinite(box.left)) return { width: 2 * MARGIN, height: 2 * MARGIN, marks: [] };
  return {
    width: box.right - box.left + 2 * MARGIN,
    height: box.bottom - box.top + 2 * MARGIN,
    marks: shiftMarks(marks, MARGIN - box.left, MARGIN - box.top),
  };
}

/** B(½) of a line, quadratic or cubic Bézier: the curve's apex for our symmetric arcs. */
function curveMidpoint(from: Point, controls: readonly Point[], to: Point): Point {
  const weights = controls.length === 0 ? [1, 1] : controls.length === 1 ? [1, 2, 1] : [1, 3, 3, 1];
  const points = [from, ...controls, to];
  const total = weights.reduce((s, w) => s + w, 0);
  return point(points.reduce((s, p, k) => s + weights[k]! * p.x, 0) / total, points.reduce((s, p, k) => s + weights[k]! * p.y, 0) / total);
}
