import { assertNever } from '../../diagnostics/assert-never.js';
import type { DiagramModel } from './diagram-model.js';
import { escapeXml } from './escape.js';
import { layoutDiagram } from './layout.js';
import { round, type Mark, type Point, type Scene } from './scene.js';

/** Self-contained styling: generic font family, no external resources. */
const STYLE = [
  'text{font-family:sans-serif;font-size:12px;fill:#111}',
  '.index-label{font-style:italic;paint-order:stroke;stroke:#fff;stroke-width:3px}',
  '.caption{font-size:13px;font-weight:bold}',
  '.axes{font-size:9px;fill:#555}',
  '.coefficient{font-size:14px}',
  '.edge{fill:none;stroke:#444;stroke-width:1.5}',
  'circle.tensor,rect.tensor,polygon.tensor{fill:#dbe9f7;stroke:#1f4e79;stroke-width:1.5}',
  'circle.constant{fill:#888}',
  'circle.delta{fill:#111}',
  'rect.function{fill:#fff8e6;stroke:#b07800;stroke-width:1.2}',
  'rect.sum{fill:#f3f3f3;stroke:#555;stroke-width:1.2;stroke-dasharray:4 2}',
  'circle.hub{fill:#111}',
  'circle.leg{fill:#fff;stroke:#444;stroke-width:1.2}',
  'rect.frame{fill:none;stroke:#ccc}',
].join('');

/** A diagram as a standalone SVG document. */
export function toSvg(model: DiagramModel, title = 'tensor network'): string {
  return sceneToSvg(layoutDiagram(model), title);
}

export function sceneToSvg(scene: Scene, title: string): string {
  const w = round(scene.width);
  const h = round(scene.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<title>${escapeXml(title)}</title>`,
    `<style>${STYLE}</style>`,
    `<rect width="${w}" height="${h}" fill="#fff"/>`,
    ...scene.marks.flatMap((m) => markToSvg(m, 0)),
    '</svg>',
    '',
  ].join('\n');
}

function markToSvg(m: Mark, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const cls = `class="${m.role}"`;
  switch (m.kind) {
    case 'circle':
      return [`${pad}<circle ${cls} cx="${round(m.center.x)}" cy="${round(m.center.y)}" r="${round(m.r)}"/>`];
    case 'rect':
      return [`${pad}<rect ${cls} x="${round(m.at.x)}" y="${round(m.at.y)}" width="${round(m.width)}" height="${round(m.height)}" rx="${round(m.radius)}"/>`];
    case 'polygon':
      return [`${pad}<polygon ${cls} points="${m.points.map(xy).join(' ')}"/>`];
    case 'path':
      return [`${pad}<path ${cls} d="${pathData(m.from, m.controls, m.to)}"/>`];
    case 'text':
      return [`${pad}<text ${cls} x="${round(m.at.x)}" y="${round(m.at.y)}" text-anchor="${m.anchor}">${escapeXml(m.text)}</text>`];
    case 'group':
      return [`${pad}<g ${cls}>`, `${pad}  <title>${escapeXml(m.title)}</title>`, ...m.marks.flatMap((c) => markToSvg(c, depth + 1)), `${pad}</g>`];
    default:
      return assertNever(m);
  }
}

function xy(p: Point): string {
  return `${round(p.x)},${round(p.y)}`;
}

function pathData(from: Point, controls: readonly Point[], to: Point): string {
  const command = controls.length === 0 ? 'L' : controls.length === 1 ? 'Q' : 'C';
  return `M${xy(from)} ${command}${[...controls, to].map(xy).join(' ')}`;
}
