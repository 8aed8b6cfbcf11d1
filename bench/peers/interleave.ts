/**
 * Side-by-side timing: every contender of a row is checked against the reference result, warmed
 * up and calibrated, then timed in rounds — one sample of each contender per round, the order
 * rotated each round — so that load from the rest of the machine falls on all of them alike.
 */
export type Precision = 'float64' | 'float32';

export interface Contender {
  readonly name: string;
  readonly precision: Precision;
  /** Outside the timed region, before every sample (tf.js switches its backend here). */
  readonly prepare?: () => Promise<void>;
  /** One call; its result, row-major. */
  readonly once: () => Promise<ArrayLike<number>>;
  /** Milliseconds per call over `inner` back-to-back calls. */
  readonly sample: (inner: number) => Promise<number>;
  readonly dispose?: () => unknown;
}

export type Outcome =
  | { readonly kind: 'timed'; readonly ms: number; readonly diff: number }
  | { readonly kind: 'wrong'; readonly diff: number }
  | { readonly kind: 'skipped'; readonly reason: string; readonly overBudget: boolean };

export interface Schedule {
  readonly rounds: number;
  /** A contender whose first call takes longer than this is not timed. */
  readonly budgetMs: number;
  readonly warmMs: number;
  /** Target length of one sample (fast calls are repeated inside it). */
  readonly sampleMs: number;
}

/** Largest error accepted, relative to the result's largest magnitude. */
const tolerance: Record<Precision, number> = { float64: 1e-10, float32: 1e-4 };

/** A contender from a synchronous call (timed in a tight loop); `read` turns its return value into row-major data. */
export function syncContender<T>(name: string, precision: Precision, run: () => T, extra: Pick<Contender, 'prepare' | 'dispose'> & { read?: (x: T) => ArrayLike<number> } = {}): Contender {
  const read = extra.read ?? ((x: T) => x as ArrayLike<number>);
  return {
    name, precision, prepare: extra.prepare, dispose: extra.dispose,
    once: () => Promise.resolve(read(run())),
    sample: (inner) => {
      const t = performance.now();
      for (let k = 0; k < inner; k++) run();
      return Promise.resolve((performance.now() - t) / inner);
    },
  };
}

/** A contender from an asynchronous call (each call awaited: the cost a caller pays). */
export function asyncContender(name: string, precision: Precision, run: () => Promise<ArrayLike<number>>, extra: Pick<Contender, 'prepare' | 'dispose'> = {}): Contender {
  return {
    name, precision, ...extra, once: run,
    sample: async (inner) => {
      const t = performance.now();
      for (let k = 0; k < inner; k++) await run();
      return (performance.now() - t) / inner;
    },
  };
}

/** max |x − r| / max |r|: Infinity when lengths differ or anything is not finite. */
export function relativeDifference(x: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (x.length !== reference.length) return Infinity;
  let scale = 0;
  let worst = 0;
  for (let k = 0; k < reference.length; k++) {
    scale = Math.max(scale, Math.abs(reference[k]!));
    const d = Math.abs(x[k]! - reference[k]!);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst === 0 ? 0 : worst / (scale || 1);
}

export async function timeInterleaved(contenders: readonly Contender[], reference: ArrayLike<number>, schedule: Schedule): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  const timed: { c: Contender; inner: number; diff: number; samples: number[] }[] = [];
  for (const c of contenders) {
    const calibration = await calibrate(c, reference, schedule);
    if ('kind' in calibration) outcomes.set(c.name, calibration);
    else timed.push({ c, ...calibration, samples: [] });
  }
  for (let round = 0; round < schedule.rounds; round++)
    for (let k = 0; k < timed.length; k++) {
      const entry = timed[(k + round) % timed.length]!;
      await entry.c.prepare?.();
      entry.samples.push(await entry.c.sample(entry.inner));
    }
  for (const { c, diff, samples } of timed) outcomes.set(c.name, { kind: 'timed', ms: median(samples), diff });
  return outcomes;
}

async function calibrate(c: Contender, reference: ArrayLike<number>, schedule: Schedule): Promise<{ inner: number; diff: number } | Outcome> {
  try {
    await c.prepare?.();
    let t = performance.now();
    const diff = relativeDifference(await c.once(), reference);
    const first = performance.now() - t;
    if (!(diff <= tolerance[c.precision])) return { kind: 'wrong', diff };
    if (first > schedule.budgetMs) return { kind: 'skipped', overBudget: true, reason: `one call took ${(first / 1e3).toFixed(1)} s (budget ${(schedule.budgetMs / 1e3).toFixed(1)} s)` };
    let fastest = first;
    const start = performance.now();
    do {
      t = performance.now();
      await c.once();
      fastest = Math.min(fastest, performance.now() - t);
    } while (performance.now() - start < schedule.warmMs);
    return { inner: Math.max(1, Math.min(10_000, Math.round(schedule.sampleMs / Math.max(fastest, 1e-4)))), diff };
  } catch (e) {
    return { kind: 'skipped', overBudget: false, reason: `failed: ${String(e).split('\n')[0]}` };
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
