import { spawnSync } from 'node:child_process';

/** One numpy measurement request: subscripts, shapes and how many timed calls. */
export interface NumpyCase {
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
  readonly reps: number;
}

/** Median seconds per call of np.einsum with optimize=False and optimize=True, timed inside python. */
export interface NumpyTiming {
  readonly naive: number;
  readonly optimized: number;
}

const script = `
import json, sys, time
import numpy as np
cases = json.load(sys.stdin)
rng = np.random.default_rng(0)
out = []
def median(f, reps):
    t = time.perf_counter()
    f()
    inner = max(1, min(200, int(0.005 / max(time.perf_counter() - t, 1e-9))))
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(inner): f()
        ts.append((time.perf_counter() - t) / inner)
    ts.sort()
    return ts[len(ts) // 2]
for c in cases:
    ops = [rng.standard_normal(s) for s in c['shapes']]
    r = {}
    for key, opt in (('naive', False), ('optimized', True)):
        r[key] = median(lambda: np.einsum(c['subscripts'], *ops, optimize=opt), c['reps'])
    out.append(r)
print(json.dumps(out))
`;

/** Runs every case in one python3 process; undefined when python3 or numpy is missing. */
export function timeNumpy(cases: readonly NumpyCase[]): (NumpyTiming | undefined)[] {
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0 || !result.stdout) return cases.map(() => undefined);
  return JSON.parse(result.stdout) as NumpyTiming[];
}
