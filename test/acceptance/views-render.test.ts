import { existsSync } from 'node:fs';
import katex from 'katex';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Node } from '../../compiler/2-network/network.js';
import { toDiagramFrames } from '../../compiler/views/diagram/frames.js';
import { renderSteps, toLatex, toMatrixNotation, toDiagram, toDifferential, toKronecker, toPython } from '../../src/index.js';
import { decodePng, inkedPixels } from '../browser/png.js';
import { countClass, xmlProblems } from '../views/diagram-xml.js';
import { prepareCases } from './views-support.js';

const cases = prepareCases();

/** Input occurrences in a node tree, counted independently of the diagram code (no dedup). */
function tensorOccurrences(node: Node): number {
  switch (node.kind) {
    case 'input': return 1;
    case 'const': case 'delta': return 0;
    case 'contract': return node.factors.reduce((n, f) => n + tensorOccurrences(f.node), 0);
    case 'add': return node.terms.reduce((n, t) => n + tensorOccurrences(t.node), 0);
    case 'map': case 'matfn': case 'reduce': return tensorOccurrences(node.arg);
  }
}

const renders = (latex: string): string => katex.renderToString(latex, { throwOnError: true, displayMode: true });

describe('every view renders for every result type (scalar … rank 4, Hessians, mixed Hessians)', () => {
  it.each(cases.map((c) => [c.spec.name, c] as const))('%s', (_, { derivative: d }) => {
    const latex: string[] = [toLatex(d), renderSteps(d).latex];
    for (const layout of ['denominator', 'numerator', 'mixed'] as const)
      for (const vectors of ['column', 'row'] as const) latex.push(toMatrixNotation(d, { layout, vectors }).latex);
    for (const vec of ['column', 'row'] as const) latex.push(toKronecker(d, { vec }).latex);
    for (const step of renderSteps(d).steps) latex.push(step.before.latex, step.after.latex);
    const differential = toDifferential(d);
    if (differential) latex.push(differential.latex);
    for (const l of latex) expect(renders(l)).toContain('katex');
    for (const format of ['dot', 'tikz', 'json'] as const) expect(toDiagram(d, { format }).length).toBeGreaterThan(0);
    expect(toPython(d)).toContain('def compute(');
  });
});

describe('diagrams of the held-back derivatives', () => {
  it.each(cases.map((c) => [c.spec.name, c] as const))('%s: well-formed SVG, one vertex per tensor occurrence, derivation frames from the definition', (_, { derivative: d }) => {
    const svg = toDiagram(d);
    expect(xmlProblems(svg)).toEqual([]);
    expect(countClass(svg, 'g', 'tensor')).toBe(tensorOccurrences(d.result.node));
    const frames = toDiagram(d, { steps: true });
    expect(xmlProblems(frames)).toEqual([]);
    expect(countClass(frames, 'rect', 'frame')).toBe(d.steps.length + 2);
    // the first frame is the definition being differentiated, not the first step's inner factor
    const first = toDiagramFrames(d.steps, d.result, { node: d.of.node, indices: d.of.indices }).frames[0]!;
    expect(countClass(first.svg, 'g', 'tensor')).toBe(tensorOccurrences(d.of.node));
  });
});

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('diagrams in headless Chromium', () => {
  it.skipIf(!existsSync(CHROMIUM))('draws every held-back derivative’s diagram with visible ink', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const body = cases.map((c, k) => `<div id="d${k}" style="display:inline-block;padding:4px">${toDiagram(c.derivative)}</div>`).join('');
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${body}</body></html>`);
      for (let k = 0; k < cases.length; k++) {
        const shot = decodePng(await page.locator(`#d${k}`).screenshot());
        const ink = inkedPixels(shot);
        expect(ink, cases[k]!.spec.name).toBeGreaterThan(200);
        expect(ink, cases[k]!.spec.name).toBeLessThan(shot.width * shot.height * 0.6);
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
