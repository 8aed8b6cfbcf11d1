/**
 * Large WebAssembly arenas (over a plan's own retention limit) kept for the plans that ran last,
 * at most a byte budget in all, the least recently run dropped first. A hot large plan then reuses
 * its arena instead of faulting in a fresh one every run (that cost 40% of a 5-operand n=30
 * network's run here), while an idle cache of plans pins at most the budget. Owned by a kernel
 * cache (no module-level state).
 */
export interface ArenaKeeper {
  /**
   * The arena kept for `owner`, else a new one from `make`, now the most recently used; others are
   * dropped (`drop` called) until the kept total fits `budget`. Undefined when `bytes` alone
   * exceed the budget (nothing is kept for it).
   */
  keep<T>(owner: object, bytes: number, budget: number, make: () => T, drop: (arena: T) => void): T | undefined;
  /** Bytes kept for `owner` (0 when none). */
  bytesOf(owner: object): number;
  /** Drops what is kept for `owner`, if anything (a plan that has an arena of its own now). */
  forget(owner: object): void;
  /** Bytes kept in all. */
  readonly bytes: number;
}

interface Kept { readonly bytes: number; readonly arena: unknown; readonly drop: (arena: never) => void }

export function createArenaKeeper(): ArenaKeeper {
  const kept = new Map<object, Kept>();
  let total = 0;
  const release = (owner: object): void => {
    const k = kept.get(owner)!;
    kept.delete(owner);
    total -= k.bytes;
    (k.drop as (arena: unknown) => void)(k.arena);
  };
  return {
    keep<T>(owner: object, bytes: number, budget: number, make: () => T, drop: (arena: T) => void): T | undefined {
      const found = kept.get(owner);
      if (found !== undefined) {
        kept.delete(owner);
        kept.set(owner, found);
        while (total > budget && kept.size > 1) release(kept.keys().next().value!);
        if (total <= budget) return found.arena as T;
        release(owner);
        return undefined;
      }
      if (bytes > budget) return undefined;
      while (total + bytes > budget) release(kept.keys().next().value!);
      const arena = make();
      kept.set(owner, { bytes, arena, drop });
      total += bytes;
      return arena;
    },
    bytesOf: (owner) => kept.get(owner)?.bytes ?? 0,
    forget(owner) {
      if (kept.has(owner)) release(owner);
    },
    get bytes() { return total; },
  };
}
