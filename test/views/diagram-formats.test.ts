import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGraph } from '../../compiler/2-network/graph.js';
import type { Expression } from '../../compiler/3-calculus/derivation.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { layoutDiagram } from '../../compiler/views/diagram/layout.js';
import type { Mark } from '../../compiler/views/diagram/scene.js';
import { toDiagram } from '../../compiler/views/diagram/to-diagram.js';
import { toDiagramModel } from '../../compiler/views/diagram/to-diagram-model.js';
import { chainCase, diagramCases } from './diagram-cases.js';
import { flatNetwork, networkCounts } from './diagram-networks.js';
import { countClass, decodeEntities, textsOfClass, xmlProblems } from './diagram-xml.js';

const svgOf = (e: Expression): string => toDiagram(e, { format: 'svg' });
const dotOf = (e: Expression): string => toDiagram(e, { format: 'dot' });
const tikzOf = (e: Expression): string => toDiagram(e, { format: 'tikz' });
const jsonOf = (e: Expression): string => toDiagram(e, { format: 'json' });

/** Labels of a DOT text's index-carrying statements: edges, hubs (xlabel) and legs (plaintext). */
function dotIndexLabels(dot: string): string[] {
  const edge = [...dot.matchAll(/ -- "[^"]+" \[label=("(?:[^"\\]|\\.)*")\]/g)].map((m) => m[1]!);
  const hub = [...dot.matchAll(/\[shape=point, width=0\.08, xlabel=("(?:[^"\\]|\\.)*")\]/g)].map((m) => m[1]!);
  const leg = [...dot.matchAll(/\[shape=plaintext, label=("(?:[^"\\]|\\.)*")/g)].map((m) => m[1]!);
  return [...edge, ...hub, ...leg].map((q) => decodeEntities(q.slice(1, -1).replace(/\\(.)/g, '$1')));
}

describe('diagram formats', () => {
  it('show the network’s tensors, indices, hubs and open legs in SVG, DOT, TikZ and JSON', () => {
    fc.assert(fc.property(flatNetwork, (expr) => {
      const c = networkCounts(expr);
      const svg = svgOf(expr);
      expect(xmlProblems(svg)).toEqual([]);
      expect(countClass(svg, 'g', 'tensor')).toBe(c.tensors);
      expect(countClass(svg, 'circle', 'leg')).toBe(c.legs);
      expect(countClass(svg, 'circle', 'hub')).toBe(c.hubs);
      expect(countClass(svg, 'path', 'edge')).toBe(c.wires);
      const labels = textsOfClass(svg, 'index-label');
      expect(labels).toHaveLength(c.indices);
      expect(new Set(labels).size).toBe(c.indices);

      const dot = dotOf(expr);
      expect(dot.match(/^\s*"v\d+" \[/gm)?.length ?? 0).toBe(c.tensors);
      expect(dot.match(/^\s*"h\d+" \[/gm)?.length ?? 0).toBe(c.hubs);
      expect(dot.match(/^\s*"l\d+" \[/gm)?.length ?? 0).toBe(c.legs);
      expect(dot.match(/ -- /g)?.length ?? 0).toBe(c.wires);
      expect(new Set(dotIndexLabels(dot)).size).toBe(c.indices);

      const tikz = tikzOf(expr);
      expect(tikz.match(/\\node\[index-label/g)?.length ?? 0).toBe(c.indices);
      expect(tikz.match(/\\path\[leg\]/g)?.length ?? 0).toBe(c.legs);

      const json = JSON.parse(jsonOf(expr)) as { diagram: { vertices: unknown[]; hubs: unknown[]; legs: unknown[]; edges: unknown[] } };
      expect([json.diagram.vertices.length, json.diagram.hubs.length, json.diagram.legs.length, json.diagram.edges.length])
        .toEqual([c.tensors, c.hubs, c.legs, c.wires]);
    }), { numRuns: 100 });
  });

  it('writes well-formed, self-contained SVG for every case, composites and a 20-tensor chain included', () => {
    for (const { name, expr } of [...diagramCases(), chainCase(20)]) {
      const svg = svgOf(expr);
      expect(xmlProblems(svg), name).toEqual([]);
      expect(svg).not.toMatch(/href|url\(|@import|@font-face|<script/i);
      expect(svg).toMatch(/font-family:sans-serif/);
    }
  });

  it('writes TikZ made only of \\path and \\node commands with balanced braces', () => {
    for (const { name, expr } of [...diagramCases(), chainCase(8)]) {
      const lines = tikzOf(expr).trim().split('\n');
      expect(lines[0], name).toMatch(/^\\begin\{tikzpicture\}\[x=1pt, y=-1pt/);
      expect(lines.at(-1), name).toBe('\\end{tikzpicture}');
      const body = lines.slice(lines.findIndex((l) => l.endsWith(']')) + 1, -1);
      for (const line of body) expect(line, name).toMatch(/^\\(path|node)\[[a-z-]+(, [^\]]*)?\] .*;$/);
      const braces = tikzOf(expr).replace(/\\[{}]/g, '');
      expect(braces.split('{').length, name).toBe(braces.split('}').length);
    }
  });

  it('lays out 20 tensors without overlapping shapes, all inside the picture', () => {
    const scene = layoutDiagram(toDiagramModel(chainCase(20).expr));
    const boxes = scene.marks.flatMap((m) => (m.kind === 'group' && m.role === 'tensor' ? [extent(m.marks)] : []));
    expect(boxes).toHaveLength(20);
    const sorted = [...boxes].sort((a, b) => a.left - b.left);
    sorted.slice(1).forEach((b, k) => expect(b.left).toBeGreaterThan(sorted[k]!.right));
    const all = extent(scene.marks);
    expect(all.left).toBeGreaterThanOrEqual(0);
    expect(all.top).toBeGreaterThanOrEqual(0);
    expect(all.right).toBeLessThanOrEqual(scene.width);
    expect(all.bottom).toBeLessThanOrEqual(scene.height);
    // the chain is laid out in chain order: neighbours in the network are neighbours in the row
    const names = scene.marks.flatMap((m) => (m.kind === 'group' && m.role === 'tensor' ? [m.title] : []));
    const order = names.map((t) => Number(/^M(\d+)/.exec(t)![1]));
    const xs = boxes.map((b) => b.left);
    const byX = order.map((_, k) => k).sort((a, b) => xs[a]! - xs[b]!).map((k) => order[k]!);
    expect(byX.every((v, k) => k === 0 || Math.abs(v - byX[k - 1]!) === 1)).toBe(true);
  });

  it('escapes hostile tensor and index names in every format', () => {
    const hostile = ['</text><script>alert(1)</script>', 'a"b', 'x&amp;y', 'line\u2028sep', "q'{}$#%_^~\\"];
    const g = createGraph();
    const factors = hostile.map((name, k) => ({ node: g.input(name, [2, 2]), indices: [`i${k}`, k === 0 ? '<i>"&' : `i${k - 1}`] }));
    const expr: Expression = { node: g.contract(factors, ['<i>"&']), indices: ['<i>"&'] };
    const svg = svgOf(expr);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('\u2028');
    expect(/^[\x09\x0a\x20-\x7e]*$/.test(svg)).toBe(true);
    const names = textsOfClass(svg, 'name');
    for (const name of hostile) expect(names).toContain(name);
    expect(textsOfClass(svg, 'index-label')).toContain('<i>"&');

    const dot = dotOf(expr);
    const outsideStrings = dot.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(outsideStrings).not.toMatch(/[<>&'\u2028]|script/);
    expect(dotIndexLabels(dot)).toContain('<i>"&');
    expect(dot).not.toContain('\u2028');

    const tikz = tikzOf(expr);
    const nodeTexts = [...tikz.matchAll(/\\node\[[^\]]*\] at \([^)]*\) \{(.*)\};$/gm)].map((m) => m[1]!);
    for (const t of nodeTexts) {
      expect(t.replace(/\\[a-z]+\{\}|\\[{}$&#%_]/g, '')).not.toMatch(/[\\{}$&#%_^~<>"]/);
    }
    expect(tikz).not.toContain('\u2028');

    const json = jsonOf(expr);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    const parsed = JSON.parse(json) as { diagram: { vertices: { name: string }[] } };
    expect(parsed.diagram.vertices.map((v) => v.name)).toEqual(hostile);
  });

  it('shows a matrix’s axes in order, so Aᵀ B (A[j,i] B[j,k]) is told apart from A B', () => {
    const g = createGraph();
    const A = g.input('A', [3, 3]);
    const B = g.input('B', [3, 3]);
    const product = (a: string[]): Expression => ({ node: g.contract([{ node: A, indices: a }, { node: B, indices: ['j', 'k'] }], [a.find((i) => i !== 'j')!, 'k']), indices: [a.find((i) => i !== 'j')!, 'k'] });
    expect(textsOfClass(svgOf(product(['j', 'i'])), 'axes')).toEqual(['j,i', 'j,k']);
    expect(textsOfClass(svgOf(product(['i', 'j'])), 'axes')).toEqual(['i,j', 'j,k']);
  });

  it('is deterministic: the same expression gives byte-identical output, whatever else the graph holds', () => {
    const first = diagramCases(createGraph());
    const g = createGraph();
    g.input('unrelated', [7]);
    g.contract([{ node: g.input('Z', [2, 2]), indices: ['a', 'b'] }], ['b', 'a']);
    const second = diagramCases(g);
    for (const format of ['svg', 'dot', 'tikz', 'json'])
      first.forEach((c, k) => expect(toDiagram(second[k]!.expr, { format }), `${c.name} ${format}`).toBe(toDiagram(c.expr, { format })));
  });

  it('rejects an unknown format by name', () => {
    try {
      toDiagram(diagramCases()[0]!.expr, { format: 'png' });
      expect.unreachable();
    } catch (e) {
      expect(isRicciError(e) && e.code).toBe('diagram_unknown_format');
      expect((e as Error).message).toContain("'png'");
      expect((e as Error).message).toContain('svg, dot, tikz, json');
    }
  });

  it('matches the golden files (UPDATE_GOLDEN=1 rewrites them)', () => {
    const folder = resolve(import.meta.dirname, '../golden/diagrams');
    const cases = [...diagramCases(), chainCase(6)];
    const wanted: [string, string, string][] = cases.map((c) => [c.name, 'svg', svgOf(c.expr)]);
    for (const c of cases.filter((k) => k.name === 'bilinear' || k.name === 'layer'))
      wanted.push([c.name, 'dot', dotOf(c.expr)], [c.name, 'tikz', tikzOf(c.expr)], [c.name, 'json', jsonOf(c.expr)]);
    for (const [name, ext, text] of wanted) {
      const file = join(folder, `${name}.${ext}`);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
      expect(text, file).toBe(readFileSync(file, 'utf8'));
    }
  });
});

function extent(marks: readonly Mark[]): { left: number; right: number; top: number; bottom: number } {
  const e = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
  const add = (x: number, y: number): void => {
    e.left = Math.min(e.left, x); e.right = Math.max(e.right, x); e.top = Math.min(e.top, y); e.bottom = Math.max(e.bottom, y);
  };
  const visit = (m: Mark): void => {
    if (m.kind === 'circle') { add(m.center.x - m.r, m.center.y - m.r); add(m.center.x + m.r, m.center.y + m.r); }
    if (m.kind === 'rect') { add(m.at.x, m.at.y); add(m.at.x + m.width, m.at.y + m.height); }
    if (m.kind === 'polygon') m.points.forEach((p) => add(p.x, p.y));
    if (m.kind === 'path') { add(m.from.x, m.from.y); add(m.to.x, m.to.y); }
    if (m.kind === 'text') add(m.at.x, m.at.y);
    if (m.kind === 'group') m.marks.forEach(visit);
  };
  marks.forEach(visit);
  return e;
}
