import { describe, expect, it } from 'vitest';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { toDiagramFrames } from '../../compiler/views/diagram/frames.js';
import { renderDot } from '../../src/graphviz.js';
import { toDiagram } from '../../compiler/views/diagram/to-diagram.js';
import { bilinearDerivation, diagramCases } from './diagram-cases.js';
import { countClass, decodeEntities, textsOfClass, xmlProblems } from './diagram-xml.js';
import { createGraph } from '../../compiler/2-network/graph.js';

describe('derivation frames', () => {
  const { steps } = bilinearDerivation();
  const { frames, combined } = toDiagramFrames(steps);

  it('draws the start and one frame per step, captioned by the rule', () => {
    expect(frames.map((f) => f.rule)).toEqual(['start', 'product', 'delta']);
    for (const f of frames) expect(xmlProblems(f.svg)).toEqual([]);
    expect(textsOfClass(frames[1]!.svg, 'caption')).toEqual(['1. product: product rule over x[i] W[i,j] y[j]']);
    // start: x W y, no legs; product: W replaced by two δ, legs k and l; δ contracted: x and y with legs k and l
    expect(frames.map((f) => [countClass(f.svg, 'g', 'tensor'), countClass(f.svg, 'g', 'delta'), countClass(f.svg, 'circle', 'leg')]))
      .toEqual([[3, 0, 0], [2, 2, 2], [2, 0, 2]]);
  });

  it('puts every frame, in order, into one well-formed combined SVG', () => {
    expect(xmlProblems(combined)).toEqual([]);
    const captions = textsOfClass(combined, 'caption');
    expect(captions.map((c) => c.split(':')[0])).toEqual(['start', '1. product', '2. delta']);
    expect(countClass(combined, 'rect', 'frame')).toBe(3);
    expect(countClass(combined, 'g', 'tensor')).toBe(3 + 2 + 2);
  });

  it('refuses an empty derivation', () => {
    try {
      toDiagramFrames([]);
      expect.unreachable();
    } catch (e) {
      expect(isRicciError(e) && e.code).toBe('diagram_no_steps');
    }
  });
});

describe('Graphviz rendering of the DOT output', () => {
  it('renders every case to SVG with one Graphviz node per vertex, hub and leg', async () => {
    for (const { name, expr } of diagramCases().filter((c) => ['bilinear', 'hyperedge', 'layer', 'order-three'].includes(c.name))) {
      const dot = toDiagram(expr, { format: 'dot' });
      const svg = await renderDot(dot);
      expect(xmlProblems(svg.replace(/<!DOCTYPE[^>]*>/, '')), name).toEqual([]);
      const declared = dot.match(/^\s*"[vhl][\d.vhlt]*" \[/gm)!.length;
      expect(svg.split('class="node"').length - 1, name).toBe(declared);
      expect(svg.split('class="edge"').length - 1, name).toBe(dot.split(' -- ').length - 1);
    }
  });

  it('parses hostile names as plain labels: Graphviz draws them verbatim', async () => {
    const g = createGraph();
    const names = ['a"b\\"; x -- y', '</text><script>', 'x&amp;y', 'α\u2028β'];
    const expr = { node: g.contract(names.map((n) => ({ node: g.input(n, [2]), indices: ['i'] })), []), indices: [] };
    const svg = await renderDot(toDiagram(expr, { format: 'dot' }));
    expect(svg).not.toContain('<script');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decodeEntities(m[1]!));
    for (const n of names.slice(0, 3)) expect(texts).toContain(n);
    expect(svg.split('class="node"').length - 1).toBe(names.length + 1);
  });
});
