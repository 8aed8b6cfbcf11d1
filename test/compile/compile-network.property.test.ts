import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import { evaluateNetwork } from '../../compiler/2-network/evaluate-network.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { compileNetwork } from '../../src/compile.js';
import { randomProgram } from '../language/random-program.js';
import { createRandom, maxScaledDiff } from '../support/random.js';

/** Runs `f`, or returns undefined when it reports a RicciError (a non-finite value, say). */
function unlessReported<T>(f: () => T): T | undefined {
  try { return f(); } catch (e) { if (isRicciError(e)) return undefined; throw e; }
}

describe('compileNetwork on random Ricci programs', () => {
  it('equals the reference evaluator on every definition, and no name reaches the source', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const { text, inputs } = randomProgram(createRandom(seed));
      const net = buildProgram(parseRicci(text));
      const roots = [...net.definitions.values()].map((d) => d.node);
      const expected = unlessReported(() => evaluateNetwork(roots, inputs));
      fc.pre(expected !== undefined && expected.every((t) => t.data.every(Number.isFinite)));
      const shapes = Object.fromEntries(Object.entries(inputs).map(([name, a]) => [name, a.shape]));
      const compiled = compileNetwork(roots, shapes);
      for (const name of ['toString', 'W_1', 'constructor', '__proto__', 'α']) expect(compiled.source).not.toContain(name);
      const got = compiled.run(inputs);
      got.forEach((r, k) => expect(maxScaledDiff(r, expected![k]!), text).toBeLessThan(1e-10));
    }), { numRuns: 150, seed: 8 });
  });
});
