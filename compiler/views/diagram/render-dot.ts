/**
 * Graphviz's own layout of our DOT, for users who prefer it: loads @viz-js/viz (a development
 * dependency, WebAssembly Graphviz) on first use, so the compiler core stays dependency-free.
 */
export async function renderDot(dot: string): Promise<string> {
  const viz = await import('@viz-js/viz');
  const instance = await viz.instance();
  return instance.renderString(dot, { format: 'svg', engine: 'dot' });
}
