import { fail } from '../diagnostics/pipeline-errors.js';
import type { PathOptions } from './optimizer.js';

/**
 * Default work budget of one path search, in work units of about 20 ns of CPU here (one split of
 * the all-subset search; a pair in the connected search and a greedy candidate count more, below):
 * 0.5–1 s of CPU here (more on a loaded machine). The budget, not the clock, ends a default search,
 * so the same inputs give the same path however loaded the machine is.
 */
export const DEFAULT_SEARCH_BUDGET = 5e7;
/** Default wall-time limit of one path search, in milliseconds: only a far safety net (well past what the budget takes here). */
export const DEFAULT_TIME_LIMIT = 5000;
/** Work units charged per greedy candidate (measured: 4–8 µs per candidate with its share of the run). */
export const GREEDY_CANDIDATE_WORK = 300;
/**
 * Work units charged per pair the connected search scans, and per index of a pair it combines.
 * Measured inside auto (time in the search against scans and indices, four networks of 20–30
 * operands): about 75 ns a scan and 20 ns an index. Charging scans alone (10 units) let a dense
 * network's search run 1.7 s on auto's 5e7-unit budget, whose pairs carry ~19 indices each where
 * a lattice's carry 2.
 */
export const CONNECTED_PAIR_WORK = 4;
export const CONNECTED_INDEX_WORK = 1;
/** Largest `trials` accepted (random-greedy stops earlier when the budget is spent). */
const MAX_TRIALS = 1_000_000;

/** What one search may still spend; shared by every sub-search of one optimizer call. */
export interface SearchBudget {
  /** Charges `units` of work; false once the work or the time is used up (and from then on). */
  spend(units: number): boolean;
  /** Work units left (0 once exhausted, by work or by time). */
  remaining(): number;
  /** Milliseconds left before the time limit. */
  timeLeft(): number;
  readonly exhausted: boolean;
}

/** Time is read once per this many work units. */
const CLOCK_EVERY = 1 << 16;

/** A fresh budget from the options (`budget` work units, `timeLimit` ms), after validating them. */
export function createBudget(options: PathOptions): SearchBudget {
  const { budget, timeLimit } = checkSearchOptions(options);
  const deadline = performance.now() + timeLimit;
  let left = budget, sinceClock = 0, exhausted = false;
  return {
    spend(units) {
      if (exhausted) return false;
      left -= units;
      sinceClock += units;
      if (sinceClock >= CLOCK_EVERY) {
        sinceClock = 0;
        if (performance.now() > deadline) left = 0;
      }
      if (left <= 0) exhausted = true;
      return !exhausted;
    },
    remaining: () => (exhausted ? 0 : left),
    timeLeft: () => Math.max(0, deadline - performance.now()),
    get exhausted() { return exhausted; },
  };
}

/** The search settings with their defaults, each checked (a coded error names the option and the value). */
export function checkSearchOptions(options: PathOptions): { budget: number; timeLimit: number; trials: number | undefined; seed: number } {
  const { budget = DEFAULT_SEARCH_BUDGET, timeLimit = DEFAULT_TIME_LIMIT, trials, seed = 0 } = options;
  if (!isPositiveFinite(budget)) fail('path_option_invalid', undefined, 'budget', describe(budget), 'a finite positive number of work units');
  if (!isPositiveFinite(timeLimit)) fail('path_option_invalid', undefined, 'timeLimit', describe(timeLimit), 'a finite positive number of milliseconds');
  if (trials !== undefined && !(Number.isInteger(trials) && trials >= 1 && trials <= MAX_TRIALS))
    fail('path_option_invalid', undefined, 'trials', describe(trials), `an integer from 1 to ${MAX_TRIALS}`);
  if (!Number.isSafeInteger(seed)) fail('path_option_invalid', undefined, 'seed', describe(seed), 'a safe integer');
  return { budget, timeLimit, trials, seed };
}

function isPositiveFinite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

function describe(x: unknown): string {
  return typeof x === 'string' ? `'${x}'` : typeof x === 'number' || typeof x === 'boolean' || x === undefined || x === null ? String(x) : typeof x;
}

/**
 * A view of `budget` holding back `share` of what is left (work and time alike): it reports
 * exhaustion once only that share would remain, so a first search leaves room for a second.
 */
export function withReserve(budget: SearchBudget, share: number): SearchBudget {
  const reserve = share * budget.remaining();
  const deadline = performance.now() + (1 - share) * budget.timeLeft();
  const over = () => budget.exhausted || budget.remaining() <= reserve || performance.now() > deadline;
  return {
    spend(units) {
      budget.spend(units);
      return !over();
    },
    remaining: () => (over() ? 0 : budget.remaining() - reserve),
    timeLeft: () => Math.max(0, deadline - performance.now()),
    get exhausted() { return over(); },
  };
}
