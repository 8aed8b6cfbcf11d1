import { grad } from '../../src/derive.js';
import type { Node } from '../../compiler/2-network/network.js';
const [src, of, wrt] = process.argv.slice(2);
const d = grad(src!.replace(/\\n/g, '\n'), of!, wrt!);
const names = new Map<number, string>();
for (const [n, name] of (d as any).program.definitions ?? []) names.set(n.id, name);
function show(n: Node, depth: number): string {
  const pad = '  '.repeat(depth);
  switch (n.kind) {
    case 'input': return `${pad}input ${n.name}#${n.id}`;
    case 'const': return `${pad}const ${n.value}`;
    case 'delta': return `${pad}delta`;
    case 'contract': return `${pad}contract#${n.id} ->${n.out.join('')}\n` + n.factors.map((f) => `${pad} [${f.indices.join('')}]\n${show(f.node, depth + 1)}`).join('\n');
    case 'add': return `${pad}add#${n.id} ->${n.out.join('')}\n` + n.terms.map((t) => `${pad} ${t.coefficient} [${t.indices.join('')}]\n${show(t.node, depth + 1)}`).join('\n');
    case 'map': return `${pad}map ${JSON.stringify(n.fn)}#${n.id}\n${show(n.arg, depth + 1)}`;
    case 'matfn': return `${pad}matfn ${n.fn}\n${show(n.arg, depth + 1)}`;
  }
}
console.log(show(d.result.node, 0));
console.log(Object.keys(d.program));
