/**
 * The closest known word to a misspelt one, for "did you mean …?" suggestions: edit distance
 * with adjacent transpositions (`tahn` → `tanh` is one edit), at most 2 and less than half the
 * word, so `softmax` suggests nothing rather than `softplus`.
 */
export function closestWord(word: string, known: readonly string[]): string | undefined {
  const limit = Math.min(2, Math.floor((word.length - 1) / 2));
  const ranked = known
    .map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }))
    .filter((c) => c.distance <= limit)
    // on a tie, the word of the same length: `tahn` is a swap in `tanh`, not `tan` plus a letter
    .sort((a, b) => a.distance - b.distance || lengthGap(a.candidate, word) - lengthGap(b.candidate, word));
  return ranked[0]?.candidate;
}

function lengthGap(a: string, b: string): number {
  return Math.abs(a.length - b.length);
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = Array.from({ length: rows * cols }, (_, k) => (k < cols ? k : k % cols === 0 ? k / cols : 0));
  const at = (i: number, j: number): number => d[i * cols + j]!;
  for (let i = 1; i < rows; i++)
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * cols + j] = v;
    }
  return at(rows - 1, cols - 1);
}
