import { describe, expect, it } from 'vitest';
import type { Expr } from '../../compiler/1-parse/ricci-ast.js';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { printExpression, printStatement } from '../../compiler/1-parse/ricci-print.js';

/** The right-hand side of a one-definition program. */
function body(source: string): Expr {
  const s = parseRicci(source).statements[0]!;
  if (s.kind !== 'definition') throw new Error('expected a definition');
  return s.body;
}

/** A fully parenthesised rendering, so tests state the tree's shape in one line. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'number': return String(e.value);
    case 'access': return e.indices.length ? `${e.tensor.text}[${e.indices.map((i) => i.text)}]` : e.tensor.text;
    case 'negate': return `(-${shape(e.operand)})`;
    case 'add': return `(${e.terms.map((t, k) => `${k ? (t.sign < 0 ? ' - ' : ' + ') : ''}${shape(t.expr)}`).join('')})`;
    case 'multiply': return `(${e.factors.map((f, k) => `${k ? (f.divide ? ' / ' : ' * ') : ''}${shape(f.expr)}`).join('')})`;
    case 'power': return `(${shape(e.base)}^${e.exponent})`;
    case 'call': return `${e.fn}(${shape(e.arg)})`;
    case 'matrix': return printExpression(e);
    case 'sum': return `sum[${e.indices.map((i) => i.text)}](${shape(e.body)})`;
    case 'reduce': return `${e.op}[${e.indices.map((i) => i.text)}](${shape(e.body)})`;
    case 'delta': return printExpression(e);
    default: return e satisfies never;
  }
}

describe('Ricci parser', () => {
  it('reads juxtaposition as a product binding tighter than + and looser than ^', () => {
    expect(shape(body('y = a + b c^2 - d / e f'))).toBe('(a + (b * (c^2)) - (d / e * f))');
    expect(shape(body('f[a,j] = X[a,i] W[i,j] + b[a,j]'))).toBe('((X[a,i] * W[i,j]) + b[a,j])');
  });

  it('tells unary minus from subtraction and binds it looser than ^', () => {
    expect(shape(body('y = a -b'))).toBe('(a - b)');
    expect(shape(body('y = -x^2'))).toBe('(-(x^2))');
    expect(shape(body('y = a * -b'))).toBe('(a * (-b))');
    expect(shape(body('y = x^-1 + x^(-0.5)'))).toBe('((x^-1) + (x^-0.5))');
  });

  it('keeps parentheses around a product as a nested product (they scope the Einstein rule)', () => {
    expect(shape(body('s = (x[i] y[i]) z[i]'))).toBe('((x[i] * y[i]) * z[i])');
  });

  it('parses functions, matrix functions, sums and deltas', () => {
    expect(shape(body('y[i] = sigmoid(x[i]) + sum[j,k](A[i,j] B[j,k])'))).toBe('(sigmoid(x[i]) + sum[j,k]((A[i,j] * B[j,k])))');
    expect(shape(body('y[i,j] = inv(M)[i,j] det(M) logdet(M) delta[i,j]'))).toBe('(inv(M)[i,j] * det(M) * logdet(M) * delta[i,j])');
  });

  it('reads declarations with integer and symbolic sizes and the symmetric attribute', () => {
    const [w, s, a] = parseRicci('W: [m, 10]\ns: []\nA: [n, n] symmetric').statements;
    expect(w).toMatchObject({ kind: 'declaration', name: { text: 'W' }, symmetric: false,
      shape: [{ kind: 'symbol', name: 'm' }, { kind: 'integer', value: 10 }] });
    expect(s).toMatchObject({ kind: 'declaration', shape: [] });
    expect(a).toMatchObject({ kind: 'declaration', symmetric: true });
  });

  it('reads the distribution attribute, with a span through it, and refuses any other word', () => {
    const source = 'y: [k] distribution\nY: [n, k] distribution\nW: [m, 10]';
    const [y, batch, w] = parseRicci(source).statements;
    expect(y).toMatchObject({ kind: 'declaration', symmetric: false, distribution: true });
    expect(source.slice(batch!.span.start, batch!.span.end)).toBe('Y: [n, k] distribution');
    expect(w).not.toHaveProperty('distribution');
    expect(printStatement(batch!)).toBe('Y: [n, k] distribution');
    let error: unknown;
    try { parseRicci('y: [k] probability'); } catch (e) { error = e; }
    expect(error).toMatchObject({ code: 'unexpected_token', span: { start: 7, end: 18 } });
    expect((error as Error).message).toContain("'distribution'");
  });

  it('accepts Unicode letters, digits and _ in names, and JavaScript words as ordinary names', () => {
    const e = body('σ[α] = W_1[α,β2] x̂[β2] constructor[α] __proto__ toString new');
    expect(shape(e)).toBe('(W_1[α,β2] * x̂[β2] * constructor[α] * __proto__ * toString * new)');
  });

  it('separates statements by newlines or ;, skips comments, and wraps lines inside parentheses', () => {
    const p = parseRicci('# model\na = x[i] # trailing\n\nb = (a +\n  1); c = b');
    expect(p.statements.map((s) => s.name.text)).toEqual(['a', 'b', 'c']);
  });

  it('gives every node a span that quotes its own text', () => {
    const source = 'L = f[a,j] y[j,a] + exp(s)';
    const e = body(source);
    expect(source.slice(e.span.start, e.span.end)).toBe('f[a,j] y[j,a] + exp(s)');
    if (e.kind !== 'add') throw new Error('expected a sum');
    expect(e.terms.map((t) => source.slice(t.expr.span.start, t.expr.span.end))).toEqual(['f[a,j] y[j,a]', 'exp(s)']);
  });

  it('parses an empty program and a program of only comments', () => {
    expect(parseRicci('').statements).toEqual([]);
    expect(parseRicci('# nothing\n\n').statements).toEqual([]);
  });

  it('reads name( as a call: an unknown name there is unknown_function; with a space it multiplies', () => {
    const code = (source: string): string | undefined => {
      try { parseRicci(source); return undefined; } catch (e) { return (e as { code?: string }).code; }
    };
    expect(code('a[i] = tahn(x[i])')).toBe('unknown_function');
    expect(code('m = meen(x[i])')).toBe('unknown_function');
    expect(code('m = mean(x[i])')).toBe('unexpected_token'); // a reduction names its indices: mean[i](x[i])
    expect(shape(body('y = lam (x[i] + 1)'))).toBe('(lam * (x[i] + 1))');
    expect(shape(body('y = W[i,j](x[j])'))).toBe('(W[i,j] * x[j])');
  });

  it('rejects transpose marks instead of reading xᵀ as a new name', () => {
    for (const source of ['L = xᵀ A x', 'L = xᵗ A x', "L = x' A x", 'L = x′ A x', 'L = x⊤ A x']) {
      let caught: { code?: string; span?: { start: number; end: number } } | undefined;
      try { parseRicci(source); } catch (e) { caught = e as typeof caught; }
      expect(caught?.code, source).toBe('transpose_in_index_notation');
      expect(caught?.span, source).toEqual({ start: 5, end: 6 });
    }
  });
});
