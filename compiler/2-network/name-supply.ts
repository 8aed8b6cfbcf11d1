/**
 * Fresh names that avoid every name already taken. One supply per compilation, so output is
 * deterministic and nothing is module-level state.
 */
export interface NameSupply {
  fresh(base: string): string;
  /** Marks names as taken (e.g. the user's own index names). */
  reserve(names: Iterable<string>): void;
}

export function createNameSupply(taken: Iterable<string> = []): NameSupply {
  const used = new Set(taken);
  return {
    fresh(base) {
      let k = 1;
      while (used.has(`${base}${k}`)) k++;
      const name = `${base}${k}`;
      used.add(name);
      return name;
    },
    reserve(names) {
      for (const n of names) used.add(n);
    },
  };
}
