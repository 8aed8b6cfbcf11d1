import { spawnSync } from 'node:child_process';
import { createRandom } from '../compiler/4-contraction-order/seeded-random.js';
import { fileURLToPath } from 'node:url';
import type { ContractionProblem } from '../compiler/4-contraction-order/contraction.js';
import { pathCost } from '../compiler/4-contraction-order/cost-model.js';
import { choosePath, defaultOptimizers, type ChoosePathOptions } from '../compiler/4-contraction-order/registry.js';

/** Largest network each optimizer is run on (the exact ones grow exponentially; dp holds 30 operands per component). */
const MAX_OPERANDS: Readonly<Record<string, number>> = {
  optimal: 16, dp: 30, branch: 100, greedy: Infinity, 'random-greedy': Infinity, auto: Infinity,
};
/** The reference search: random-greedy with many trials and no budget, to estimate the best path reachable. */
const REFERENCE = { optimize: 'random-greedy', trials: 256, budget: 1e15, timeLimit: 1e9 } as const;

interface BenchCase { readonly name: string; readonly problem: ContractionProblem }
interface Measured { readonly flops: number; readonly ms: number; readonly cpuMs: number }

/**
 * Prints, per network, each optimizer's path cost and search time (median wall time, and CPU time,
 * which a loaded machine does not inflate), auto's cost over the best found by anyone (every
 * optimizer, a 256-trial random-greedy reference, numpy and opt_einsum when python3 has them).
 */
export async function benchPaths(): Promise<void> {
  const cases = [...einsumExpressions(), ...randomRegularCases(), ...latticeCases(), ...randomEquationCases(), ...stressCases()];
  const numpy = numpyCosts(cases);
  const optEinsum = optEinsumCosts(cases);
  const names = [...defaultOptimizers.keys()];
  console.log('Contraction paths: flops of the chosen path (search time: wall median / CPU); auto/best = auto over the cheapest path any search found');
  const header = ['network', 'n', ...names, 'reference rg×256', 'numpy greedy', 'numpy optimal', 'opt_einsum auto', 'opt_einsum greedy', 'auto/best'];
  const rows = cases.map((c) => {
    const results = new Map(names.map((name) => [name, measure(c.problem, { optimize: name })]));
    const reference = c.problem.inputs.length >= 20 ? measure(c.problem, REFERENCE, 1) : undefined;
    const cell = (m: Measured | undefined) => (m ? `${m.flops.toExponential(3)} (${formatMs(m.ms)} / ${formatMs(m.cpuMs)})` : '—');
    const np = numpy.get(c.name), oe = optEinsum.get(c.name);
    const others = [...results.values(), reference].flatMap((m) => (m ? [m.flops] : []));
    const known = [...others, np?.greedy, np?.optimal, oe?.auto?.flops, oe?.greedy?.flops].filter((x): x is number => x !== undefined);
    const auto = results.get('auto');
    const oeCell = (m: { flops: number; ms: number } | undefined) => (m ? `${m.flops.toExponential(3)} (${formatMs(m.ms)})` : '—');
    return [c.name, String(c.problem.inputs.length), ...names.map((n) => cell(results.get(n))), cell(reference),
      np?.greedy !== undefined ? np.greedy.toExponential(3) : '—',
      np?.optimal !== undefined ? np.optimal.toExponential(3) : '—',
      oeCell(oe?.auto), oeCell(oe?.greedy),
      auto ? (auto.flops / Math.min(...known)).toFixed(2) : '—'];
  });
  printTable([header, ...rows]);
}

function measure(problem: ContractionProblem, options: ChoosePathOptions, runs = 5): Measured | undefined {
  if (problem.inputs.length > (MAX_OPERANDS[options.optimize ?? 'auto'] ?? Infinity) && options !== REFERENCE) return undefined;
  const times: number[] = [], cpu: number[] = [];
  let flops = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now(), cpuStart = process.cpuUsage();
    const path = choosePath(problem, options);
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    flops = pathCost(problem, path).flops;
    if (times.reduce((s, t) => s + t, 0) > 3000) break;
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1]!;
  return { flops, ms: median(times), cpuMs: median(cpu) };
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

/**
 * opt_einsum's rand_equation(n, regularity 3, sizes 2–9) rebuilt on ricci's seeded generator: each
 * bond placed on two random tensors (every tensor gets at least one), no output. The networks of
 * issue 14's "auto that scales" (100–500 tensors).
 */
function randomEquationCases(): BenchCase[] {
  return [100, 200, 300, 500].map((n) => {
    const random = createRandom(1000 + n);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const sizes = new Map<string, number>();
    const stubs: string[] = [];
    for (let k = 0; k < Math.floor((3 * n) / 2); k++) {
      sizes.set(`i${k}`, int(2, 9));
      stubs.push(`i${k}`, `i${k}`);
    }
    for (let k = stubs.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [stubs[k], stubs[j]] = [stubs[j]!, stubs[k]!];
    }
    const inputs: string[][] = Array.from({ length: n }, () => []);
    stubs.forEach((ix, k) => {
      let where = k < n ? k : int(0, n - 1);
      while (k >= n && inputs[where]!.includes(ix)) where = int(0, n - 1);
      inputs[where]!.push(ix);
    });
    return { name: `rand_equation ${n} reg 3`, problem: { inputs, output: [], sizes } };
  });
}

/** Issue 13's resource cases: many operands sharing one label (ab,ac,ad,…->a) and dense random graphs. */
function stressCases(): BenchCase[] {
  const star = [13, 16, 20].map((n) => {
    const inputs = Array.from({ length: n }, (_, k) => ['a', `x${k}`]);
    return { name: `star ${n} (ab,ac,…->a)`, problem: { inputs, output: ['a'], sizes: new Map([['a', 3], ...inputs.map((t, k) => [t[1]!, 2 + (k % 3)] as [string, number])]) } };
  });
  const dense = [[20, 0.5], [30, 0.3], [60, 0.15]].map(([n, p]) => {
    const random = createRandom(n!);
    const inputs: string[][] = Array.from({ length: n! }, () => []);
    const sizes = new Map<string, number>();
    for (let a = 0; a < n!; a++)
      for (let b = a + 1; b < n!; b++)
        if (random() < p!) {
          const bond = `e${sizes.size}`;
          inputs[a]!.push(bond);
          inputs[b]!.push(bond);
          sizes.set(bond, 2);
        }
    return { name: `dense ${n} p=${p}`, problem: { inputs, output: [], sizes } };
  });
  return [...star, ...dense];
}

/** Each network as opt_einsum symbols, for the python children. */
function pythonJobs(cases: readonly BenchCase[], maxLabels: number) {
  return cases.flatMap((c) => {
    const labels = [...new Set([...c.problem.inputs.flat(), ...c.problem.output])];
    if (labels.length > maxLabels) return [];
    return [{ name: c.name, inputs: c.problem.inputs.map((t) => t.map((i) => labels.indexOf(i))), output: c.problem.output.map((i) => labels.indexOf(i)),
      sizes: labels.map((l) => c.problem.sizes.get(l)!), shapes: c.problem.inputs.map((t) => t.map((i) => c.problem.sizes.get(i)!)), n: c.problem.inputs.length }];
  });
}

/**
 * opt_einsum's 'auto' and 'greedy' costs (its opt_cost, the same convention as ricci's flops) and
 * search times, when python3 can import opt_einsum (e.g. PYTHONPATH at a source checkout).
 */
function optEinsumCosts(cases: readonly BenchCase[]): Map<string, { auto?: { flops: number; ms: number }; greedy?: { flops: number; ms: number } }> {
  const script = `
import json, sys, time
import opt_einsum as oe
out = {}
for job in json.load(sys.stdin):
    sym = oe.get_symbol
    eq = ",".join("".join(sym(i) for i in t) for t in job["inputs"]) + "->" + "".join(sym(i) for i in job["output"])
    res = {}
    for kind in ["auto", "greedy"]:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            _, info = oe.contract_path(eq, *job["shapes"], shapes=True, optimize=kind)
            times.append((time.perf_counter() - start) * 1000)
        res[kind] = {"flops": float(info.opt_cost), "ms": sorted(times)[1]}
    out[job["name"]] = res
print(json.dumps(out))`;
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(pythonJobs(cases, 100_000)), encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) {
    console.log('(opt_einsum columns skipped: python3 cannot import opt_einsum)');
    return new Map();
  }
  return new Map(Object.entries(JSON.parse(run.stdout) as Record<string, { auto?: { flops: number; ms: number }; greedy?: { flops: number; ms: number } }>));
}

/** numpy.einsum_path's greedy (≤ 52 labels, ≤ 20 operands) and optimal (≤ 8 operands) costs, when python3 + numpy are present. */
function numpyCosts(cases: readonly BenchCase[]): Map<string, { greedy?: number; optimal?: number }> {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const jobs = cases.flatMap((c) => {
    const labels = [...new Set([...c.problem.inputs.flat(), ...c.problem.output])];
    if (labels.length > letters.length || c.problem.inputs.length > 20) return [];
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
        res[kind] = float(text.split("Optimized FLOP count:")[1].split()[0]) - 1
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
