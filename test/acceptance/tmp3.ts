import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import { createCanonicaliser } from '../../compiler/3-calculus/canonical-form.js';
const src = process.argv[2]!.replace(/\\n/g, '\n');
const net = buildProgram(parseRicci(src));
const defs = [...net.definitions.values()].map((d) => d.node).filter((n) => n.kind === 'contract' || n.kind === 'add');
const can = createCanonicaliser(net.graph, defs);
for (const [name, d] of net.definitions) {
  const out = d.node.shape.map((_, k) => `$o${k}`);
  const sop = can.sum(d.node, out);
  console.log(name, d.node.kind, JSON.stringify(sop.terms.map((m) => ({ c: m.coefficient, f: m.factors.map((a) => `${a.node.kind}${a.node.kind === 'map' ? JSON.stringify(a.node.fn) : a.node.kind === 'input' ? a.node.name : ''}#${a.node.id}[${a.indices}]`) }))));
}
