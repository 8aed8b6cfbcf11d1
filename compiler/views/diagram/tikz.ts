import { assertNever } from '../../diagnostics/assert-never.js';
import type { DiagramModel } from './diagram-model.js';
import { escapeTex } from './escape.js';
import { layoutDiagram } from './layout.js';
import { round, type Mark, type Point, type Role, type Scene } from './scene.js';

/** One TikZ style per role; the picture uses SVG's coordinates (x = 1pt, y = −1pt). */
const STYLES: Readonly<Record<Role, string>> = {
  tensor: 'draw={rgb,255:red,31;green,78;blue,121}, fill={rgb,255:red,219;green,233;blue,247}, line width=0.8pt',
  constant: 'fill=gray',
  delta: 'fill=black',
  function: 'draw={rgb,255:red,176;green,120;blue,0}, fill={rgb,255:red,255;green,248;blue,230}',
  sum: 'draw=gray, dashed, fill={rgb,255:red,243;green,243;blue,243}',
  hub: 'fill=black',
  leg: 'draw, fill=white',
  edge: 'draw, line width=0.8pt',
  'index-label': 'font=\\itshape\\small, fill=white, inner sep=1pt',
  name: 'font=\\small',
  axes: 'font=\\tiny, text=darkgray',
  coefficient: '',
  frame: 'draw=lightgray',
  caption: 'font=\\bfseries',
};

/** A diagram as a standalone tikzpicture (needs only TikZ; text goes through escapeTex). */
export function toTikz(model: DiagramModel): string {
  return sceneToTikz(layoutDiagram(model));
}

export function sceneToTikz(scene: Scene): string {
  const styles = Object.entries(STYLES).map(([role, style]) => `  ${role}/.style={${style}}`).join(',\n');
  return [`\\begin{tikzpicture}[x=1pt, y=-1pt, font=\\sffamily,\n${styles}]`, ...scene.marks.flatMap(markToTikz), '\\end{tikzpicture}', ''].join('\n');
}

function at(p: Point): string {
  return `(${round(p.x)}, ${round(p.y)})`;
}

const anchors = { start: 'base west', middle: 'base', end: 'base east' } as const;

function markToTikz(m: Mark): string[] {
  switch (m.kind) {
    case 'circle':
      return [`\\path[${m.role}] ${at(m.center)} circle[radius=${round(m.r)}];`];
    case 'rect':
      return [`\\path[${m.role}${m.radius > 0 ? `, rounded corners=${round(m.radius)}` : ''}] ${at(m.at)} rectangle ++(${round(m.width)}, ${round(m.height)});`];
    case 'polygon':
      return [`\\path[${m.role}] ${m.points.map(at).join(' -- ')} -- cycle;`];
    case 'path':
      return [`\\path[${m.role}] ${at(m.from)} ${cubicControls(m.from, m.controls, m.to)}${at(m.to)};`];
    case 'text':
      return [`\\node[${m.role}, anchor=${anchors[m.anchor]}] at ${at(m.at)} {${escapeTex(m.text)}};`];
    case 'group':
      return m.marks.flatMap(markToTikz);
    default:
      return assertNever(m);
  }
}

/** TikZ curves are cubic: a quadratic control c becomes p0 + ⅔(c − p0) and p2 + ⅔(c − p2). */
function cubicControls(from: Point, controls: readonly Point[], to: Point): string {
  if (controls.length === 0) return '-- ';
  const [c1, c2] = controls.length === 1
    ? [lerp(from, controls[0]!, 2 / 3), lerp(to, controls[0]!, 2 / 3)]
    : [controls[0]!, controls[1]!];
  return `.. controls ${at(c1)} and ${at(c2)} .. `;
}

function lerp(a: Point, b: Point, t: number): Point {
  return { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
}
