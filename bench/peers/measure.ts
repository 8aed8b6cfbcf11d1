/**
 * Median wall time in milliseconds per call over `reps` timed samples. Calls are first repeated
 * for at least 100 ms so the JIT has optimized them (a compiled plan is meant to be called warm);
 * calls faster than ~5 ms are batched so each sample lasts about 5 ms.
 */
export function medianMs(reps: number, run: () => unknown): number {
  const warmStart = performance.now();
  let last = 0;
  do {
    const t = performance.now();
    run();
    last = performance.now() - t;
  } while (performance.now() - warmStart < 100);
  const inner = Math.max(1, Math.min(10_000, Math.floor(5 / Math.max(last, 1e-4))));
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    for (let k = 0; k < inner; k++) run();
    times.push((performance.now() - t) / inner);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
