import type { Expression } from '../../3-calculus/derivation.js';
import { fail } from './diagram-errors.js';
import type { DiagramModel } from './diagram-model.js';
import { toDot } from './dot.js';
import { toDiagramJson } from './json.js';
import { toSvg } from './svg.js';
import { toTikz } from './tikz.js';
import { toDiagramModel } from './to-diagram-model.js';

/**
 * The formats a diagram can be written in.
 * @example
 * import { grad, toDiagram, type DiagramFormat } from 'ricci';
 * const formats: DiagramFormat[] = ['svg', 'dot', 'tikz', 'json'];
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * formats.map((format) => toDiagram(d, { format }).length > 0); // → [true, true, true, true]
 */
export type DiagramFormat = 'svg' | 'dot' | 'tikz' | 'json';

const serialisers = {
  svg: (model, title) => toSvg(model, title),
  dot: (model, title) => toDot(model, title),
  tikz: (model) => toTikz(model),
  json: (model) => toDiagramJson(model),
} as const satisfies Record<DiagramFormat, (model: DiagramModel, title: string) => string>;

/** An expression drawn in one format; what the public toDiagram(derivative, { format }) returns for its result. */
export function toDiagram(expr: Expression, options: { readonly format?: string; readonly title?: string } = {}): string {
  return renderDiagram(toDiagramModel(expr), options);
}

/** A diagram model serialised in `options.format` (default svg); an unknown format is `diagram_unknown_format`. */
export function renderDiagram(model: DiagramModel, options: { readonly format?: string; readonly title?: string } = {}): string {
  const format = options.format ?? 'svg';
  if (!isFormat(format)) return fail('diagram_unknown_format', undefined, format, Object.keys(serialisers).join(', '));
  return serialisers[format](model, options.title ?? 'tensor network');
}

function isFormat(format: string): format is DiagramFormat {
  return Object.hasOwn(serialisers, format);
}
