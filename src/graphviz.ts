import { diagramError as ricciError } from '../compiler/views/diagram/diagram-errors.js';
import { checkString } from './arguments.js';

/**
 * `ricci/graphviz`: Graphviz's own layout of a diagram's DOT, for users who prefer it to ricci's
 * SVG. A subpath of its own so that bundling `ricci` never reaches `@viz-js/viz` (WebAssembly
 * Graphviz, an optional peer dependency loaded on first use).
 * @example
 * import { grad, toDiagram } from 'ricci';
 * import { renderDot } from 'ricci/graphviz';
 * const svg = await renderDot(toDiagram(grad('L = x[i] W[i,j] y[j]', 'L', 'W'), { format: 'dot' }));
 * svg.includes('<svg'); // → true
 */
export async function renderDot(dot: string): Promise<string> {
  checkString('renderDot', 'dot', dot);
  try {
    const viz = await import('@viz-js/viz');
    const instance = await viz.instance();
    return instance.renderString(dot, { format: 'svg', engine: 'dot' });
  } catch (e) {
    const error = ricciError('diagram_graphviz_failed', undefined, String(e instanceof Error ? e.message : e).split('\n')[0]!.slice(0, 200));
    Object.defineProperty(error, 'cause', { value: e, enumerable: false });
    throw error;
  }
}
