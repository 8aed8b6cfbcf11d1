import { describe, expect, it } from 'vitest';
import type { MatrixExpr } from '../../compiler/views/matrix-notation/matrix-expr.js';
import { renderMatrix } from '../../compiler/views/matrix-notation/render.js';
import { textNotation } from '../../compiler/views/matrix-notation/text-notation.js';
import { tidyMatrix } from '../../compiler/views/matrix-notation/tidy.js';
import { createRandom, randomArray } from '../support/random.js';
import { evaluateMatrix } from './matrix-evaluate.js';

const sym = (name: string, rank: 0 | 1 | 2, shape: number[]): MatrixExpr => ({ kind: 'symbol', name, rank, symmetric: false, shape });
const A = sym('A', 2, [3, 3]);
const X = sym('X', 2, [3, 4]);
const x = sym('x', 1, [3]);
const s = sym('s', 1, [3]);
const d = sym('d', 0, []);
const T = (e: MatrixExpr): MatrixExpr => ({ kind: 'transpose', arg: e });
const prod = (...factors: MatrixExpr[]): MatrixExpr => ({ kind: 'product', factors });
const sum = (...terms: [number, MatrixExpr][]): MatrixExpr => ({ kind: 'sum', terms: terms.map(([coefficient, expr]) => ({ coefficient, expr })) });
const pow = (e: MatrixExpr, exponent: number): MatrixExpr => ({ kind: 'apply', fn: { name: 'pow', exponent }, arg: e });
const diag = (e: MatrixExpr): MatrixExpr => ({ kind: 'diag', arg: e });
const had = (...factors: MatrixExpr[]): MatrixExpr => ({ kind: 'hadamard', factors });
const text = (e: MatrixExpr): string => renderMatrix(e, { notation: textNotation, vectors: 'column', names: {} });

/** The tidied form prints as expected and has the value of the untidied one (plain matrix algebra). */
function expectTidied(before: MatrixExpr, expected: string, env: Parameters<typeof evaluateMatrix>[1]): void {
  const after = tidyMatrix(before, 'column');
  expect(text(after)).toBe(expected);
  const [u, v] = [evaluateMatrix(before, env), evaluateMatrix(after, env)];
  expect([v.rows, v.cols]).toEqual([u.rows, u.cols]);
  u.data.forEach((value, k) => expect(Math.abs(value - v.data[k]!)).toBeLessThan(1e-12));
}

describe('display rewrites: textbook form, same value', () => {
  const random = createRandom(11);
  const env = { A: randomArray([3, 3], random), X: randomArray([3, 4], random), x: randomArray([3], random), s: randomArray([3], random), d: randomArray([], random) };
  const P: MatrixExpr = { kind: 'symbol', name: 'P', rank: 2, symmetric: true, shape: [3, 3] };
  const a = env.A.data;
  const envP = { ...env, P: { data: Float64Array.from({ length: 9 }, (_, k) => a[k]! + a[3 * (k % 3) + Math.floor(k / 3)]!), shape: [3, 3], stride: [3, 1], offset: 0 } };
  const cases: [string, MatrixExpr, string][] = [
    ['scalar powers cancel', prod(d, pow(d, -1), T(A)), 'Aᵀ'],
    ['common right factor', sum([1, prod(T(A), X)], [1, prod(A, X)]), '(A + Aᵀ) X'],
    ['common left factor and coefficient', sum([2, prod(T(A), A, x)], [-2, prod(T(A), x)]), '2 Aᵀ (A x − x)'],
    ['a term before its transposed mirror', sum([1, T(A)], [1, A]), 'A + Aᵀ'],
    ['diagonals merge', prod(T(X), sum([1, diag(s)], [-1, prod(diag(s), diag(s))]), X), 'Xᵀ diag(s ⊙ (𝟏 − s)) X'],
    ['a Hadamard factor comes out', sum([1, x], [-1, had(x, s)]), 'x ⊙ (𝟏 − s)'],
    ['a sum reads whole-transposed when that shows fewer ᵀ', prod(sum([1, prod(T(x), T(A))], [-1, T(s)]), A), '(A x − s)ᵀ A'],
    // a Gaussian's ∂/∂S without a name for x − m: the outer products of x and s that are −(x − s)(x − s)ᵀ
    ['ends that are each other\'s negation factor, the sign in front',
      sum([1, A], [1, prod(A, sum([1, prod(s, T(x))], [1, prod(x, T(s))], [-1, prod(s, T(s))], [-1, prod(x, T(x))]), A)]),
      'A − A (x − s) (x − s)ᵀ A'],
    // a symmetric S's Gaussian: the diagonal terms are 0.5 diag((A(x − s)) ⊙ (A(x − s))), the Cookbook's 2G − diag(G) for G = A − A (x − s)(x − s)ᵀ A
    ['diagonal terms that are one square, then the halved diagonal of the rest (P symmetric)',
      sum([1, P], [1, prod(P, sum([1, prod(s, T(x))], [1, prod(x, T(s))], [-1, prod(s, T(s))], [-1, prod(x, T(x))]), P)],
        [0.5, diag(had(prod(P, s), prod(P, s)))], [0.5, diag(had(prod(P, x), prod(P, x)))], [-1, diag(had(prod(P, s), prod(P, x)))],
        [-0.5, diag({ kind: 'diagonal', arg: P })]),
      'P − P (x − s) (x − s)ᵀ P − 0.5 diag(diagvec(P − P (x − s) (x − s)ᵀ P))'],
    ['the same with A not symmetric: A (s − x) (s − x)ᵀ Aᵀ is not the other terms\' A (x − s) (x − s)ᵀ A, so no merge',
      sum([1, A], [1, prod(A, sum([1, prod(s, T(x))], [1, prod(x, T(s))], [-1, prod(s, T(s))], [-1, prod(x, T(x))]), A)],
        [0.5, diag(had(prod(A, s), prod(A, s)))], [0.5, diag(had(prod(A, x), prod(A, x)))], [-1, diag(had(prod(A, s), prod(A, x)))],
        [-0.5, diag({ kind: 'diagonal', arg: A })]),
      'A + 0.5 diag((A (s − x)) ⊙ (A (s − x))) − A (x − s) (x − s)ᵀ A − 0.5 diag(diagvec(A))'],
    ['diagonal terms that are not one square stay', sum([1, diag(had(prod(A, s), prod(A, s)))], [1, diag(had(prod(A, x), prod(A, x)))], [-1, diag(had(prod(A, s), prod(A, x)))]),
      'diag((A s) ⊙ (A s) + (A x) ⊙ (A x) − (A s) ⊙ (A x))'],
    ['the same, read whole-transposed', T(sum([1, A], [1, prod(A, sum([1, prod(s, T(x))], [1, prod(x, T(s))], [-1, prod(s, T(s))], [-1, prod(x, T(x))]), A)])),
      '(A − A (x − s) (x − s)ᵀ A)ᵀ'],
  ];
  it.each(cases)('%s', (_, before, expected) => expectTidied(before, expected, envP));
});

describe('display rewrites for the ML catalogue: textbook form, same value', () => {
  const random = createRandom(12);
  const b = sym('b', 1, [3]);
  const e = sym('e', 0, []);
  const env = { A: randomArray([3, 3], random), X: randomArray([3, 4], random), x: randomArray([3], random), s: randomArray([3], random), b: randomArray([3], random),
    d: { data: Float64Array.of(1.7), shape: [], stride: [], offset: 0 }, e: { data: Float64Array.of(0.6), shape: [], stride: [], offset: 0 } };
  const sqrt = (u: MatrixExpr): MatrixExpr => ({ kind: 'apply', fn: { name: 'sqrt' }, arg: u });
  const ones: MatrixExpr = { kind: 'ones', size: 3 };
  const cases: [string, MatrixExpr, string][] = [
    ['terms sharing an end factor are factored among themselves', sum([0.5, prod(A, x)], [0.5, prod(T(A), x)], [-1, b]), '0.5 (A + Aᵀ) x − b'],
    ['a common sign comes out with the coefficient', prod(sum([-1, prod(T(A), A)], [-1, prod(A, T(A))]), X), '−(Aᵀ A + A Aᵀ) X'],
    ['a scalar every term has comes out', sum([1, prod(pow(d, -1), A, x)], [-1, prod(pow(d, -1), e, x)]), 'd^-1 (A x − e x)'],
    ['a square root is the power ½', prod(pow(sqrt(d), -1), e, pow(d, -0.5), x), 'd^-1 e x'],
    ['a power of a scalar product distributes', prod(pow(prod(sqrt(d), sqrt(e)), -1), x), 'd^-0.5 e^-0.5 x'],
    ['(xᵀ)^∘2 𝟏 is xᵀ x', prod(pow(prod(pow(T(x), 2), ones), -0.5), x), '(xᵀ x)^-0.5 x'],
    ['terms sharing a Hadamard factor are factored among themselves', sum([1, pow(x, -1)], [-1, had(pow(x, -1), s)], [-1, had(b, s)]), 'x^∘-1 ⊙ (𝟏 − s) − b ⊙ s'],
    ['a product of scalars inside a product opens', prod(prod(pow(d, -1), prod(T(x), s)), ones), 'd^-1 (xᵀ s) 𝟏'],
    ['a size as a value prints as its name', prod(pow({ kind: 'trace', arg: { kind: 'identity', size: 3 } }, -1), x), '3^-1 x'],
  ];
  it.each(cases)('%s', (_, before, expected) => expectTidied(before, expected, env));
});
