/**
 * A map of at most `capacity` entries, the least recently used evicted first: the one shape of
 * every cache in ricci (einsum's plans, stride variants, kernels, wasm modules, a Derivative's
 * compiled plans). Owned by whoever creates it; nothing here is module-level state.
 */
export interface BoundedCache<K, V> {
  readonly capacity: number;
  readonly size: number;
  /** The entry for `key`, now the most recently used; undefined when absent. */
  get(key: K): V | undefined;
  /** The entry for `key`, made by `make` (and stored) when absent. */
  getOrCreate(key: K, make: () => V): V;
}

export function createBoundedCache<K, V>(capacity: number): BoundedCache<K, V> {
  const entries = new Map<K, V>();
  // the most recently used entry, already last in `entries`' order: a repeated hit (a loop calling
  // the same einsum) skips the delete + set that moves an entry to the end
  let newest: { readonly key: K; readonly value: V } | undefined;
  const get = (key: K): V | undefined => {
    if (newest !== undefined && newest.key === key) return newest.value;
    const found = entries.get(key);
    if (found === undefined) return undefined;
    entries.delete(key);
    entries.set(key, found);
    newest = { key, value: found };
    return found;
  };
  return {
    capacity,
    get size() { return entries.size; },
    get,
    getOrCreate(key, make) {
      const found = get(key);
      if (found !== undefined) return found;
      const made = make();
      if (entries.size >= capacity) entries.delete(entries.keys().next().value!);
      entries.set(key, made);
      newest = { key, value: made };
      return made;
    },
  };
}
