import { assertNever } from '../../diagnostics/assert-never.js';
import { coefficientText, vertexLabel, type DiagramModel, type Vertex } from './diagram-model.js';
import { point, shiftMarks, textWidth, type Mark, type Point, type Role, type Scene } from './scene.js';

export const FONT_SIZE = 12;
const AXES_FONT_SIZE = 9;
const DOT_RADIUS = 5;
const BOX_PADDING = 12;
const TITLE_HEIGHT = 18;
const TERM_GAP = 10;

/** A vertex's footprint and how to draw it centred at a point. */
export interface VertexDrawing {
  readonly width: number;
  readonly height: number;
  marksAt(center: Point): Mark[];
}

type LayoutSub = (model: DiagramModel) => Scene;

/** Shape by order: dot (scalar, δ, constant), circle (vector), square (matrix), polygon (order ≥ 3), box (composite). */
export function drawVertex(v: Vertex, layoutSub: LayoutSub): VertexDrawing {
  const label = vertexLabel(v);
  const title = v.indices.length === 0 ? label : `${label}[${v.indices.join(',')}]`;
  const role: Role = v.kind;
  const group = (marks: Mark[]): Mark[] => [{ kind: 'group', role, title, marks }];
  // A matrix or higher tensor also shows its axes in order, so A[j,i] (a transpose) differs from A[i,j].
  const axes = v.indices.length >= 2 ? v.indices.join(',') : '';
  const labelWidth = Math.max(textWidth(label, FONT_SIZE), textWidth(axes, AXES_FONT_SIZE));
  switch (v.shape) {
    case 'dot':
      return { width: Math.max(2 * DOT_RADIUS, labelWidth), height: 2 * DOT_RADIUS + 2 * FONT_SIZE, marksAt: (c) => group([
        { kind: 'circle', role, center: c, r: DOT_RADIUS },
        { kind: 'text', role: 'name', at: point(c.x, c.y - DOT_RADIUS - 4), text: label, anchor: 'middle' },
      ]) };
    case 'circle': {
      const r = Math.max(16, labelWidth / 2 + 6);
      return { width: 2 * r, height: 2 * r, marksAt: (c) => group([
        { kind: 'circle', role, center: c, r }, ...centredName(c, label, axes),
      ]) };
    }
    case 'square': {
      const side = Math.max(36, labelWidth + 12);
      return { width: side, height: side, marksAt: (c) => group([
        { kind: 'rect', role, at: point(c.x - side / 2, c.y - side / 2), width: side, height: side, radius: 0 }, ...centredName(c, label, axes),
      ]) };
    }
    case 'polygon': {
      const r = Math.max(34, labelWidth / 2 + 16);
      const sides = Math.min(v.indices.length, 8);
      return { width: 2 * r, height: 2 * r, marksAt: (c) => group([
        { kind: 'polygon', role, points: regularPolygon(c, r, sides) }, ...centredName(c, label, axes),
      ]) };
    }
    case 'box':
      return drawBox(v, layoutSub, group);
    default:
      return assertNever(v.shape);
  }
}

/** The name centred in the shape; with axes, the name a little higher and the axes under it. */
function centredName(c: Point, label: string, axes: string): Mark[] {
  if (axes === '') return [{ kind: 'text', role: 'name', at: point(c.x, c.y + FONT_SIZE / 3), text: label, anchor: 'middle' }];
  return [
    { kind: 'text', role: 'name', at: point(c.x, c.y + 1), text: label, anchor: 'middle' },
    { kind: 'text', role: 'axes', at: point(c.x, c.y + 1 + AXES_FONT_SIZE + 2), text: axes, anchor: 'middle' },
  ];
}

/** Vertices at angles 2πk/n, the first pointing up. */
function regularPolygon(c: Point, r: number, sides: number): Point[] {
  return Array.from({ length: sides }, (_, k) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * k) / sides;
    return point(c.x + r * Math.cos(angle), c.y + r * Math.sin(angle));
  });
}

/** A function's argument, or a sum's terms side by side with their coefficients, inside a titled box. */
function drawBox(v: Vertex, layoutSub: LayoutSub, group: (marks: Mark[]) => Mark[]): VertexDrawing {
  const inner = boxContent(v, layoutSub);
  const title = v.kind === 'sum' ? 'sum' : vertexLabel(v);
  const width = Math.max(inner.width, textWidth(title, FONT_SIZE)) + 2 * BOX_PADDING;
  const height = inner.height + TITLE_HEIGHT + BOX_PADDING;
  return { width, height, marksAt: (c) => {
    const left = c.x - width / 2;
    const top = c.y - height / 2;
    return group([
      { kind: 'rect', role: v.kind === 'sum' ? 'sum' : 'function', at: point(left, top), width, height, radius: 8 },
      { kind: 'text', role: 'name', at: point(left + 6, top + FONT_SIZE + 2), text: title, anchor: 'start' },
      ...shiftMarks(inner.marks, left + BOX_PADDING, top + TITLE_HEIGHT),
    ]);
  } };
}

function boxContent(v: Vertex, layoutSub: LayoutSub): Scene {
  switch (v.kind) {
    case 'function':
      return layoutSub(v.argument);
    case 'sum':
      return sideBySide(v.terms.map((t, k) => ({ prefix: coefficientText(t.coefficient, k === 0), scene: layoutSub(t.diagram) })));
    case 'tensor':
    case 'constant':
    case 'delta':
      return { width: 0, height: 0, marks: [] };
    default:
      return assertNever(v);
  }
}

/** Scenes in a row, vertically centred, each preceded by its coefficient text. */
function sideBySide(parts: readonly { readonly prefix: string; readonly scene: Scene }[]): Scene {
  const height = Math.max(0, ...parts.map((p) => p.scene.height));
  const marks: Mark[] = [];
  let x = 0;
  for (const { prefix, scene } of parts) {
    if (prefix !== '') {
      marks.push({ kind: 'text', role: 'coefficient', at: point(x, height / 2 + FONT_SIZE / 3), text: prefix, anchor: 'start' });
      x += textWidth(prefix, FONT_SIZE) + 4;
    }
    marks.push(...shiftMarks(scene.marks, x, (height - scene.height) / 2));
    x += scene.width + TERM_GAP;
  }
  return { width: Math.max(0, x - TERM_GAP), height, marks };
}
