import type { IndexName } from './network.js';

/**
 * The one supply of fresh names: identifiers for generated code and provisional index names
 * (`fresh('acc')` → acc1, acc2, …) and index names for printing in textbook order (`index()` → i, j,
 * k, …). One supply per compilation or printout, so output is deterministic and nothing is
 * module-level state.
 */
export interface NameSupply {
  /** `base` with the smallest number that makes it new: base1, base2, … */
  fresh(base: string): string;
  /** `preferred` when it is new, else the first new name in textbook order (textbookIndexNames). */
  index(preferred?: IndexName): IndexName;
  /** Marks names as taken (e.g. the user's own index names). */
  reserve(names: Iterable<string>): void;
  has(name: string): boolean;
}

export function createNameSupply(taken: Iterable<string> = []): NameSupply {
  const used = new Set(taken);
  const take = (name: string): string => {
    used.add(name);
    return name;
  };
  // where to resume counting per base: names are only ever added, so no smaller k becomes free
  const next = new Map<string, number>();
  return {
    fresh(base) {
      let k = next.get(base) ?? 1;
      while (used.has(`${base}${k}`)) k++;
      next.set(base, k + 1);
      return take(`${base}${k}`);
    },
    index(preferred) {
      if (preferred !== undefined && !used.has(preferred)) return take(preferred);
      const names = textbookIndexNames();
      for (;;) {
        const name = names.next().value!;
        if (!used.has(name)) return take(name);
      }
    },
    reserve(names) {
      for (const n of names) used.add(n);
    },
    has: (name) => used.has(name),
  };
}

/** The textbook order of index names; beyond it, numbered names (i1, j1, …, i2, …). */
const letters = ['i', 'j', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;

function* textbookIndexNames(): Generator<IndexName> {
  yield* letters;
  for (let n = 1; ; n++) for (const l of letters) yield `${l}${n}`;
}
