import { assertNever } from '../../diagnostics/assert-never.js';

/**
 * A laid-out picture: primitive marks in one coordinate system (y grows downwards, units = px).
 * The SVG and TikZ serialisers both draw a Scene, so they show the same layout.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** What a mark depicts; serialisers turn it into a CSS class or a TikZ style. */
export type Role =
  | 'tensor' | 'constant' | 'delta' | 'function' | 'sum' | 'hub' | 'leg' | 'edge'
  | 'index-label' | 'name' | 'axes' | 'coefficient' | 'frame' | 'caption';

export type Mark =
  | { readonly kind: 'circle'; readonly role: Role; readonly center: Point; readonly r: number }
  | { readonly kind: 'rect'; readonly role: Role; readonly at: Point; readonly width: number; readonly height: number; readonly radius: number }
  | { readonly kind: 'polygon'; readonly role: Role; readonly points: readonly Point[] }
  /** A line, or a Bézier curve through one (quadratic) or two (cubic) control points. */
  | { readonly kind: 'path'; readonly role: Role; readonly from: Point; readonly controls: readonly Point[]; readonly to: Point }
  | { readonly kind: 'text'; readonly role: Role; readonly at: Point; readonly text: string; readonly anchor: 'start' | 'middle' | 'end' }
  /** Marks that belong together (a vertex with its sub-diagram); `title` becomes a tooltip. */
  | { readonly kind: 'group'; readonly role: Role; readonly title: string; readonly marks: readonly Mark[] };

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly marks: readonly Mark[];
}

export function point(x: number, y: number): Point {
  return { x, y };
}

export function shiftPoint(p: Point, dx: number, dy: number): Point {
  return { x: p.x + dx, y: p.y + dy };
}

/** The same marks moved by (dx, dy). */
export function shiftMarks(marks: readonly Mark[], dx: number, dy: number): Mark[] {
  return marks.map((m): Mark => {
    switch (m.kind) {
      case 'circle': return { ...m, center: shiftPoint(m.center, dx, dy) };
      case 'rect': return { ...m, at: shiftPoint(m.at, dx, dy) };
      case 'polygon': return { ...m, points: m.points.map((p) => shiftPoint(p, dx, dy)) };
      case 'path': return { ...m, from: shiftPoint(m.from, dx, dy), controls: m.controls.map((p) => shiftPoint(p, dx, dy)), to: shiftPoint(m.to, dx, dy) };
      case 'text': return { ...m, at: shiftPoint(m.at, dx, dy) };
      case 'group': return { ...m, marks: shiftMarks(m.marks, dx, dy) };
      default: return assertNever(m);
    }
  });
}

/** Approximate advance width of a label, enough to reserve room without measuring fonts. */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.6;
}

/** Keeps coordinates short and byte-stable in every serialiser. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
