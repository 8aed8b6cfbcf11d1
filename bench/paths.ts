import { spawnSync } from 'node:child_process';
import { createRandom } from '../compiler/4-contraction-order/seeded-random.js';
import { fileURLToPath } from 'node:url';
import type { ContractionProblem } from '../compiler/4-contraction-order/contraction.js';
import { pathCost } from '../compiler/4-contraction-order/cost-model.js';
import { choosePath, defaultOptimizers } from '../compiler/4-contraction-order/registry.js';

/** Largest network each optimizer is run on (the exact ones grow exponentially). */
const MAX_OPERANDS: Readonly<Record<string, number>> = {
  optimal: 14, dp: 20, branch: 50, greedy: Infinity, 'random-greedy': 1000, auto: Infinity,
};

interface BenchCase { readonly name: string; readonly problem: ContractionProblem }
interface Measured { readonly flops: number; readonly ms: number }

/** Prints search time (median) and path cost for every optimizer on every benchmark network. */
export async function benchPaths(): Promise<void> {
  const cases = [...einsumExpressions(), ...randomRegularCases(), ...latticeCases()];
  const numpy = numpyCosts(cases);
  const names = [...defaultOptimizers.keys()];
  console.log('Contraction paths: flops of the chosen path (search time, median); ratio = greedy / random-greedy');
  const header = ['network', 'n', ...names, 'rg gain', 'numpy greedy', 'numpy optimal'];
  const rows = cases.map((c) => {
    const results = new Map(names.map((name) => [name, measure(c.problem, name)]));
    const cell = (m: Measured | undefined) => (m ? `${m.flops.toExponential(3)} (${formatMs(m.ms)})` : '—');
    const greedy = results.get('greedy'), random = results.get('random-greedy');
    const np = numpy.get(c.name);
    return [c.name, String(c.problem.inputs.length), ...names.map((n) => cell(results.get(n))),
      greedy && random ? (greedy.flops / random.flops).toFixed(2) : '—',
      np?.greedy !== undefined ? (np.greedy - 1).toExponential(3) : '—',
      np?.optimal !== undefined ? (np.optimal - 1).toExponential(3) : '—'];
  });
  printTable([header, ...rows]);
}

function measure(problem: ContractionProblem, optimize: string): Measured | undefined {
  if (problem.inputs.length > (MAX_OPERANDS[optimize] ?? Infinity)) return undefined;
  const times: number[] = [];
  let flops = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const path = choosePath(problem, { optimize });
    times.push(performance.now() - start);
    flops = pathCost(problem, path).flops;
    if (times.reduce((s, t) => s + t, 0) > 2000) break;
  }
  return { flops, ms: times.sort((x, y) => x - y)[times.length >> 1]! };
}

/** opt_einsum's test expressions with its default sizes (a=2 b=3 c=4 d=5 e=4 f=3 g=2 h=6 i=5 j=4). */
function einsumExpressions(): BenchCase[] {
  const sizes = [2, 3, 4, 5, 4, 3, 2, 6, 5, 4];
  return ['ea,fb,abcd,gc,hd->efgh', 'acdf,jbje,gihb,hfac,gfac,gifabc,hfac->de', 'cd,bdhe,aidb,hgca,gc,hgibcd,hgac->e',
    'abhe,hidj,jgba,hiab,gab->de', 'bde,cdh,agdb,hica,ibd,hgicd,hiac->e', 'chd,bde,agbc,hiad,bdi,cgh,agdb->e']
    .map((e) => {
      const [lhs, rhs] = e.split('->') as [string, string];
      const inputs = lhs.split(',').map((t) => [...t]);
      return { name: e, problem: { inputs, output: [...rhs], sizes: new Map([...new Set(inputs.flat())].map((c) => [c, sizes[c.charCodeAt(0) - 97]!])) } };
    });
}

/** Random 3-regular networks (pairing model), bond sizes 2–6, no output. */
function randomRegularCases(): BenchCase[] {
  return [8, 12, 16, 20, 50, 200, 1000].map((n) => {
    const random = createRandom(n);
    const stubs = Array.from({ length: 3 * n }, (_, k) => Math.floor(k / 3));
    for (let k = stubs.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [stubs[k], stubs[j]] = [stubs[j]!, stubs[k]!];
    }
    const inputs: string[][] = Array.from({ length: n }, () => []);
    const sizes = new Map<string, number>();
    for (let e = 0; e + 1 < stubs.length; e += 2) {
      const name = `e${e / 2}`;
      inputs[stubs[e]!]!.push(name);
      inputs[stubs[e + 1]!]!.push(name);
      sizes.set(name, 2 + Math.floor(random() * 5));
    }
    return { name: `random 3-regular ${n}`, problem: { inputs, output: [], sizes } };
  });
}

/** L×L grids of tensors joined by bonds of size 3 to their right and lower neighbours. */
function latticeCases(): BenchCase[] {
  return [3, 4, 5, 6].map((side) => {
    const bond = (a: number, b: number) => `b${Math.min(a, b)}_${Math.max(a, b)}`;
    const inputs = Array.from({ length: side * side }, (_, k) => {
      const r = Math.floor(k / side), c = k % side;
      return [r > 0 ? k - side : -1, r < side - 1 ? k + side : -1, c > 0 ? k - 1 : -1, c < side - 1 ? k + 1 : -1]
        .filter((other) => other >= 0).map((other) => bond(k, other));
    });
    return { name: `lattice ${side}×${side}`, problem: { inputs, output: [], sizes: new Map(inputs.flat().map((b) => [b, 3])) } };
  });
}

/** numpy.einsum_path's greedy (≤ 52 labels) and optimal (≤ 8 operands) costs, when python3 + numpy are present. */
function numpyCosts(cases: readonly BenchCase[]): Map<string, { greedy?: number; optimal?: number }> {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const jobs = cases.flatMap((c) => {
    const labels = [...new Set([...c.problem.inputs.flat(), ...c.problem.output])];
    if (labels.length > letters.length) return [];
    const letter = new Map(labels.map((l, k) => [l, letters[k]!]));
    const expression = `${c.problem.inputs.map((t) => t.map((i) => letter.get(i)).join('')).join(',')}->${c.problem.output.map((i) => letter.get(i)).join('')}`;
    return [{ name: c.name, expression, shapes: c.problem.inputs.map((t) => t.map((i) => c.problem.sizes.get(i)!)), optimal: c.problem.inputs.length <= 8 }];
  });
  const script = `
import json, sys
import numpy as np
out = {}
for job in json.load(sys.stdin):
    ops = [np.empty(s) for s in job["shapes"]]
    res = {}
    for kind in (["greedy", "optimal"] if job["optimal"] else ["greedy"]):
        text = np.einsum_path(job["expression"], *ops, optimize=(kind, 1e300))[1]
        res[kind] = float(text.split("Optimized FLOP count:")[1].split()[0])
    out[job["name"]] = res
print(json.dumps(out))`;
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(jobs), encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) return new Map();
  return new Map(Object.entries(JSON.parse(run.stdout) as Record<string, { greedy?: number; optimal?: number }>));
}


function formatMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchPaths();
