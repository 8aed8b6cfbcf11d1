import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import { evaluateNetwork } from '../../compiler/2-network/evaluate-network.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import type { Node } from '../../compiler/2-network/network.js';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { checkKernel } from '../../compiler/5-lower/check-loops.js';
import { lowerReduceKernel } from '../../compiler/5-lower/lower-reduce.js';
import { reachOf } from '../../compiler/5-lower/step-spec.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import type { IrStmt } from '../../runtime/kernel-ir.js';
import { allocate } from '../../runtime/strided-array.js';
import { compileNetwork, emitNetworkModule } from '../../src/compile.js';
import { grad } from '../../src/derive.js';
import { permuteView } from '../support/views.js';

/**
 * The Reduce node as a kernel: a loop per kept axis and a `reduce` statement over the block
 * (runtime/reductions.ts's formula). Oracles: the reference evaluator (which calls reductions.ts
 * directly), bit for bit, in generated JS and in the eval-free interpreter; the loop checker.
 */
const dir = mkdtempSync(join(tmpdir(), 'ricci-reduce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function statementKinds(stmts: readonly IrStmt[], into = new Set<string>()): Set<string> {
  for (const s of stmts) {
    into.add(s.kind);
    if (s.kind === 'loop' || s.kind === 'tile') statementKinds(s.body, into);
  }
  return into;
}

const programRoot = (source: string, name: string): Node => buildProgram(parseRicci(source)).definitions.get(name)!.node;

describe('lowerReduceKernel', () => {
  it('passes the loop checker for every op, for strided and reversed-stride arguments; a shrunken reach is caught', () => {
    for (const op of ['max', 'min', 'logsumexp'] as const)
      for (const stride of [[12, 4, 1], [1, 3, 6], [-12, 4, -1]]) {
        const shape = [2, 3, 4];
        const kernel = lowerReduceKernel('node1', op, { shape, stride, reach: reachOf(shape, stride) }, [1]);
        expect(checkKernel(kernel)).toEqual([]);
      }
    const shape = [3, 5];
    const kernel = lowerReduceKernel('node1', 'max', { shape, stride: [5, 1], reach: { min: 0, max: 13 } }, [1]);
    expect(checkKernel(kernel)).toContainEqual(expect.stringMatching(/outside its reach 0\.\.13/));
  });

  it('compiled networks run a reduce kernel that equals the reference evaluator bit for bit, generated and interpreted', () => {
    const sources = [
      'T: [3, 4, 5]\nm[i,k] = max[j](T[i,j,k])',
      'T: [3, 4, 5]\nm[j] = min[i,k](T[i,j,k])',
      'Z: [6, 7]\nW: [7, 9]\nl[a] = logsumexp[j](Z[a,i] W[i,j])',
      'Z: [6, 9]\np[a,j] = softmax[j](Z[a,j])',
    ];
    for (const source of sources) {
      const root = programRoot(source, source.split('\n').at(-1)!.split(/[[ =]/)[0]!);
      const inputs = Object.fromEntries([...buildProgram(parseRicci(source)).inputs].map(([name, node]) => {
        const a = allocate(node.shape as number[]);
        for (let k = 0; k < a.data.length; k++) a.data[k] = 900 * Math.sin(7 * k + name.length);
        return [name, a];
      }));
      const shapes = Object.fromEntries(Object.entries(inputs).map(([n, a]) => [n, a.shape]));
      const reference = evaluateNetwork([root], inputs)[0]!;
      const generatedPlan = compileNetwork([root], shapes, { cache: createKernelCache(16, { execution: 'generated' }) });
      expect(generatedPlan.plans.some((p) => p.kernels.some((k) => statementKinds(k.ir.body).has('reduce')))).toBe(true);
      expect(generatedPlan.source).toContain(source.includes('min') ? '< ' : '> ');
      for (const execution of ['generated', 'interpreted'] as const) {
        const [value] = compileNetwork([root], shapes, { cache: createKernelCache(16, { execution }) }).run(inputs);
        expect([...value!.data].every(Number.isFinite)).toBe(true);
        expect([...value!.data].map((v, k) => Object.is(v, reference.data[k]))).not.toContain(false);
      }
    }
  });

  it('reads a transposed view through its strides', () => {
    const g = createGraph();
    const Z = g.input('Z', [4, 3]);
    const root = g.reduce('logsumexp', Z, [0]);
    const storage = allocate([3, 4]);
    for (let k = 0; k < 12; k++) storage.data[k] = 1000 * Math.cos(k);
    const view = permuteView(storage, [1, 0]);
    const reference = evaluateNetwork([root], { Z: view })[0]!;
    const [value] = compileNetwork([root], { Z: [4, 3] }).run({ Z: view });
    expect([...value!.data]).toEqual([...reference.data]);
  });
});

describe('a standalone module of a softmax cross-entropy gradient', () => {
  it('imports nothing and equals the derivative at logits of ±1000', async () => {
    const d = grad('L = -sum[a,j](T[a,j] log_softmax[j](Z[a,j]))', 'L', 'Z');
    const Z = [[1000, -1000, 999], [-1000, 1000, 0]];
    const T = [[0, 0, 1], [1, 0, 0]];
    const { source, inputs } = emitNetworkModule(d.result.node, { Z: [2, 3], T: [2, 3] });
    expect(source).not.toMatch(/\bimport\b|\brequire\b/);
    const file = join(dir, 'softmax-ce.mjs');
    writeFileSync(file, source);
    const mod = (await import(pathToFileURL(file).href)) as { run: (...a: unknown[]) => { data: Float64Array } };
    const given: Record<string, number[][]> = { Z, T };
    const plain = inputs.map((name) => ({ data: given[name]!.flat(), shape: [2, 3], stride: [3, 1], offset: 0 }));
    const expected = d.evaluateReference({ Z, T }).data;
    expect(Math.max(...[...mod.run(...plain).data].map((v, k) => Math.abs(v - expected[k]!)))).toBeLessThan(1e-15);
    expect([...expected].every(Number.isFinite)).toBe(true);
  });
});
