import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../fuzz/fuzz.js';

/** A short deterministic slice of `npm run fuzz` (fuzz/README.md): every family, a fixed seed. */
describe('fuzz slice', () => {
  it('60 seeded cases over parsers, networks, derivatives and API arguments end in a result or a RicciError, and agree with the oracles', () => {
    const report = runFuzz({ seed: 20261207, count: 60, timeMs: 60_000, caseMs: 5000 });
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(60);
  });
});
