import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ProblemOutcome } from './ml-catalogue-measure.js';

/** The recorded result of a catalogue run: its size, how many pass, and exactly which fail. */
export interface RecordedOutcomes {
  readonly problems: number;
  readonly passed: number;
  readonly failures: readonly string[];
}

export function readRecorded(file: string): RecordedOutcomes {
  return JSON.parse(readFileSync(file, 'utf8')) as RecordedOutcomes;
}

/** Exactly the recorded failures (so progress and regressions both fail), the recorded count, and at least `rate` passing. */
export function expectRecorded(outcomes: readonly ProblemOutcome[], recorded: RecordedOutcomes, rate: number): void {
  const passed = outcomes.filter((o) => o.ok).length;
  expect(outcomes.filter((o) => !o.ok).map((o) => `${o.key}: ${o.verdict}`)).toEqual(recorded.failures);
  expect(passed).toBe(recorded.passed);
  expect(passed / outcomes.length).toBeGreaterThanOrEqual(rate);
}

/** The printed forms against a golden file (UPDATE_GOLDEN=1 rewrites it; read the diff). */
export function expectGolden(outcomes: readonly ProblemOutcome[], golden: string): void {
  const passed = outcomes.filter((o) => o.ok).length;
  const text = `${outcomes.map((o) => `${o.key}\n  ${o.printed}\n`).join('')}\n${passed}/${outcomes.length} print a matrix expression equal to the derivative\n`;
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(golden)) writeFileSync(golden, text);
  expect(text).toBe(readFileSync(golden, 'utf8'));
}
