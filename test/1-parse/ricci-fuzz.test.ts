import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import { checkNetwork } from '../../compiler/2-network/check-network.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';

/** Fragments of the language, glued at random: mostly near-miss programs. */
const fragment = fc.constantFrom(
  'x', 'W', 'A', 'i', 'j', 'k', 'f', 'L', '[', ']', '(', ')', ',', ':', '=', '+', '-', '*', '/', '^',
  ' ', '\n', ';', '#', '2', '0', '1e999', '.5', 'exp', 'inv', 'det', 'sum', 'delta', 'symmetric',
  'constructor', '__proto__', 'α', '@', '[i,j]', '[n, n]', '[i]', ' = ', 'x[i]', 'A[i,j]', 'f[i]',
);

describe('arbitrary text', () => {
  it('either parses and builds into a valid network, or raises a RicciError with a span inside the text', () => {
    fc.assert(fc.property(fc.array(fragment, { maxLength: 24 }), (parts) => {
      const source = parts.join('');
      try {
        const net = buildProgram(parseRicci(source));
        expect(checkNetwork([...net.definitions.values()].map((d) => d.node))).toEqual([]);
      } catch (e) {
        expect(e).toBeInstanceOf(RicciError);
        const span = (e as RicciError).span!;
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeLessThanOrEqual(source.length);
      }
    }), { numRuns: 300 });
  });
});
