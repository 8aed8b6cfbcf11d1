import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromMatrixNotation } from '../../compiler/1-parse/matrix-input.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import { grad, jacobian } from '../../src/derive.js';
import { parse } from '../../src/parse.js';
import { gradients } from '../../src/gradients.js';
import { randomInputs } from '../../src/random-inputs.js';
import type { TensorLike } from '../../src/tensor-like.js';
import { evaluate } from '../../src/evaluate.js';
import { randomProgram } from '../3-calculus/random-program.js';
import { randomProgram as randomLanguageProgram } from '../language/random-program.js';
import { createRandom } from '../support/random.js';
import { codeOf } from '../support/error-cases.js';
import { indexRoundTrip, relativeError, stepsRoundTrip, roundTripTolerance, type RoundTrip } from '../support/round-trip.js';
import { problems } from './ml-catalogue.js';
import { probeProblems, probeSizes } from './ml-probe.js';
import { roundTripCases } from './round-trip-cases.js';
import { deriveEntry } from './ml-catalogue-measure.js';
import { matrixRoundTripOfProblem } from './round-trip-measure.js';
import { toMatrixNotation } from '../../src/index.js';

/**
 * What ricci prints must read back (test/support/round-trip.ts): every printed derivative of the
 * corpus (round-trip-cases.ts), pasted as a new definition after its program, and every matrix
 * line of the ML catalogue and probe, pasted into fromMatrixNotation, equal the derivative on
 * random inputs (relative error ≤ 1e-10). The forms that cannot read back are listed, each with its
 * reason, in round-trip-expected.json and must match exactly: a fix and a regression both fail.
 */
interface Expected {
  readonly index: Readonly<Record<string, string>>;
  /** Step formulas that do not read back, counted per case; `reason` says why. */
  readonly steps: Readonly<Record<string, number>>;
  readonly stepsReason: string;
  readonly matrix: Readonly<Record<string, string>>;
}
const expected = JSON.parse(readFileSync(resolve(import.meta.dirname, 'round-trip-expected.json'), 'utf8')) as Expected;

const failed = (outcomes: readonly RoundTrip[]): string[] => outcomes.filter((o) => o.verdict !== 'equal').map((o) => o.key).sort();

describe('printed derivatives read back', () => {
  it('index notation: every derivative of the corpus, pasted after its program, equals it, failing exactly the listed ones', () => {
    const outcomes = roundTripCases.map((c) => {
      const entry = typeof c.entry === 'function' ? c.entry() : c.entry;
      return indexRoundTrip(c.key, entry.source, deriveEntry(entry), 3, c.sizes);
    });
    expect(outcomes.length).toBeGreaterThanOrEqual(300);
    expect(new Set(outcomes.map((o) => o.key)).size).toBe(outcomes.length);
    // a value that reads back wrong is never an expected failure: only a refusal with a code may be
    expect(outcomes.filter((o) => o.verdict === 'wrong-value').map((o) => `${o.key}: ${o.printed}`)).toEqual([]);
    expect(failed(outcomes)).toEqual(Object.keys(expected.index).sort());
    // some need the pasted definition's shape declared (an index only δ carries, a constant along an index)
    expect(outcomes.filter((o) => o.declared && o.verdict === 'equal').length).toBeGreaterThan(0);
  });

  it("steps: every formula of every derivation's steps, pasted after its program, equals the step's expression, failing exactly the listed counts", () => {
    const outcomes = roundTripCases.flatMap((c) => {
      const entry = typeof c.entry === 'function' ? c.entry() : c.entry;
      return stepsRoundTrip(c.key, entry.source, deriveEntry(entry), 3, c.sizes).map((o) => ({ ...o, case: c.key }));
    });
    expect(outcomes.length).toBeGreaterThanOrEqual(4000);
    expect(outcomes.filter((o) => o.verdict === 'wrong-value').map((o) => `${o.key}: ${o.printed}`)).toEqual([]);
    const counts: Record<string, number> = {};
    for (const o of outcomes) if (o.verdict !== 'equal') counts[o.case] = (counts[o.case] ?? 0) + 1;
    expect(counts).toEqual(expected.steps);
  });

  it('matrix notation: every matrix line of the corpus (catalogue, probe, and the rest in both layouts), pasted into matrix input, equals the derivative, failing exactly the listed ones', () => {
    const outcomes = [
      ...problems.map((p) => matrixRoundTripOfProblem(p)),
      ...probeProblems.map((p) => {
        try {
          return matrixRoundTripOfProblem(p, 3, probeSizes);
        } catch {
          return undefined; // the probe lists entries ricci refuses to derive (ml-probe-expected.json)
        }
      }),
      // the rest of the corpus (views, goldens, README/CLI examples, tour) in both layouts
      ...roundTripCases.filter((c) => !/^(catalogue|probe): /u.test(c.key)).flatMap((c) => (['denominator', 'numerator'] as const).map((layout) =>
        matrixRoundTripOfProblem({ entry: c.entry, layout, key: `${c.key} (${layout})` }, 3, c.sizes))),
    ].filter((o) => o !== undefined);
    expect(outcomes.length).toBeGreaterThanOrEqual(300);
    expect(outcomes.filter((o) => o.verdict === 'wrong-value').map((o) => `${o.key}: ${o.printed}`)).toEqual([]);
    expect(failed(outcomes)).toEqual(Object.keys(expected.matrix).sort());
  });

  it('random programs: the gradient of every seeded random program reads back (property)', () => {
    const wrt = fc.constantFrom('x', 'y', 'A', 'B');
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 6 }), wrt, (seed, steps, x) => {
      const p = randomProgram(seed, steps);
      const outcome = indexRoundTrip(`seed ${seed}`, p.source, grad(p.source, 'L', x), seed, { n: p.n });
      expect(outcome, outcome.printed).toMatchObject({ verdict: 'equal' });
    }), { numRuns: 60 });
  });

  it('random language programs (nested sums, functions, powers, names such as constructor and α), every input declared: the Jacobian and every step read back (property)', () => {
    const declarations: Record<string, string> = { A: '[2, 3]', B: '[3, 3]', v: '[2]', toString: '[3]', s: '[]', W_1: '[2, 2, 1]' };
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
      const raw = randomLanguageProgram(createRandom(seed)).text;
      const source = [...Object.entries(declarations).filter(([k]) => !new RegExp(`^${k}:`, 'mu').test(raw)).map(([k, v]) => `${k}: ${v}`), raw].join('\n');
      const definitions = parse(source).statements.filter((st) => st.kind === 'definition');
      const of = definitions[definitions.length - 1]!.name.text;
      const wrt = Object.keys(declarations).find((x) => codeOf(() => jacobian(source, of, x)) === 'ok');
      if (wrt === undefined) return;
      const d = jacobian(source, of, wrt);
      const values = randomInputs(d, { seed }).values as Record<string, TensorLike>;
      // not finite at the drawn point: the derivative, or the program the printouts are pasted after (exp(det(B)^2), B drawn diagonally dominant)
      if (codeOf(() => d.evaluateReference(values)) !== 'ok' || codeOf(() => evaluate(source, values)) !== 'ok') return;
      const outcomes = [indexRoundTrip(`seed ${seed}`, source, d, seed), ...stepsRoundTrip(`seed ${seed}`, source, d, seed)];
      expect(outcomes.filter((o) => o.verdict !== 'equal'), source).toEqual([]);
    }), { numRuns: 40 });
  });

  it('adjoints: the recursion and the gradients in terms of δz, each line pasted as a definition, equal the gradients', () => {
    const mlp = 'x: [m]\nW1: [n, m]\nW2: [p, n]\ny: [p]\nz1[i] = W1[i,j] x[j]\na1[i] = tanh(z1[i])\nz2[i] = W2[i,j] a1[j]\nC = 0.5 * sum[i]((z2[i] - y[i])^2)';
    const cases = [
      { source: mlp, of: 'C', wrt: ['W1', 'W2', 'x'], adjoints: ['z2', 'z1'] },
      { source: 'z[i] = W[i,j] x[j]\nL = sum[i](tanh(z[i]))', of: 'L', wrt: ['W', 'x'], adjoints: ['z'] },
    ];
    for (const c of cases) {
      const g = gradients(c.source, c.of, c.wrt, { adjoints: c.adjoints });
      // δz2[i] = dC/dz2[i] = … keeps its name; dC/dW1[i,j] = … becomes pasted_W1[i,j] = …
      const lines = g.toString().split('\n').map((line) => {
        const adjoint = /^(δ\w+(?:\[[^\]]*\])?) = .* = (.*)$/u.exec(line);
        if (adjoint) return `${adjoint[1]} = ${adjoint[2]}`;
        const header = /^d\w+\/d(\w+)(\[[^\]]*\])? = (.*)$/u.exec(line)!;
        return `pasted_${header[1]}${header[2] ?? ''} = ${header[3]}`;
      });
      const inputs = randomInputs(g.derivatives[c.wrt[0]!]!, { seed: 5, sizes: { m: 3, n: 4, p: 2 } }).values as Record<string, TensorLike>;
      const pasted = evaluate(`${c.source}\n${lines.join('\n')}`, inputs);
      const exact = g.evaluate(inputs).gradients;
      for (const x of c.wrt) expect(relativeError(pasted[`pasted_${x}`]!, exact[x]!), `${x}: ${lines.join('; ')}`).toBeLessThanOrEqual(roundTripTolerance);
      // the matrix view's lines (δz2 = ∂C/∂z2 = …, ∂C/∂W1 = δz1 xᵀ) pasted into matrix input in order, each δ joining the inputs
      const program = buildProgram(parse(c.source));
      const env: Record<string, TensorLike> = { ...inputs, ...evaluate(c.source, inputs) };
      const shapes: Record<string, readonly (string | number)[]> = Object.fromEntries([
        ...[...program.inputs].map(([k, x]) => [k, x.shape] as const), ...[...program.definitions].map(([k, x]) => [k, x.node.shape] as const),
        ...c.adjoints.map((z) => [`δ${z}`, program.definitions.get(z)!.node.shape] as const)]);
      let compared = 0;
      for (const line of toMatrixNotation(g, { layout: 'denominator' }).text.split('\n').filter((l) => l.includes(' = '))) {
        const body = line.slice(line.lastIndexOf(' = ') + 3);
        const p = fromMatrixNotation(body, shapes);
        const declared = new Set(p.program.statements.flatMap((st) => (st.kind === 'declaration' ? [st.name.text] : [])));
        const mentioned = Object.fromEntries(Object.entries(env).filter(([k]) => declared.has(k)));
        const value = evaluate(p.program, mentioned)[p.name]!;
        const adjoint = /^(δ\w+) = /u.exec(line)?.[1];
        if (adjoint !== undefined) env[adjoint] = value;
        else {
          expect(relativeError(value, exact[/^∂\w+\/∂(\w+) = /u.exec(line)![1]!]!), line).toBeLessThanOrEqual(roundTripTolerance);
          compared++;
        }
      }
      expect(compared).toBe(c.wrt.length);
    }
  });

  it('the oracle rejects a printout that reads back to a different value', () => {
    const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
    const wrong = Object.create(d, { toString: { value: () => 'dL/dW[i,j] = x[j] y[i]' } }) as typeof d;
    expect(indexRoundTrip('transposed', 'L = x[i] W[i,j] y[j]', wrong, 1, { i: 2, j: 3 }).verdict).toBe('wrong-value');
  });

  it("matrix input reads the view's symbols as their ASCII spellings, and `name (…)` with a space multiplies", () => {
    const shapes = { A: ['m', 'n'], x: ['n'], b: ['m'], S: ['n', 'n'], Y: ['m', 'n'] } as const;
    const inputs = { A: [[1, 2], [3, -1], [0.5, 2]], x: [0.25, -0.5], b: [1, 2, -1], S: [[2, 0.5], [0.25, 3]], Y: [[1, 2], [0, 1], [3, 1]] };
    const value = (text: string): number[] => {
      const p = fromMatrixNotation(text, shapes);
      return Array.from(evaluate(p.program, inputs)[p.name]!.data);
    };
    const same = (printed: string, expected: readonly number[]): void => {
      const got = value(printed);
      expect(got.length, printed).toBe(expected.length);
      got.forEach((v, k) => expect(v, printed).toBeCloseTo(expected[k]!, 12));
    };
    for (const [printed, ascii] of [['2 Aᵀ (A x − b)', "2*A'*(A*x - b)"], ['S⁻¹ x ⊙ x', 'inv(S)*x .* x'], ['S⁻ᵀ x', "inv(S)'*x"],
      ['(A x)^∘2', '(A*x).^2'], ['A (x)', 'A*x'], ['tr (S)', 'tr(S)']] as const) same(printed, value(ascii));
    same('Y 𝟏', [3, 1, 4]);
    same('𝟏ᵀ Y', [4, 4]);
    same('diag(x) S', [0.5, 0.125, -0.125, -1.5]);
    same('S + I_n', [3, 0.5, 0.25, 4]);
    same('diagvec(S)', [2, 3]);
    same('log|det(S)| x', [0.25, -0.5].map((v) => v * Math.log(2 * 3 - 0.5 * 0.25)));
    same('max_rows(Y)', [2, 1, 3]);
    same('softmax_rows(Y)', [1, 2, 0, 1, 3, 1].map((v, k) => Math.exp(v) / [1, 2, 0, 1, 3, 1].slice(k - (k % 2), k - (k % 2) + 2).reduce((t, u) => t + Math.exp(u), 0)));
    expect(codeOf(() => fromMatrixNotation('A(x)', shapes))).toBe('matrix_input_unknown_function');
    expect(codeOf(() => fromMatrixNotation('𝟏ᵀ 𝟏', shapes))).toBe('matrix_input_shape_mismatch');
  });

  it('a pasted header is a RicciError that says what to write instead, with a caret', () => {
    expect(codeOf(() => grad('A: [m, n]\nx: [n]\ndf[i]/dA[j,k] = x[k] δ[i,j]', 'df', 'x'))).toBe('derivative_header');
    expect(() => fromMatrixNotation('∂L/∂x = 2 Aᵀ r', { A: ['m', 'n'], r: ['m'] })).toThrow(/derivative's printed header[\s\S]*\n {2}\^/u);
  });
});
