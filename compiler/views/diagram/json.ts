import type { DiagramModel } from './diagram-model.js';
import { safeJson } from './escape.js';
import { layoutDiagram } from './layout.js';

/**
 * The diagram model as JSON, versioned, safe to embed in HTML or JavaScript, with the laid-out
 * marks (`layout`) for clients that draw it themselves.
 */
export function toDiagramJson(model: DiagramModel): string {
  return `${safeJson({ format: 'ricci-diagram', version: 1, diagram: model, layout: layoutDiagram(model) })}\n`;
}
