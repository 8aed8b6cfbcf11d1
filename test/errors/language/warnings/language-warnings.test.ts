import { describe, expect, it } from 'vitest';
import { parseRicci } from '../../../../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../../../../compiler/2-network/build-network.js';
import { languageWarnings } from '../../../../compiler/diagnostics/codes/language.js';
import { grad } from '../../../../src/derive.js';
import { parse } from '../../../../src/parse.js';
import { loadErrorCases, type ExpectedDiagnostic } from '../../../support/error-cases.js';

/** One file per suspicious program: its source and every warning it must carry (code, message with caret, span). */
interface WarningCase {
  readonly input: { readonly source: string };
  readonly expected: readonly ExpectedDiagnostic[];
}

const cases = loadErrorCases<WarningCase>(new URL('./', import.meta.url));
const shown = (ws: readonly { code: string; message: string; span: unknown }[]) => ws.map(({ code, message, span }) => ({ code, message, span }));

describe('Ricci-language warnings (test/errors/language/warnings/*.json)', () => {
  it.each(cases)('%s', (_, c) => {
    expect(shown(parse(c.input.source).warnings ?? [])).toEqual(c.expected);
    // the built program carries the same warnings, also for a Program without them
    const { warnings: _parsed, ...bare } = parseRicci(c.input.source);
    expect(shown(buildProgram(bare).warnings)).toEqual(c.expected);
  });

  it('covers every warning code', () => {
    expect(new Set(cases.flatMap(([, c]) => c.expected.map((w) => w.code)))).toEqual(new Set(Object.keys(languageWarnings)));
  });

  it('says nothing about indices written twice, on the left, or under a sum over them', () => {
    for (const source of ['L = x[i] W[i,j] y[j]', 'f[i] = x[i] + c', 't = M[i,i]', 's = sum[i,j](X[i,j])',
      'f = softplus(z[i]) - y[i] z[i]', 'D[i,j] = delta[i,j] x[j]', 'M: [n, n]\nt = inv(M)[i,i]',
      // alone in its term, a once-written index is the per-term sum the language promises
      'W: [m, n]\ns = W[i,j]', 'r[n] = X[n,j] w[j] - y[n]\nL = r[n]^2 + lam * w[j]^2', 'L = x[i] y[i] + x[i]',
      // a term with a left-side index beside its own sum, and explicit sums in a term of a non-scalar definition
      'f[a,j] = X[a,i] W[i,j] + b[j]', 'c[i] = x[i] - sum[j](y[j]) / n', 'p[i] = x[i] + mean[j](y[j])'])
      expect(parse(source).warnings, source).toEqual([]);
  });

  it('counts an index under a sum over another name: sum[i](W[i,j] v[i]) still sums j implicitly', () => {
    expect(parse('s = sum[i](W[i,j] v[i])').warnings!.map((w) => w.values)).toEqual([['j', 's']]);
  });

  it('warns in any product whose other factors carry indices, also through functions', () => {
    expect(parse('f[i] = exp(W[i,j]) x[i]').warnings!.map((w) => w.values)).toEqual([['j', 'f']]);
  });

  it('reach a derivative through its program', () => {
    const d = grad('f[i] = W[i,j] x[k]\nL = f[i] f[i]', 'L', 'W');
    expect(d.program.warnings.map((w) => w.values)).toEqual([['j', 'f'], ['k', 'f']]);
  });
});
