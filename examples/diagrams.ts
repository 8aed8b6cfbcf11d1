/**
 * Draws a derivation as tensor-network diagrams, one SVG per step plus one combined SVG, and
 * exports the derivative as NumPy code with a finite-difference check.
 *   npx tsx examples/diagrams.ts [folder]      (default: out/diagrams in the project, git-ignored)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { grad, toDiagram, toDiagramFrames, toPython } from 'ricci';

const source = `
x: [3]
W: [3, 4]
b: [4]
y: [4]
f[j] = x[i] W[i,j] + b[j]
L = f[j] y[j]
`;

const folder = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'out', 'diagrams'));
mkdirSync(folder, { recursive: true });

const derivative = grad(source, 'L', 'W');
console.log(derivative.toString());

const { frames, combined } = toDiagramFrames(derivative.steps, derivative.result, { node: derivative.of.node, indices: derivative.of.indices });
const written = frames.map((frame, k) => {
  const path = join(folder, `frame-${String(k).padStart(2, '0')}-${frame.rule}.svg`);
  writeFileSync(path, frame.svg);
  return `${path}  (${frame.caption})`;
});
const extras: [string, string][] = [
  ['derivation.svg', combined],
  ['result.dot', toDiagram(derivative.result, { format: 'dot' })],
  ['result.tex', toDiagram(derivative.result, { format: 'tikz' })],
  ['result.json', toDiagram(derivative.result, { format: 'json' })],
  ['gradient.py', toPython(derivative.result, { check: { of: { node: derivative.of.node, indices: derivative.of.indices }, wrt: 'W' } })],
];
for (const [name, text] of extras) {
  writeFileSync(join(folder, name), text);
  written.push(join(folder, name));
}
console.log(written.join('\n'));
