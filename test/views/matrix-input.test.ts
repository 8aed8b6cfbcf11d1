import { describe, expect, it } from 'vitest';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { isRicciError, type RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { fromMatrixNotation } from '../../compiler/1-parse/matrix-input.js';
import { evaluate } from '../../src/evaluate.js';
import { grad, jacobian } from '../../src/derive.js';

const jacobianOf = (p: { program: Parameters<typeof jacobian>[0]; name: string }) => jacobian(p.program, p.name, 'z');
import fixtures from '../fixtures/views.json' with { type: 'json' };
import { maxScaledDiff } from '../support/random.js';
import { fromNested, type Nested } from './views-support.js';
import { ricciErrorOf as errorOf } from '../support/ricci-error-of.js';
import { toMatrixNotation } from '../../src/index.js';


/** A syntax tree without spans (and the parser's warnings), to compare trees that came from different text. */
function withoutSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutSpans);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).filter(([k]) => !['span', 'source', 'warnings'].includes(k)).map(([k, v]) => [k, withoutSpans(v)]));
}

describe('matrix-notation input → Ricci language', () => {
  it('evaluates to numpy\'s value of the matrix expression, for every fixture', () => {
    for (const c of fixtures.matrixInput) {
      const program = fromMatrixNotation(c.source, c.shapes as unknown as Record<string, number[]>);
      const inputs = c.inputs as unknown as Record<string, Nested>;
      const value = evaluate(program.source, inputs)[program.name]!;
      const got = { shape: value.shape, data: value.data };
      expect(maxScaledDiff(got, fromNested(c.expected as Nested)), `${c.source}\n${program.source}`).toBeLessThan(1e-10);
    }
  });

  it('writes the textbook translations', () => {
    expect(fromMatrixNotation("x'*A*x", { x: ['n'], A: ['n', 'n'] }).source).toBe('x: [n]\nA: [n, n]\nf = x[i] A[i,j] x[j]');
    expect(fromMatrixNotation('X*W + b', { X: [1, 'm'], W: ['m', 10], b: [1, 10] }).source)
      .toBe('X: [1, m]\nW: [m, 10]\nb: [1, 10]\nf[i,j] = X[i,k] W[k,j] + b[i,j]');
    expect(fromMatrixNotation('tr(A*X*B)', { A: [2, 3], X: [3, 4], B: [4, 2] }).source)
      .toBe('A: [2, 3]\nX: [3, 4]\nB: [4, 2]\nt1 = A[i,j] X[j,k] B[k,i]\nf = t1');
    expect(fromMatrixNotation('log(det(X))', { X: ['n', 'n'] }).source).toBe('X: [n, n]\nf = log(det(X))');
    expect(fromMatrixNotation('x.*y', { x: [3], y: [3] }).source).toBe('x: [3]\ny: [3]\nt1[i] = x[i] y[i]\nf[i] = t1[i]');
  });

  it('builds the Program the printed source parses to; printing it (minimal parentheses) keeps the meaning', () => {
    for (const c of fixtures.matrixInput) {
      const result = fromMatrixNotation(c.source, c.shapes as unknown as Record<string, number[]>);
      const reparsed = parseRicci(result.source);
      expect(withoutSpans(reparsed), c.source).toEqual(withoutSpans(result.program));
      expect(reparsed.warnings ?? [], `${c.source}\n${result.source}`).toEqual([]);
    }
    // the translations as they were written before printProgram, with redundant parentheses and '*'
    const before = [
      ['X*W + b', { X: [1, 'm'], W: ['m', 10], b: [1, 10] }, 'X: [1, m]\nW: [m, 10]\nb: [1, 10]\nf[i,j] = (X[i,k] W[k,j] + b[i,j])'],
      ['x.*y', { x: [3], y: [3] }, 'x: [3]\ny: [3]\nt1[i] = x[i] * y[i]\nf[i] = t1[i]'],
    ] as const;
    for (const [text, shapes, old] of before)
      expect(withoutSpans(fromMatrixNotation(text, shapes).program)).toEqual(withoutSpans(parseRicci(old)));
  });

  it('keeps a negated right factor a factor: -A*(-B) is A B, not -A - B', () => {
    const program = fromMatrixNotation('-A*(-B)', { A: [2, 2], B: [2, 2] });
    const value = evaluate(program.source, { A: [[1, 2], [3, 4]], B: [[5, 6], [7, 8]] })[program.name]!;
    expect([...value.data]).toEqual([19, 22, 43, 50]);
  });

  it('checks its arguments and the result name, and refuses numbers that overflow to Infinity', () => {
    const injected = errorOf(() => fromMatrixNotation("x'*x", { x: [2] }, { name: 'g = x[i] x[i]\nh' }));
    expect(injected.code).toBe('matrix_input_bad_name');
    expect(injected.message).toContain('g = x[i] x[i]');
    expect(errorOf(() => fromMatrixNotation("x'*x", { x: [2] }, { name: 'exp' })).code).toBe('matrix_input_bad_name');
    expect(errorOf(() => fromMatrixNotation("x'*x", { x: [2] }, { name: '2f' })).code).toBe('matrix_input_bad_name');
    expect(fromMatrixNotation("x'*x", { x: [2] }, { name: 'L_1' }).source).toBe('x: [2]\nL_1 = x[i] x[i]');
    const huge = errorOf(() => fromMatrixNotation('1e999*x', { x: [2] }));
    expect([huge.code, huge.span]).toEqual(['matrix_input_non_finite_number', { start: 0, end: 5 }]);
    expect(huge.message).toContain('1e999');
    const noShapes = errorOf(() => (fromMatrixNotation as (text: unknown) => unknown)("x'*x"));
    expect([noShapes.code, noShapes.message]).toEqual(['matrix_input_bad_argument', expect.stringContaining('got undefined')]);
    expect(errorOf(() => fromMatrixNotation(42 as unknown as string, {})).code).toBe('matrix_input_bad_argument');
    const exponent = errorOf(() => fromMatrixNotation('x.^2e400', { x: [2] }));
    expect([exponent.code, exponent.span]).toEqual(['matrix_input_non_finite_number', { start: 3, end: 8 }]);
  });

  it('reports bad input with a code, the values involved and a caret', () => {
    const mismatch = errorOf(() => fromMatrixNotation('A*x', { A: [2, 3], x: [2] }));
    expect(mismatch.code).toBe('matrix_input_shape_mismatch');
    expect(mismatch.message).toContain('2×3');
    expect(mismatch.message).toContain('2×1 (a column vector)');
    expect(mismatch.span).toEqual({ start: 1, end: 2 });
    expect(errorOf(() => fromMatrixNotation('A + y', { A: [2, 3], y: [3] })).code).toBe('matrix_input_shape_mismatch');
    const unknown = errorOf(() => fromMatrixNotation("x'*Q*x", { x: [2] }));
    expect([unknown.code, unknown.span]).toEqual(['matrix_input_unknown_name', { start: 3, end: 4 }]);
    expect(unknown.message).toContain("'Q'");
    expect(errorOf(() => fromMatrixNotation('tr(A)', { A: [2, 3] })).message).toContain('tr(...) needs a square matrix, got 2×3');
    expect(errorOf(() => fromMatrixNotation('A^2', { A: [2, 2] })).code).toBe('matrix_input_matrix_power');
    expect(errorOf(() => fromMatrixNotation('A/B', { A: [2, 2], B: [2, 2] })).code).toBe('matrix_input_division_by_matrix');
    expect(errorOf(() => fromMatrixNotation('foo(A)', { A: [2, 2] })).code).toBe('matrix_input_unknown_function');
    // a misspelling gets the did-you-mean the Ricci language gives (tahn(x[i]) there)
    const typo = errorOf(() => fromMatrixNotation('sum(tahn(W*x))', { W: [2, 3], x: [3] }));
    expect([typo.code, typo.span]).toEqual(['matrix_input_unknown_function', { start: 4, end: 8 }]);
    expect(typo.message).toContain("Unknown function 'tahn'");
    expect(typo.message).toContain('did you mean tanh?');
    expect(errorOf(() => fromMatrixNotation('foo(A)', { A: [2, 2] })).message).not.toContain('did you mean');
    const char = errorOf(() => fromMatrixNotation('A # B', { A: [2, 2], B: [2, 2] }));
    expect([char.code, char.span]).toEqual(['matrix_input_unexpected_character', { start: 2, end: 3 }]);
    expect(char.message).toContain('A # B\n    ^');
    expect(errorOf(() => fromMatrixNotation('(A*B', { A: [2, 2], B: [2, 2] })).code).toBe('matrix_input_unexpected_token');
    // a named exponent is elementwise (A.^x, as x[i]^p[i] in the language); an expression there is not read
    expect(errorOf(() => fromMatrixNotation('A.^(x + 1)', { A: [2, 2], x: [] })).code).toBe('matrix_input_unexpected_token');
    expect(errorOf(() => fromMatrixNotation('exp', { exp: [2] })).code).toBe('matrix_input_reserved_name');
    expect(errorOf(() => fromMatrixNotation('A', { A: [2, -1] })).code).toBe('matrix_input_bad_shape');
  });

  it('max and min take one argument (over every entry) or two (elementwise); other counts are refused with the count and a caret', () => {
    const three = errorOf(() => fromMatrixNotation('max(x, y, x)', { x: [3], y: [3] }));
    expect([three.code, three.span]).toEqual(['matrix_input_function_arity', { start: 0, end: 12 }]);
    expect(three.message).toContain('max(...) takes one argument (its largest / smallest entry) or two (elementwise), got 3');
    const tr = errorOf(() => fromMatrixNotation('tr(A, A)', { A: [2, 2] }));
    expect([tr.code, tr.message.split('\n')[0]]).toEqual(['matrix_input_function_arity', 'matrix_input_function_arity: tr(...) takes one argument, got 2']);
    expect(errorOf(() => fromMatrixNotation('foo(A, A)', { A: [2, 2] })).code).toBe('matrix_input_unknown_function');
    const shapes = errorOf(() => fromMatrixNotation('max(A, B)', { A: [2, 3], B: [3, 2] }));
    expect(shapes.code).toBe('matrix_input_shape_mismatch');
    expect(shapes.message).toContain('left is 2×3, right is 3×2');
    expect(errorOf(() => fromMatrixNotation('max(x,)', { x: [3] })).span).toEqual({ start: 6, end: 7 });
    expect(errorOf(() => fromMatrixNotation('x, x', { x: [3] })).code).toBe('matrix_input_unexpected_token');
  });
});

describe('binary max/min and mean in matrix notation differentiate as the language\'s', () => {
  it('max(0, A x) is relu, min(A x, b) and mean read as books write them, and each equals the Ricci program it stands for', () => {
    const relu = fromMatrixNotation('sum(max(0, A*x))', { A: ['m', 'n'], x: ['n'] });
    expect(relu.source.split('\n').at(-2)).toBe('t1 = sum[i](relu(A[i,j] x[j]))');
    expect(toMatrixNotation(grad(relu, 'f', 'x')).text.split('\n')[0]).toBe('∂f/∂x = Aᵀ step(A x)');
    const clip = grad(fromMatrixNotation('sum(min(A*x, b))', { A: ['m', 'n'], x: ['n'], b: ['m'] }), 'f', 'x');
    expect(toMatrixNotation(clip).text.split('\n')[0]).toBe('∂f/∂x = Aᵀ (𝟏 − step(A x − b))');
    const mse = grad(fromMatrixNotation('mean((X*w - y).^2)', { X: ['N', 'd'], w: ['d'], y: ['N'] }), 'f', 'w');
    expect(toMatrixNotation(mse).text.split('\n')[0]).toBe('∂f/∂w = 2 N^-1 Xᵀ (X w − y)');
    expect(mse.toString()).toBe('df/dw[j] = 2 X[i,j] N^(-1) (X[i,k] w[k] - y[i])');
    const inputs = { X: [[1, 2], [3, -1], [0.5, 2]], w: [0.25, -0.5], y: [1, 0, -2] };
    const residual = inputs.X.map((row, i) => row[0]! * inputs.w[0]! + row[1]! * inputs.w[1]! - inputs.y[i]!);
    const expected = [0, 1].map((j) => (2 / 3) * residual.reduce((s, r, i) => s + inputs.X[i]![j]! * r, 0));
    const got = [...mse.evaluate(inputs).data];
    for (let j = 0; j < 2; j++) expect(got[j]).toBeCloseTo(expected[j]!, 13);
    expect(grad(fromMatrixNotation('mean(X)', { X: ['m', 'n'] }), 'f', 'X').toString()).toBe('df/dX[i,j] = (m n)^(-1)');
    // log_softmax over every entry: cross-entropy's gradient y − (yᵀ𝟏) softmax(x), finite at logits of 1000
    const ce = fromMatrixNotation("y'*log_softmax(x)", { x: ['n'], y: ['n'] });
    expect(toMatrixNotation(grad(ce, 'f', 'x')).text.split('\n')[0]).toBe('∂f/∂x = y − (yᵀ 𝟏) softmax(x)');
    expect(evaluate(ce.program, { x: [1000, 1001, 999], y: [0, 1, 0] }).f!.get()).toBeCloseTo(-Math.log(1 + Math.exp(-1) + Math.exp(-2)), 12);
  });
});

describe('derivatives of matrix-notation input name only what the user wrote', () => {
  it('prints a helper by what it stands for: ∂f/∂x = 2 tr(X) x, not 2 t1 x', () => {
    const p = fromMatrixNotation("tr(X)*x'*x", { X: [3, 3], x: [3] });
    expect(p.source).toContain('t1 = X[i,i]');
    const d = grad(p.program, p.name, 'x');
    expect(d.toString()).toBe('df/dx[i] = 2 x[i] X[j,j]');
    expect(toMatrixNotation(d).text.split('\n')[0]).toBe('∂f/∂x = 2 tr(X) x');
    // the result is the user's by its name (∂f/∂z asks for it): the softmax Jacobian reads diag(f) − f fᵀ
    const softmax = fromMatrixNotation('softmax(z)', { z: [4] });
    expect(toMatrixNotation(grad(fromMatrixNotation("u'*softmax(z)", { u: [4], z: [4] }).program, 'f', 'z')).text.split('\n')[0]).toBe('∂f/∂z = softmax(z) ⊙ u − (uᵀ softmax(z)) softmax(z)');
    expect(toMatrixNotation(jacobianOf(softmax)).text.split('\n')[0]).toBe('∂f/∂z = diag(f) − f fᵀ');
    // a definition the user wrote keeps its name
    expect(toMatrixNotation(grad('x: [3]\nW: [3, 3]\nz[i] = W[i,j] x[j]\nL = z[i] z[i]', 'L', 'x')).text.split('\n')[0]).toBe('∂L/∂x = 2 Wᵀ z');
  });

  it('declares names symmetric or a distribution, as the Ricci language does, and refuses what cannot be', () => {
    const shapes = { x: ['n'], S: ['n', 'n'], y: ['k'], W: ['k', 'n'] } as const;
    const gaussian = fromMatrixNotation("x'*inv(S)*x", shapes, { symmetric: ['S'] });
    expect(gaussian.source).toBe('x: [n]\nS: [n, n] symmetric\nf = x[i] inv(S)[i,j] x[j]');
    expect(withoutSpans(gaussian.program)).toEqual(withoutSpans(parseRicci(gaussian.source)));
    const ce = fromMatrixNotation("-y'*log(softmax(W*x))", shapes, { distribution: ['y'] });
    expect(ce.source.split('\n')).toContain('y: [k] distribution');
    // the declarations reach the calculus: a symmetric gradient, and the textbook (p − y) xᵀ
    const S = [[4, 1, 0.5], [1, 5, 0.2], [0.5, 0.2, 6]];
    const g = grad(fromMatrixNotation("x'*S*x", shapes, { symmetric: ['S'] }).source, 'f', 'S').evaluate({ x: [1, 2, 3], S });
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(g.get(i, j)).toBeCloseTo(g.get(j, i), 12);
    expect(toMatrixNotation(grad(ce.source, 'f', 'W')).text.split('\n')[0]).toMatch(/^∂f\/∂W = \(exp\(.*\) − y\) xᵀ$/);
    const wrong = [
      [{ symmetric: ['x'] }, 'symmetric: ["x"]', 'square'],
      [{ symmetric: ['q'] }, 'symmetric: ["q"]', 'no declared shape'],
      [{ distribution: ['c'] }, 'distribution: ["c"]', 'scalar'],
      [{ symmetric: ['S'], distribution: ['S'] }, 'distribution: ["S"]', 'already declared symmetric'],
    ] as const;
    for (const [options, source, reason] of wrong) {
      const e = errorOf(() => fromMatrixNotation("x'*S*x + c", { ...shapes, c: [] }, options));
      expect([e.code, e.source, e.message]).toEqual(['matrix_input_bad_attribute', source, expect.stringContaining(reason)]);
      expect(source.slice(e.span!.start, e.span!.end)).toMatch(/^"[a-zA-Z]"$/);
    }
    expect(errorOf(() => fromMatrixNotation("x'*x", shapes, { symmetric: 'S' } as never)).code).toBe('matrix_input_bad_argument');
    expect(errorOf(() => fromMatrixNotation("x'*x", shapes, { symmetrical: ['S'] } as never)).code).toBe('matrix_input_bad_argument');
  });
});
