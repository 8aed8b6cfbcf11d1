/** A binary contraction tree: a leaf is an operand position, a node contracts its two children. */
export type ContractionTree = number | { readonly left: ContractionTree; readonly right: ContractionTree };

/** Emits `trees`' steps in post-order into an SSA path whose first new id is `firstId`. */
export function treesToSsa(trees: readonly ContractionTree[], firstId: number): { ssa: number[][]; roots: number[] } {
  const ssa: number[][] = [];
  const emit = (t: ContractionTree): number => {
    if (typeof t === 'number') return t;
    const a = emit(t.left), b = emit(t.right);
    ssa.push([Math.min(a, b), Math.max(a, b)]);
    return firstId + ssa.length - 1;
  };
  const roots = trees.map(emit);
  return { ssa, roots };
}

/** Appends outer products joining `roots` (with their sizes), the two smallest first. */
export function joinSmallestFirst(ssa: number[][], roots: readonly { id: number; size: number }[], firstId: number): void {
  const pending = [...roots];
  while (pending.length > 1) {
    pending.sort((x, y) => x.size - y.size || x.id - y.id);
    const [a, b] = pending.splice(0, 2) as [{ id: number; size: number }, { id: number; size: number }];
    ssa.push([Math.min(a.id, b.id), Math.max(a.id, b.id)]);
    pending.push({ id: firstId + ssa.length - 1, size: a.size * b.size });
  }
}
