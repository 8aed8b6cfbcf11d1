import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { printProgram } from '../../compiler/1-parse/ricci-print.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import { checkNetwork } from '../../compiler/2-network/check-network.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { evaluate } from '../../src/evaluate.js';
import { createRandom, maxScaledDiff } from '../support/random.js';
import { interpret } from './naive-interpreter.js';
import { indexSizes, randomProgram } from './random-program.js';

/** The tree without spans, for comparing a reparse with the tree it was printed from. */
function withoutSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutSpans);
  if (typeof x !== 'object' || x === null) return x;
  return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'span' && k !== 'source' && k !== 'warnings').map(([k, v]) => [k, withoutSpans(v)]));
}

/** Every identifier's span quotes exactly its text. */
function identifierSpans(x: unknown, source: string, out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach((v) => identifierSpans(v, source, out));
  else if (typeof x === 'object' && x !== null) {
    const o = x as Record<string, unknown>;
    const span = o['span'] as { start: number; end: number } | undefined;
    if (typeof o['text'] === 'string' && span && source.slice(span.start, span.end) !== o['text'])
      out.push(`'${o['text']}' quoted as '${source.slice(span.start, span.end)}'`);
    for (const [k, v] of Object.entries(o)) if (k !== 'span') identifierSpans(v, source, out);
  }
  return out;
}

const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });

describe('random well-formed programs', () => {
  it('print → parse gives the same tree, and printing is a fixed point', () => {
    fc.assert(fc.property(seeds, (seed) => {
      const { text, program } = randomProgram(createRandom(seed));
      const reparsed = parseRicci(text);
      expect(withoutSpans(reparsed)).toEqual(withoutSpans(program));
      expect(printProgram(reparsed)).toBe(text);
      expect(identifierSpans(reparsed, text)).toEqual([]);
    }), { numRuns: 200 });
  });

  it('build into networks that checkNetwork finds valid', () => {
    fc.assert(fc.property(seeds, (seed) => {
      const net = buildProgram(parseRicci(randomProgram(createRandom(seed)).text));
      const roots = [...net.definitions.values()].map((d) => d.node);
      expect(checkNetwork(roots)).toEqual([]);
      for (const d of net.definitions.values()) expect(d.node.shape.length).toBe(d.indices.length);
    }), { numRuns: 200 });
  });

  it('evaluate like a naive interpreter of the Einstein rule', () => {
    fc.assert(fc.property(seeds, (seed) => {
      const { text, inputs } = randomProgram(createRandom(seed));
      const expected = interpret(parseRicci(text), inputs, indexSizes);
      // exp of a large product may overflow: such programs say nothing about the Einstein rule
      fc.pre([...expected.values()].every((t) => t.data.every(Number.isFinite)));
      const actual = evaluateUnlessOverflow(text, inputs);
      // …nor do those whose intermediate overflows (1 / exp(1e19)), which evaluate reports instead of hiding
      fc.pre(actual !== undefined);
      for (const [name, want] of expected) {
        const got = actual[name]!;
        expect(got.shape, `${name} in\n${text}`).toEqual(want.shape);
        expect(maxScaledDiff({ shape: got.shape, data: Array.from(got.data) }, want), `${name} in\n${text}`).toBeLessThan(1e-8);
      }
    }), { numRuns: 150 });
  });
});

function evaluateUnlessOverflow(text: string, inputs: Parameters<typeof evaluate>[1]): ReturnType<typeof evaluate> | undefined {
  try {
    return evaluate(text, inputs);
  } catch (e) {
    if (e instanceof RicciError && e.code === 'non_finite_result') return undefined;
    throw e;
  }
}
