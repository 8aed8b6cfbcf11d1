import type { Expr, Program } from '../../compiler/1-parse/ricci-ast.js';
import type { StridedArray } from '../../runtime/strided-array.js';

/**
 * A second, deliberately naive reading of the language's semantics, written from DESIGN.md §3
 * and independent of build-network: each expression is a function of an index assignment, and
 * every sum is an explicit loop over assignments. Exponential, so only for tiny sizes.
 */
type Assignment = ReadonlyMap<string, number>;
interface Lazy { readonly indices: readonly string[]; at(a: Assignment): number }
export interface Dense { readonly shape: number[]; readonly data: number[] }

const functions: Record<string, (x: number) => number> = {
  exp: Math.exp, sin: Math.sin, cos: Math.cos, tanh: Math.tanh, abs: Math.abs,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)), softplus: (x) => Math.log(1 + Math.exp(x)), relu: (x) => Math.max(0, x),
};

export function interpret(program: Program, inputs: Readonly<Record<string, StridedArray>>, sizes: ReadonlyMap<string, number>): Map<string, Dense> {
  const tensors = new Map<string, Dense>();
  for (const name of Object.keys(inputs)) {
    const a = inputs[name]!;
    tensors.set(name, { shape: [...a.shape], data: Array.from(a.data) });
  }
  const results = new Map<string, Dense>();
  for (const s of program.statements) {
    if (s.kind !== 'definition') continue;
    const left = s.indices.map((i) => i.text);
    const body = lazy(s.body, new Set(left), tensors, sizes, { shared: new Set() });
    const summed = body.indices.filter((i) => !left.includes(i));
    const value = tabulate(left, sizes, (a) => sumOver(summed, sizes, a, (b) => body.at(b)));
    tensors.set(s.name.text, value);
    results.set(s.name.text, value);
  }
  return results;
}

/**
 * Where the implied sum may go (DESIGN.md §3, per term): `shared` in a linear position (through
 * + −, unary minus, sum[…] and a product's factors, minus the indices other factors carry), or
 * undefined under a function, a power or a divisor, where terms broadcast.
 */
interface Linear { readonly shared: ReadonlySet<string> }

function lazy(e: Expr, keep: ReadonlySet<string>, tensors: ReadonlyMap<string, Dense>, sizes: ReadonlyMap<string, number>, linear: Linear | undefined): Lazy {
  const sub = (x: Expr, at: Linear | undefined, k = keep): Lazy => lazy(x, k, tensors, sizes, at);
  switch (e.kind) {
    case 'number': return { indices: [], at: () => e.value };
    case 'access': return read(tensors.get(e.tensor.text)!, e.indices.map((i) => i.text));
    case 'negate': { const x = sub(e.operand, linear); return { indices: x.indices, at: (a) => -x.at(a) }; }
    case 'power': { const x = sub(e.base, undefined); return { indices: x.indices, at: (a) => x.at(a) ** e.exponent }; }
    case 'call': { const x = sub(e.arg, undefined); return { indices: x.indices, at: (a) => functions[e.fn]!(x.at(a)) }; }
    case 'add': {
      const terms = e.terms.map((t) => ({ sign: t.sign, x: sub(t.expr, linear) }));
      const all = unique(terms.flatMap((t) => t.x.indices));
      const perTerm = linear ? all.filter((i) => !keep.has(i) && !linear.shared.has(i) && !terms.every((t) => t.x.indices.includes(i))) : [];
      const summed = terms.map((t) => {
        const own = t.x.indices.filter((i) => perTerm.includes(i));
        return { sign: t.sign, at: (a: Assignment) => sumOver(own, sizes, a, (b) => t.x.at(b)) };
      });
      return { indices: all.filter((i) => !perTerm.includes(i)), at: (a) => summed.reduce((s, t) => s + t.sign * t.at(a), 0) };
    }
    case 'multiply': {
      // what each factor carries when its sums broadcast: the indices the other factors share
      const carried = e.factors.map((f) => sub(f.expr, undefined).indices);
      const factors = e.factors.map((f, k) => ({
        divide: f.divide,
        x: sub(f.expr, linear && !f.divide ? { shared: new Set([...linear.shared, ...carried.filter((_, o) => o !== k).flat()]) } : undefined),
      }));
      const all = factors.flatMap((f) => f.x.indices);
      const free = unique(all).filter((i) => keep.has(i) || all.filter((j) => j === i).length === 1);
      const summed = unique(all).filter((i) => !free.includes(i));
      const product = (a: Assignment): number => factors.reduce((p, f) => (f.divide ? p / f.x.at(a) : p * f.x.at(a)), 1);
      return { indices: free, at: (a) => sumOver(summed, sizes, a, product) };
    }
    case 'sum': {
      const names = e.indices.map((i) => i.text);
      const body = sub(e.body, linear, new Set([...keep, ...names]));
      return { indices: body.indices.filter((i) => !names.includes(i)), at: (a) => sumOver(names, sizes, a, (b) => body.at(b)) };
    }
    case 'reduce': {
      // plainly: collect the values along the indices; logsumexp shifted by their max
      const names = e.indices.map((i) => i.text);
      const body = sub(e.body, undefined, new Set([...keep, ...names]));
      const reduce = (xs: number[]): number => {
        const m = e.op === 'min' ? Math.min(...xs) : Math.max(...xs);
        return e.op === 'logsumexp' ? m + Math.log(xs.map((x) => Math.exp(x - m)).reduce((s, x) => s + x, 0)) : m;
      };
      return { indices: body.indices.filter((i) => !names.includes(i)), at: (a) => {
        const xs: number[] = [];
        sumOver(names, sizes, a, (b) => { xs.push(body.at(b)); return 0; });
        return reduce(xs);
      } };
    }
    case 'delta': {
      const [i, j] = e.indices.map((x) => x.text) as [string, string];
      return { indices: unique([i, j]), at: (a) => (a.get(i) === a.get(j) ? 1 : 0) };
    }
    case 'matrix': {
      const m = tensors.get(e.matrix.text)!;
      if (e.fn === 'inv') return read(inverse(m), e.indices.map((i) => i.text));
      const d = determinant(m);
      return { indices: [], at: () => (e.fn === 'det' ? d : Math.log(Math.abs(d))) };
    }
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

function read(t: Dense, indices: readonly string[]): Lazy {
  return {
    indices: unique(indices),
    at: (a) => t.data[indices.reduce((flat, name, axis) => flat * t.shape[axis]! + a.get(name)!, 0)]!,
  };
}

function sumOver(names: readonly string[], sizes: ReadonlyMap<string, number>, a: Assignment, f: (a: Assignment) => number): number {
  if (names.length === 0) return f(a);
  const [first, ...rest] = names as [string, ...string[]];
  let total = 0;
  for (let k = 0; k < sizes.get(first)!; k++) total += sumOver(rest, sizes, new Map(a).set(first, k), f);
  return total;
}

function tabulate(indices: readonly string[], sizes: ReadonlyMap<string, number>, f: (a: Assignment) => number): Dense {
  const shape = indices.map((i) => sizes.get(i)!);
  const data: number[] = [];
  const visit = (axis: number, a: Map<string, number>): void => {
    if (axis === indices.length) { data.push(f(a)); return; }
    for (let k = 0; k < shape[axis]!; k++) visit(axis + 1, new Map(a).set(indices[axis]!, k));
  };
  visit(0, new Map());
  return { shape, data };
}

/** Laplace expansion along the first row. */
function determinant(m: Dense): number {
  const n = m.shape[0]!;
  if (n === 1) return m.data[0]!;
  let det = 0;
  for (let c = 0; c < n; c++) det += (c % 2 === 0 ? 1 : -1) * m.data[c]! * determinant(minor(m, 0, c));
  return det;
}

/** inv(M)[i,j] = cofactor(j,i) / det(M). */
function inverse(m: Dense): Dense {
  const n = m.shape[0]!;
  const det = determinant(m);
  const data: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data.push(((i + j) % 2 === 0 ? 1 : -1) * determinant(minor(m, j, i)) / det);
  return { shape: [n, n], data };
}

function minor(m: Dense, row: number, col: number): Dense {
  const n = m.shape[0]!;
  const data: number[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (r !== row && c !== col) data.push(m.data[r * n + c]!);
  return { shape: [n - 1, n - 1], data };
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
