import { determinant, inverse, logAbsDeterminant } from '../../compiler/2-network/matrix-functions.js';
import { applyElementwise } from '../../compiler/2-network/elementwise.js';
import type { ElementwiseFn } from '../../compiler/2-network/network.js';
import type { IndexTree } from '../../compiler/2-network/index-tree.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { readElement } from '../../runtime/strided-array.js';

/**
 * A test oracle for printed index notation: evaluates an IndexTree entry by entry. A product sums
 * every index its factors expose that the caller has not fixed (Einstein's rule, scoped).
 */
export function evaluateTree(tree: IndexTree, env: Readonly<Record<string, DenseArray>>, fixed: ReadonlyMap<string, number>): number {
  const sizes = sizesIn(tree, env);
  const value = (t: IndexTree, at: ReadonlyMap<string, number>): number => {
    switch (t.kind) {
      case 'access':
        return readElement(env[t.name]!, t.indices.map((i) => at.get(i)!));
      case 'delta':
        return at.get(t.indices[0]!) === at.get(t.indices[1]!) ? 1 : 0;
      case 'number':
        return t.value;
      case 'product':
        return sumOver(t.factors.flatMap(exposed).filter((i) => !at.has(i)), at, sizes, (a) => t.factors.reduce((p, f) => p * value(f, a), 1));
      case 'sum':
        return t.terms.reduce((s, term) => s + term.coefficient * value(term.tree, at), 0);
      case 'apply':
        return derivativeOf(t.fn, t.derivative)(value(t.arg, at));
      case 'matfn': {
        const n = sizes.get(t.argIndices[0]!)!;
        const m = new Float64Array(n * n);
        for (let r = 0; r < n; r++) for (let c = 0; c < n; c++)
          m[r * n + c] = value(t.arg, new Map([...at, [t.argIndices[0]!, r], [t.argIndices[1]!, c]]));
        if (t.fn === 'det') return determinant(m, n);
        if (t.fn === 'logdet') return logAbsDeterminant(m, n)!;
        return inverse(m, n)![at.get(t.indices[0]!)! * n + at.get(t.indices[1]!)!]!;
      }
      case 'sigma':
        return sumOver(t.indices.filter((i) => !at.has(i)), at, sizes, (a) => value(t.body, a));
      case 'reduce': {
        const xs: number[] = [];
        sumOver(t.over, at, sizes, (a) => { xs.push(value(t.arg, a)); return 0; });
        const m = t.op === 'min' ? Math.min(...xs) : Math.max(...xs);
        return t.op === 'logsumexp' ? m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0)) : m;
      }
    }
  };
  return value(tree, fixed);
}

function exposed(t: IndexTree): string[] {
  switch (t.kind) {
    case 'access': case 'delta': case 'apply': case 'matfn': case 'reduce':
      return [...t.indices];
    case 'number':
      return [];
    case 'product': {
      // an index two factors share is summed inside the product (Einstein's rule, scoped)
      const all = t.factors.flatMap(exposed);
      return all.filter((i) => all.indexOf(i) === all.lastIndexOf(i));
    }
    case 'sum':
      return [...new Set(t.terms.flatMap((x) => exposed(x.tree)))];
    case 'sigma':
      return exposed(t.body).filter((i) => !t.indices.includes(i));
  }
}

function sumOver(free: readonly string[], at: ReadonlyMap<string, number>, sizes: ReadonlyMap<string, number>, body: (a: Map<string, number>) => number): number {
  const names = [...new Set(free)];
  const walk = (k: number, a: Map<string, number>): number => {
    if (k === names.length) return body(a);
    let s = 0;
    for (let v = 0; v < sizes.get(names[k]!)!; v++) s += walk(k + 1, new Map([...a, [names[k]!, v]]));
    return s;
  };
  return walk(0, new Map(at));
}

function sizesIn(tree: IndexTree, env: Readonly<Record<string, DenseArray>>): Map<string, number> {
  const sizes = new Map<string, number>();
  const visit = (t: IndexTree): void => {
    if (t.kind === 'access') t.indices.forEach((i, k) => sizes.set(i, env[t.name]!.shape[k]!));
    if (t.kind === 'product') t.factors.forEach(visit);
    if (t.kind === 'sum') t.terms.forEach((x) => visit(x.tree));
    if (t.kind === 'apply') visit(t.arg);
    if (t.kind === 'sigma') visit(t.body);
    if (t.kind === 'matfn' || t.kind === 'reduce') visit(t.arg);
  };
  visit(tree);
  const visitMatfn = (t: IndexTree): void => {
    if (t.kind === 'matfn') t.indices.forEach((i) => sizes.set(i, sizes.get(t.argIndices[0]!)!));
    if (t.kind === 'product') t.factors.forEach(visitMatfn);
    if (t.kind === 'sum') t.terms.forEach((x) => visitMatfn(x.tree));
    if (t.kind === 'sigma') visitMatfn(t.body);
    if (t.kind === 'delta') t.indices.forEach((i) => { if (!sizes.has(i)) sizes.set(i, sizes.get(t.indices.find((j) => sizes.has(j))!)!); });
  };
  visitMatfn(tree);
  return sizes;
}

/** f, f′, f″ for the functions the tests use. */
function derivativeOf(fn: ElementwiseFn, order: number): (x: number) => number {
  if (order === 0) return applyElementwise(fn);
  const table: Record<string, ((x: number) => number)[]> = {
    exp: [Math.exp, Math.exp],
    tanh: [(x) => 1 - Math.tanh(x) ** 2, (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)],
    log: [(x) => 1 / x, (x) => -1 / (x * x)],
    sin: [Math.cos, (x) => -Math.sin(x)],
  };
  return table[fn.name]![order - 1]!;
}
