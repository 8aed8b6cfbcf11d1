import ndarray from 'ndarray';
import { isRicciError } from '../compiler/diagnostics/ricci-error.js';
import { fromMatrixNotation } from '../compiler/1-parse/matrix-input.js';
import { compileEinsum } from '../src/compile.js';
import { contractPath } from '../src/contract-path.js';
import { grad, hessian, jacobian } from '../src/derive.js';
import { gradients } from '../src/gradients.js';
import { einsum, optimizeStrategies } from '../src/einsum.js';
import { evaluate } from '../src/evaluate.js';
import { parse } from '../src/parse.js';
import { randomProgram } from '../test/3-calculus/random-program.js';
import { createRandom } from '../compiler/4-contraction-order/seeded-random.js';

/**
 * A seeded fuzzer over the public surface: every input must end in a result or a RicciError,
 * within a time bound, and results must agree with an oracle (a naive einsum, finite differences).
 */
export interface FuzzOptions {
  readonly seed: number;
  /** Cases to run (each family in turn). */
  readonly count: number;
  /** Stop starting new cases after this many milliseconds. */
  readonly timeMs: number;
  /** A case slower than this fails (it cannot be interrupted; it is measured). */
  readonly caseMs: number;
}

export interface FuzzFailure {
  readonly family: string;
  readonly input: string;
  readonly problem: string;
}

export interface FuzzReport {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly FuzzFailure[];
}

type Random = () => number;


interface Case {
  readonly input: string;
  /** Throws (anything) on a wrong result; a RicciError is an accepted outcome. */
  run(): void;
}

type Family = (random: Random) => Case;

const int = (random: Random, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(random: Random, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

/** Random edits of a valid text: delete, duplicate, insert a character of the grammar, or nest. */
function mutate(random: Random, text: string, alphabet: string): string {
  let s = text;
  for (let k = int(random, 0, 4); k > 0; k--) {
    const at = int(random, 0, s.length);
    switch (int(random, 0, 4)) {
      case 0: s = s.slice(0, at) + s.slice(at + 1); break;
      case 1: s = s.slice(0, at) + s.slice(at, at + int(random, 1, 6)).repeat(int(random, 2, 50)) + s.slice(at); break;
      case 2: s = s.slice(0, at) + pick(random, [...alphabet]) + s.slice(at); break;
      case 3: { const n = int(random, 1, 400); s = s.slice(0, at) + '('.repeat(n) + s.slice(at) + ')'.repeat(n); break; }
      default: s = s.slice(0, at) + pick(random, ['-', "'", '+x', '*A', '^2']).repeat(int(random, 1, 3000)) + s.slice(at); break;
    }
  }
  return s;
}

const ricciSeeds = ['L = x[i] W[i,j] y[j]', 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', 'A: [n, n] symmetric\nY[i,j] = inv(A)[i,j]',
  'e[i] = exp(x[i])\nZ = e[i]\np[i] = e[i] / Z', 's = sum[i](tanh(x[i])^2) + delta[i,i]'];
const matrixSeeds = ["x'*A*x", 'tr(A*A)', "sum(x.*x) + norm2(A*x)^2", "(A + A')*x", 'log(det(A))', 'sum(max(0, A*x)) + mean(min(x, 1))'];
const einsumSeeds = ['ij,jk->ik', 'ii->i', '...ij,...jk', 'i,i', 'ab,bc,cd->ad', 'abc,cd->'];

const parsers: Family = (random) => {
  const which = int(random, 0, 2);
  if (which === 0) {
    const text = mutate(random, pick(random, ricciSeeds), 'xyWAij[],=+-*/^()\n:;#0.5 sumdeltanh');
    return { input: `parse ${JSON.stringify(text.slice(0, 200))}`, run: () => { parse(text); } };
  }
  if (which === 1) {
    const text = mutate(random, pick(random, matrixSeeds), "xA*+-'().^/ ,2trdetsummaxmean");
    return { input: `fromMatrixNotation ${JSON.stringify(text.slice(0, 200))}`, run: () => { fromMatrixNotation(text, { x: [3, 1], A: [3, 3] }); } };
  }
  const text = mutate(random, pick(random, einsumSeeds), 'ijkab.,->');
  return { input: `einsum ${JSON.stringify(text.slice(0, 200))}`, run: () => { einsum(text, [[1, 2], [3, 4]], [[1, 0], [0, 1]]); } };
};

/** A random contraction: 1–5 operands over labels a–e of sizes 1–3, a random output. */
const networks: Family = (random) => {
  const labels = 'abcde'.slice(0, int(random, 1, 5));
  const size = new Map([...labels].map((l) => [l, int(random, 1, 3)]));
  const terms = Array.from({ length: int(random, 1, 5) }, () => Array.from({ length: int(random, 0, 3) }, () => pick(random, [...labels])).join(''));
  const used = [...new Set(terms.join(''))];
  const out = used.filter(() => random() < 0.4).join('');
  const subscripts = `${terms.join(',')}->${out}`;
  const shapes = terms.map((t) => [...t].map((l) => size.get(l)!));
  const operands = shapes.map((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return ndarray(Float64Array.from({ length: n }, () => Math.round((random() * 2 - 1) * 8) / 4), shape);
  });
  const optimize = pick(random, optimizeStrategies);
  return {
    input: `${subscripts} ${JSON.stringify(shapes)} optimize=${optimize}`,
    run: () => {
      const expected = naiveEinsum(terms, out, operands, size);
      const got = einsum(subscripts, ...operands, { optimize });
      expectClose(Array.from(got.data as ArrayLike<number>), expected, 'einsum');
      const compiled = compileEinsum(subscripts, shapes, { optimize }).run(...operands);
      expectClose(Array.from(compiled.data as ArrayLike<number>), expected, 'compileEinsum');
    },
  };
};

/** Σ over every label assignment of the product: the definition, as loops. */
function naiveEinsum(terms: readonly string[], out: string, operands: readonly ndarray.NdArray[], size: ReadonlyMap<string, number>): number[] {
  const labels = [...new Set(terms.join('') + out)];
  const outSize = [...out].reduce((n, l) => n * size.get(l)!, 1);
  const result = new Array<number>(outSize).fill(0);
  const value = new Map<string, number>();
  const loop = (k: number): void => {
    if (k === labels.length) {
      let p = 1;
      terms.forEach((t, o) => { p *= operands[o]!.get(...[...t].map((l) => value.get(l)!)); });
      const at = [...out].reduce((n, l) => n * size.get(l)! + value.get(l)!, 0);
      result[at]! += p;
      return;
    }
    for (let v = 0; v < size.get(labels[k]!)!; v++) { value.set(labels[k]!, v); loop(k + 1); }
  };
  loop(0);
  return result;
}

function expectClose(got: readonly number[], expected: readonly number[], what: string): void {
  if (got.length !== expected.length) throw new Error(`${what}: ${got.length} entries, expected ${expected.length}`);
  got.forEach((g, k) => {
    if (Math.abs(g - expected[k]!) > 1e-9 * (1 + Math.abs(expected[k]!))) throw new Error(`${what}: entry ${k} is ${g}, expected ${expected[k]}`);
  });
}

/** A random program (one operation per line) ending in a scalar: gradient and Hessian against finite differences. */
const derivatives: Family = (random) => {
  const p = randomProgram(int(random, 0, 2 ** 31 - 1), int(random, 1, 6));
  const wrt = pick(random, ['x', 'A', 'S']);
  const second = random() < 0.4;
  return {
    input: `${second ? 'hessian' : 'grad'} wrt ${wrt}\n${p.source}`,
    run: () => {
      const d = second ? hessian(p.source, 'L', 'x') : grad(p.source, 'L', wrt);
      const check = d.check(p.inputs);
      if (!check.ok) throw new Error(`finite differences disagree: ${JSON.stringify(check).slice(0, 200)}`);
    },
  };
};

const junk = (random: Random): unknown => pick(random, [
  null, undefined, NaN, Infinity, -1, 0, 2 ** 53, '', 'ij->', {}, [], [[]], [1, [2]], [[1, 2], [3]], () => 1, Symbol('s'),
  { shape: [2], data: [1, 2] }, ndarray(new Float64Array(4), [2, 2]), [-1, 2], [1.5], 'x: [3]\nL = x[i]', { optimize: 'nope' }, { memoryLimit: -5 },
  { limits: { maxElements: -1 } }, { limits: null }, { limits: { maxWork: 1 } }, { limits: { nope: 1 } }, { limits: 'none' }, { limits: { maxReferenceWork: NaN } },
]);

/** Random arguments into every entry point: a result or a RicciError, never a TypeError. */
const apiArguments: Family = (random) => {
  const args = Array.from({ length: int(random, 0, 4) }, () => junk(random));
  const fns: Record<string, (...a: unknown[]) => unknown> = {
    einsum: (...a) => (einsum as (...x: unknown[]) => unknown)(...a),
    contractPath: (...a) => (contractPath as (...x: unknown[]) => unknown)(...a),
    compileEinsum: (...a) => (compileEinsum as (...x: unknown[]) => unknown)(...a),
    evaluate: (...a) => (evaluate as (...x: unknown[]) => unknown)(...a),
    grad: (...a) => (grad as (...x: unknown[]) => unknown)(...a),
    jacobian: (...a) => (jacobian as (...x: unknown[]) => unknown)(...a),
    hessian: (...a) => (hessian as (...x: unknown[]) => unknown)(...a),
    gradients: (...a) => (gradients as (...x: unknown[]) => unknown)(...a),
    parse: (...a) => (parse as (...x: unknown[]) => unknown)(...a),
    fromMatrixNotation: (...a) => (fromMatrixNotation as (...x: unknown[]) => unknown)(...a),
  };
  const name = pick(random, Object.keys(fns));
  const show = args.map((a) => (typeof a === 'function' ? 'fn' : typeof a === 'symbol' ? 'symbol' : JSON.stringify(a)?.slice(0, 40) ?? String(a)));
  return { input: `${name}(${show.join(', ')})`, run: () => { fns[name]!(...args); } };
};

export function runFuzz(options: FuzzOptions): FuzzReport {
  const random = createRandom(options.seed);
  const families: Readonly<Record<string, Family>> = {
    parsers, networks, derivatives, apiArguments,
  };
  const names = Object.keys(families);
  const failures: FuzzFailure[] = [];
  let passed = 0;
  const start = performance.now();
  for (let k = 0; k < options.count && performance.now() - start < options.timeMs; k++) {
    const family = names[k % names.length]!;
    const c = families[family]!(random);
    const t = performance.now();
    let problem: string | undefined;
    try {
      c.run();
    } catch (e) {
      if (!isRicciError(e)) problem = e instanceof Error ? `${e.name}: ${e.message}` : `threw ${String(e)}`;
    }
    const ms = performance.now() - t;
    if (problem === undefined && ms > options.caseMs) problem = `took ${Math.round(ms)} ms (bound ${options.caseMs} ms)`;
    if (problem === undefined) passed++;
    else failures.push({ family, input: c.input, problem: problem.slice(0, 300) });
  }
  return { passed, failed: failures.length, failures };
}
