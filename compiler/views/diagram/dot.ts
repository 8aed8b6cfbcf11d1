import { assertNever } from '../../diagnostics/assert-never.js';
import { coefficientText, vertexLabel, type DiagramModel, type Endpoint, type Vertex } from './diagram-model.js';
import { quoteDot } from './escape.js';

/**
 * Graphviz DOT of a diagram, for Graphviz's own layout (renderDot). Ids are ours, every label is
 * quoted by quoteDot. A composite vertex is a node inside a cluster holding its sub-diagrams.
 *   "v0" -- "v1" [label="i"]
 */
export function toDot(model: DiagramModel, title = 'tensor network'): string {
  return [
    'graph tensor_network {',
    `  graph [label=${quoteDot(title)}, labelloc=t, fontname="sans-serif", rankdir=LR, nodesep=0.4];`,
    '  node [fontname="sans-serif", fontsize=11];',
    '  edge [fontname="sans-serif", fontsize=10, fontcolor="#333333"];',
    ...body(model, '  '),
    '}',
    '',
  ].join('\n');
}

function body(model: DiagramModel, pad: string): string[] {
  const free = new Set(model.legs.map((l) => l.index));
  return [
    ...model.vertices.flatMap((v) => vertexLines(v, pad)),
    ...model.hubs.map((h) => `${pad}${quoteDot(h.id)} [shape=point, width=0.08${free.has(h.index) ? '' : `, xlabel=${quoteDot(h.index)}`}];`),
    ...model.legs.map((l) => `${pad}${quoteDot(l.id)} [shape=plaintext, label=${quoteDot(l.index)}, fontname="sans-serif:italic"];`),
    ...model.edges.map((e) => {
      const labelled = e.from.kind === 'port' && e.to.kind === 'port';
      return `${pad}${endpointId(e.from)} -- ${endpointId(e.to)}${labelled ? ` [label=${quoteDot(e.index)}]` : ''};`;
    }),
  ];
}

function endpointId(e: Endpoint): string {
  switch (e.kind) {
    case 'port': return quoteDot(e.vertex);
    case 'hub': return quoteDot(e.hub);
    case 'leg': return quoteDot(e.leg);
    default: return assertNever(e);
  }
}

const shapes = { dot: 'point', circle: 'circle', square: 'box', box: 'box' } as const;

function vertexLines(v: Vertex, pad: string): string[] {
  const label = quoteDot(vertexLabel(v));
  const node = (attrs: string): string => `${pad}${quoteDot(v.id)} [${attrs}];`;
  switch (v.kind) {
    case 'tensor':
    case 'constant':
    case 'delta': {
      if (v.shape === 'dot') return [node(`shape=point, width=0.12, xlabel=${label}`)];
      const shape = v.shape === 'polygon' ? `shape=polygon, sides=${Math.min(v.indices.length, 8)}` : `shape=${shapes[v.shape]}`;
      return [node(`${shape}, label=${label}, style=filled, fillcolor="#dbe9f7"`)];
    }
    case 'function':
      return cluster(v.id, label, pad, [node(`shape=box, style="rounded,filled", fillcolor="#fff8e6", label=${label}`), ...body(v.argument, `${pad}  `)]);
    case 'sum':
      return cluster(v.id, '"sum"', pad, [
        node(`shape=box, style=rounded, label=${label}`),
        ...v.terms.flatMap((t, k) => cluster(`${v.id}.t${k}`, quoteDot(coefficientText(t.coefficient, k === 0) || '+'), `${pad}  `, body(t.diagram, `${pad}    `))),
      ]);
    default:
      return assertNever(v);
  }
}

function cluster(id: string, label: string, pad: string, lines: readonly string[]): string[] {
  return [`${pad}subgraph ${quoteDot(`cluster_${id}`)} {`, `${pad}  label=${label}; style=rounded;`, ...lines.map((l) => `  ${l}`), `${pad}}`];
}
