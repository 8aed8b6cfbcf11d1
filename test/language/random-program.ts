import type { Expr, Identifier, Program, Statement } from '../../compiler/1-parse/ricci-ast.js';
import { printProgram } from '../../compiler/1-parse/ricci-print.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { randomArray } from '../support/random.js';

/**
 * Random well-formed Ricci programs, from a seeded PRNG. Every index name has one size in the
 * whole program, so sizes always unify; a left-hand side and a sum[…] only use indices visible
 * in their expression (not under a sum over the same name), so they are always free there.
 */
export const indexSizes: ReadonlyMap<string, number> = new Map([
  ['i', 2], ['j', 2], ['k', 3], ['constructor', 3], ['__proto__', 1], ['α', 3],
]);

interface TensorSpec { readonly name: string; readonly shape: readonly number[] }

const inputSpecs: readonly TensorSpec[] = [
  { name: 'A', shape: [2, 3] }, { name: 'B', shape: [3, 3] }, { name: 'v', shape: [2] },
  { name: 'toString', shape: [3] }, { name: 's', shape: [] }, { name: 'W_1', shape: [2, 2, 1] },
];
const safeFunctions = ['exp', 'sin', 'cos', 'tanh', 'sigmoid', 'softplus', 'abs', 'relu'] as const;

export interface RandomProgram {
  readonly text: string;
  readonly program: Program;
  readonly inputs: Record<string, DenseArray>;
}

const at = { start: 0, end: 0 };
const id = (text: string): Identifier => ({ text, span: at });

export function randomProgram(random: () => number): RandomProgram {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const tensors: TensorSpec[] = [...inputSpecs];
  const statements: Statement[] = [];
  // B is always declared: inv/det/logdet need a named square matrix
  for (const t of inputSpecs)
    if (t.name === 'B' || random() < 0.5)
      statements.push({ kind: 'declaration', name: id(t.name), shape: t.shape.map((n) => ({ kind: 'integer', value: n, span: at })), symmetric: false, span: at });
  const namesOfSize = (n: number): string[] => [...indexSizes].filter(([, s]) => s === n).map(([name]) => name);
  const access = (): Expr => {
    const t = pick(tensors);
    return { kind: 'access', tensor: id(t.name), indices: t.shape.map((n) => id(pick(namesOfSize(n)))), span: at };
  };
  const expr = (depth: number): Expr => {
    const r = random();
    if (depth <= 0 || r < 0.3) return random() < 0.85 ? access() : { kind: 'number', value: pick([0.5, 1, 2, 3]), span: at };
    const sub = (): Expr => expr(depth - 1);
    if (r < 0.45) {
      const extra = random() < 0.3 ? [divisor(sub)] : [];
      return { kind: 'multiply', factors: [{ expr: sub(), divide: false }, { expr: sub(), divide: false }, ...extra], span: at };
    }
    if (r < 0.6) return { kind: 'add', terms: [{ sign: 1, expr: sub() }, { sign: random() < 0.5 ? 1 : -1, expr: sub() }], span: at };
    if (r < 0.67) return { kind: 'negate', operand: sub(), span: at };
    if (r < 0.74) return { kind: 'power', base: sub(), exponent: 2, span: at };
    if (r < 0.82) return { kind: 'call', fn: pick(safeFunctions), arg: sub(), span: at };
    if (r < 0.88) return matrixCall(pick);
    if (r < 0.93) return deltaTimesVector(pick, namesOfSize);
    const body = sub();
    const visible = visibleIndices(body);
    if (visible.length === 0) return body;
    return { kind: 'sum', indices: subset(random, visible, 1).map(id), body, span: at };
  };
  const definitions = 1 + Math.floor(random() * 3);
  for (let d = 0; d < definitions; d++) {
    const body = expr(3);
    const left = subset(random, visibleIndices(body), 0);
    const name = pick(['f', 'g', 'valueOf', 'L', 'σ']) + d;
    statements.push({ kind: 'definition', name: id(name), indices: left.map(id), body, span: at });
    tensors.push({ name, shape: left.map((i) => indexSizes.get(i)!) });
  }
  const program: Program = { source: '', statements };
  return { text: printProgram(program), program, inputs: inputValues(random) };
}

function divisor(sub: () => Expr): { expr: Expr; divide: true } {
  return { expr: { kind: 'call', fn: 'exp', arg: sub(), span: at }, divide: true };
}

/** δ[i,j] next to a vector carrying i, so i's size is bound by an input. */
function deltaTimesVector(pick: <T>(xs: readonly T[]) => T, namesOfSize: (n: number) => string[]): Expr {
  const vector = pick([{ name: 'v', size: 2 }, { name: 'toString', size: 3 }]);
  const i = pick(namesOfSize(vector.size));
  const delta: Expr = { kind: 'delta', indices: [id(i), id(pick(namesOfSize(vector.size)))], span: at };
  const access: Expr = { kind: 'access', tensor: id(vector.name), indices: [id(i)], span: at };
  return { kind: 'multiply', factors: [{ expr: delta, divide: false }, { expr: access, divide: false }], span: at };
}

function matrixCall(pick: <T>(xs: readonly T[]) => T): Expr {
  const fn = pick(['inv', 'det', 'logdet'] as const);
  const indices = fn === 'inv' ? [id(pick(['k', 'constructor', 'α'])), id(pick(['k', 'constructor', 'α']))] : [];
  return { kind: 'matrix', fn, matrix: id('B'), indices, span: at };
}

function inputValues(random: () => number): Record<string, DenseArray> {
  const values: Record<string, DenseArray> = Object.create(null);
  for (const t of inputSpecs) values[t.name] = randomArray(t.shape, random);
  const b = values['B']!;
  for (let k = 0; k < 3; k++) b.data[k * 4] = b.data[k * 4]! + 3;
  return values;
}

/** A random non-empty (if min ≥ 1) subset in random order. */
function subset(random: () => number, xs: readonly string[], min: number): string[] {
  const shuffled = [...xs].sort(() => random() - 0.5);
  const n = min + Math.floor(random() * (xs.length - min + 1));
  return shuffled.slice(0, n);
}

/** Index names occurring in `e` outside any sum over the same name: exactly the ones a keep set preserves. */
export function visibleIndices(e: Expr): string[] {
  switch (e.kind) {
    case 'number': return [];
    case 'access': case 'delta': case 'matrix': return [...new Set(e.indices.map((i) => i.text))];
    case 'negate': return visibleIndices(e.operand);
    case 'power': return visibleIndices(e.base);
    case 'call': return visibleIndices(e.arg);
    case 'add': return [...new Set(e.terms.flatMap((t) => visibleIndices(t.expr)))];
    case 'multiply': return [...new Set(e.factors.flatMap((f) => visibleIndices(f.expr)))];
    case 'sum': case 'reduce': return visibleIndices(e.body).filter((i) => !e.indices.some((s) => s.text === i));
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}
