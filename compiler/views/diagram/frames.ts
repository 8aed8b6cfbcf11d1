import type { DerivationStep, Expression, RuleName } from '../../3-calculus/derivation.js';
import { fail } from './diagram-errors.js';
import type { DiagramModel } from './diagram-model.js';
import { layoutDiagram } from './layout.js';
import { point, shiftMarks, textWidth, type Mark, type Scene } from './scene.js';
import { sceneToSvg } from './svg.js';
import { toDiagramModel } from './to-diagram-model.js';

export interface DiagramFrame {
  /** 'start' for the expression the derivation begins with, 'result' for the final form, else the step's rule. */
  readonly rule: RuleName | 'start' | 'result';
  readonly caption: string;
  readonly model: DiagramModel;
  readonly svg: string;
}

export interface DiagramFrames {
  readonly frames: readonly DiagramFrame[];
  /** Every frame in order, one under the other, each under its caption. */
  readonly combined: string;
}

const CAPTION_HEIGHT = 22;
const FRAME_GAP = 12;

/**
 * Drawn parts (vertices, hubs, legs, edges, nested ones included) all frames together may have;
 * past it a frame is summarised by its size instead of laid out. Layout and SVG grow with the
 * parts, and a third derivative's steps once made 70 MB of SVG in 22 s; this keeps a derivation's
 * frames to about 2 MB and a few seconds. One frame alone may use at most a quarter of it.
 */
export const maxDiagramParts = 12_000;

/**
 * A derivation as frames: the starting expression, the expression after each step captioned by
 * its rule, and (if given) the final result with its indices named as the user sees them.
 */
export function toDiagramFrames(steps: readonly DerivationStep[], result?: Expression, start?: Expression): DiagramFrames {
  const first = steps[0];
  if (first === undefined) return fail('diagram_no_steps', undefined);
  const stages = [
    // the differentiated definition when known; the first step's input is often an inner factor
    { rule: 'start' as const, caption: 'start', expr: start ?? first.before },
    ...steps.map((s, k) => ({ rule: s.rule, caption: `${k + 1}. ${s.rule}: ${s.description}`, expr: s.after })),
    ...(result ? [{ rule: 'result' as const, caption: 'result', expr: result }] : []),
  ];
  let left = maxDiagramParts;
  const laidOut = stages.map((s) => {
    const model = toDiagramModel(s.expr);
    const parts = countParts(model, Math.min(left, maxDiagramParts / 4) + 1);
    if (parts > Math.min(left, maxDiagramParts / 4)) return { rule: s.rule, caption: s.caption, model, scene: summary(parts) };
    left -= parts;
    return { rule: s.rule, caption: s.caption, model, scene: layoutDiagram(model) };
  });
  return {
    frames: laidOut.map(({ rule, caption, model, scene }) => ({ rule, caption, model, svg: sceneToSvg(captioned(scene, caption), caption) })),
    combined: sceneToSvg(stack(laidOut.map((f) => captioned(f.scene, f.caption))), 'derivation'),
  };
}

/** Vertices, hubs, legs and edges of `model` and the diagrams inside it, counted up to `stop` (then stop + anything). */
function countParts(model: DiagramModel, stop: number): number {
  let parts = 0;
  const pending: DiagramModel[] = [model];
  for (let m = pending.pop(); m !== undefined && parts < stop; m = pending.pop()) {
    parts += m.vertices.length + m.hubs.length + m.legs.length + m.edges.length;
    for (const v of m.vertices) {
      if (v.kind === 'function') pending.push(v.argument);
      else if (v.kind === 'sum') for (const t of v.terms) pending.push(t.diagram);
    }
  }
  return parts;
}

/** A frame too large to draw within the budget: its size in words, where the diagram would be. */
function summary(parts: number): Scene {
  const text = `not drawn: more than ${Math.min(parts - 1, maxDiagramParts)} vertices and edges (toString() prints this step)`;
  return { width: textWidth(text, 13) + 16, height: 28, marks: [{ kind: 'text', role: 'caption', at: point(8, 18), text, anchor: 'start' }] };
}

/** The scene with its caption above it. */
function captioned(scene: Scene, caption: string): Scene {
  const width = Math.max(scene.width, textWidth(caption, 13) + 16);
  return {
    width,
    height: scene.height + CAPTION_HEIGHT,
    marks: [{ kind: 'text', role: 'caption', at: point(8, 16), text: caption, anchor: 'start' }, ...shiftMarks(scene.marks, 0, CAPTION_HEIGHT)],
  };
}

/** Scenes one under another, each inside a light frame. */
function stack(scenes: readonly Scene[]): Scene {
  const width = Math.max(...scenes.map((s) => s.width)) + 2 * FRAME_GAP;
  const marks: Mark[] = [];
  let y = FRAME_GAP;
  for (const s of scenes) {
    marks.push({ kind: 'rect', role: 'frame', at: point(FRAME_GAP / 2, y - FRAME_GAP / 2), width: width - FRAME_GAP, height: s.height + FRAME_GAP, radius: 4 });
    marks.push(...shiftMarks(s.marks, FRAME_GAP, y));
    y += s.height + 2 * FRAME_GAP;
  }
  return { width, height: y, marks };
}
