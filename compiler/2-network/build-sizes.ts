import type { Size } from './network.js';

/**
 * Size inference by unification (union–find). Every tensor axis and every index of a definition
 * is a size variable; `W[i,j]` unifies W's axes with i and j. A class may hold an integer (from a
 * declaration), declared symbols, and a hint (the index name of an undeclared tensor's first use).
 *   W: [m, 10];  L = x[i] W[i,j] y[j]   →  x: [m], y: [10]
 */
export interface SizeVariables {
  /** Creates `key` if new: fixed to an integer, a declared symbol, or free (named after `hint`). */
  define(key: string, init: SizeInit): void;
  has(key: string): boolean;
  /**
   * Merges two classes; returns the conflict instead of merging when both are different integers,
   * or different declared symbols (`A: [n, m]; x: [n]` with `A[i,j] x[j]`: m is not n, never silently).
   */
  unify(a: string, b: string): SizeConflict | undefined;
  /** The two declared symbols of distinct classes, if `a` and `b` are both declared differently. */
  distinctSymbols(a: string, b: string): readonly [string, string] | undefined;
  /** Final sizes: an integer, a declared symbol, or a fresh symbol named after the first hint. */
  resolve(): (key: string) => Size;
}

export type SizeInit =
  | { readonly kind: 'integer'; readonly value: number; readonly origin: string }
  | { readonly kind: 'symbol'; readonly name: string; readonly origin: string }
  | { readonly kind: 'free'; readonly hint: string; readonly origin: string };

export interface SizeConflict {
  readonly first: { readonly size: number | string; readonly origin: string };
  readonly second: { readonly size: number | string; readonly origin: string };
}

interface ClassInfo {
  integer?: { readonly size: number; readonly origin: string };
  symbol?: string;
  symbolOrigin?: string;
  hint: string;
}

export function createSizeVariables(): SizeVariables {
  const parent = new Map<string, string>();
  const info = new Map<string, ClassInfo>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let k = key; k !== root;) { const up = parent.get(k)!; parent.set(k, root); k = up; }
    return root;
  };
  const infoOf = (key: string): ClassInfo => info.get(find(key))!;
  return {
    define(key, init) {
      if (parent.has(key)) return;
      parent.set(key, key);
      info.set(key, {
        ...(init.kind === 'integer' ? { integer: { size: init.value, origin: init.origin } } : {}),
        ...(init.kind === 'symbol' ? { symbol: init.name, symbolOrigin: init.origin } : {}),
        hint: init.kind === 'free' ? init.hint : init.kind === 'symbol' ? init.name : String(init.value),
      });
    },
    has: (key) => parent.has(key),
    unify(a, b) {
      const ra = find(a);
      const rb = find(b);
      if (ra === rb) return undefined;
      const ia = info.get(ra)!;
      const ib = info.get(rb)!;
      if (ia.integer && ib.integer && ia.integer.size !== ib.integer.size) return { first: ia.integer, second: ib.integer };
      if (ia.symbol !== undefined && ib.symbol !== undefined && ia.symbol !== ib.symbol)
        return { first: { size: ia.symbol, origin: ia.symbolOrigin! }, second: { size: ib.symbol, origin: ib.symbolOrigin! } };
      parent.set(rb, ra);
      const symbol = ia.symbol !== undefined ? { symbol: ia.symbol, symbolOrigin: ia.symbolOrigin! } : ib.symbol !== undefined ? { symbol: ib.symbol, symbolOrigin: ib.symbolOrigin! } : {};
      info.set(ra, { integer: ia.integer ?? ib.integer, ...symbol, hint: ia.hint });
      info.delete(rb);
      return undefined;
    },
    distinctSymbols(a, b) {
      const sa = infoOf(a).symbol;
      const sb = infoOf(b).symbol;
      return sa !== undefined && sb !== undefined && sa !== sb ? [sa, sb] : undefined;
    },
    resolve() {
      const names = nameClasses(info);
      return (key) => {
        const c = infoOf(key);
        return c.integer ? c.integer.size : names.get(find(key))!;
      };
    },
  };
}

/** Declared symbols keep their names; other classes take their hint, made unique (`i`, `i2`, …). */
function nameClasses(info: ReadonlyMap<string, ClassInfo>): Map<string, string> {
  const taken = new Set<string>();
  for (const c of info.values()) if (c.symbol !== undefined) taken.add(c.symbol);
  const names = new Map<string, string>();
  for (const [root, c] of info) {
    if (c.integer) continue;
    if (c.symbol !== undefined) { names.set(root, c.symbol); continue; }
    let name = c.hint;
    for (let k = 2; taken.has(name); k++) name = `${c.hint}${k}`;
    taken.add(name);
    names.set(root, name);
  }
  return names;
}
