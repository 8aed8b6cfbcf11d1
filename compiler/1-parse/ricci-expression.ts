import { fail } from '../diagnostics/ricci-error.js';
import { joinSpans, type Span } from '../diagnostics/span.js';
import { closestWord } from '../diagnostics/did-you-mean.js';
import {
  functionNames, isBinaryFunction, isElementwiseFunction, isMatrixFunction, isReductionFunction, isReservedWord, reductionFunctions,
  type Expr, type Identifier, type MatrixFunction, type ProductFactor, type ReductionFunction, type Term,
} from './ricci-ast.js';
import { binaryCall, reduction, tensorPower } from './ricci-sugar.js';
import { describeToken, type Cursor } from './ricci-cursor.js';
import type { Token } from './ricci-lexer.js';

/**
 * Expressions, loosest first:  a + b - c  >  a * b / c, juxtaposition  >  unary -  >  x^2  >  primary.
 * Juxtaposition is `*`: `x[i] W[i,j]` is a product of two factors.
 */
export function parseExpression(c: Cursor): Expr {
  const first = parseProduct(c);
  const terms: Term[] = [{ sign: 1, expr: first }];
  for (;;) {
    const op = c.accept('+') ?? c.accept('-');
    if (!op) break;
    terms.push({ sign: op.text === '-' ? -1 : 1, expr: parseProduct(c) });
  }
  if (terms.length === 1) return first;
  return { kind: 'add', terms, span: joinSpans(first.span, terms[terms.length - 1]!.expr.span) };
}

function parseProduct(c: Cursor): Expr {
  const first = parseUnary(c);
  const factors: ProductFactor[] = [{ expr: first, divide: false }];
  for (;;) {
    const op = c.accept('*') ?? c.accept('/');
    if (op) factors.push({ expr: parseUnary(c), divide: op.text === '/' });
    else if (startsPrimary(c.peek())) factors.push({ expr: parseUnary(c), divide: false });
    else break;
  }
  if (factors.length === 1) return first;
  return { kind: 'multiply', factors, span: joinSpans(first.span, factors[factors.length - 1]!.expr.span) };
}

function startsPrimary(token: Token): boolean {
  return token.kind === 'identifier' || token.kind === 'number' || (token.kind === 'punct' && token.text === '(');
}

function parseUnary(c: Cursor): Expr {
  const minus = c.accept('-');
  if (!minus) return parsePower(c);
  const operand = c.nested(minus.span, () => parseUnary(c));
  return { kind: 'negate', operand, span: joinSpans(minus.span, operand.span) };
}

function parsePower(c: Cursor): Expr {
  const base = parsePrimary(c);
  if (!c.accept('^')) return base;
  const power = parseExponentOf(c, base);
  // 2^3^2 is 64 in some tools and 512 in others: never a guess
  const again = c.peek();
  if (again.kind === 'punct' && again.text === '^') c.expected("an operator or the end of the line (a power does not chain: write (a^b)^c or a^(b^c))");
  return power;
}

function parseExponentOf(c: Cursor, base: Expr): Expr {
  if (!constantExponentAhead(c)) {
    const exponent = parseTensorExponent(c);
    const span = joinSpans(base.span, exponent.span);
    // 2^(3^2) is 512 (a power), not exp(9 log 2) = 511.99999999999994; x^(1/2) is √x, defined at 0
    const value = constantValue(exponent);
    return value !== undefined && Number.isFinite(value) ? { kind: 'power', base, exponent: value, span } : tensorPower(base, exponent, span);
  }
  const exponent = parseExponent(c);
  return { kind: 'power', base, exponent: exponent.value, span: joinSpans(base.span, exponent.span) };
}

/** `2`, `-1`, `(-0.5)`, `(2)` ahead: a constant exponent; anything else is a tensor exponent. */
function constantExponentAhead(c: Cursor): boolean {
  const is = (k: number, text: string): boolean => { const t = c.peek(k); return t.kind === 'punct' && t.text === text; };
  const numberAt = (k: number): boolean => c.peek(k).kind === 'number';
  if (numberAt(0)) return true;
  if (is(0, '-')) return numberAt(1);
  if (!is(0, '(')) return false;
  const at = is(1, '-') ? 2 : 1;
  return numberAt(at) && is(at + 1, ')');
}

/** The value of an expression of numbers alone (`3^2`, `1/2`, `-(1 + 2)`), else undefined. */
function constantValue(e: Expr): number | undefined {
  switch (e.kind) {
    case 'number': return e.value;
    case 'negate': { const v = constantValue(e.operand); return v === undefined ? undefined : -v; }
    case 'add': return e.terms.reduce<number | undefined>((sum, t) => { const v = constantValue(t.expr); return sum === undefined || v === undefined ? undefined : sum + t.sign * v; }, 0);
    case 'multiply': return e.factors.reduce<number | undefined>((product, f) => { const v = constantValue(f.expr); return product === undefined || v === undefined ? undefined : f.divide ? product / v : product * v; }, 1);
    case 'power': { const b = constantValue(e.base); return b === undefined ? undefined : Math.pow(b, e.exponent); }
    default: return undefined;
  }
}

/** `x[i]^y[i]`, `x^(a + b)`, `x^-k`: an exponent that is itself an expression (a primary, maybe negated). */
function parseTensorExponent(c: Cursor): Expr {
  const minus = c.accept('-');
  if (!minus) return parsePrimary(c);
  const operand = c.nested(minus.span, () => parsePrimary(c));
  return { kind: 'negate', operand, span: joinSpans(minus.span, operand.span) };
}

/** `2`, `-1`, `(-0.5)`: a constant exponent, as constantExponentAhead found. */
function parseExponent(c: Cursor): { value: number; span: Span } {
  const open = c.accept('(');
  const minus = c.accept('-');
  const token = c.next();
  if (token.kind !== 'number') return c.expected('a number', token); // constantExponentAhead saw one
  const close = open ? c.expect(')', 'after the exponent') : token;
  return { value: minus ? -token.value : token.value, span: joinSpans(open?.span ?? minus?.span ?? token.span, close.span) };
}

function parsePrimary(c: Cursor): Expr {
  const token = c.peek();
  if (token.kind === 'number') {
    c.next();
    return { kind: 'number', value: token.value, span: token.span };
  }
  if (token.kind === 'punct' && token.text === '(') {
    c.next();
    const inner = c.nested(token.span, () => parseExpression(c));
    c.expect(')', 'to close the parenthesis');
    return inner;
  }
  if (token.kind !== 'identifier') return c.expected('a tensor, a number, a function or \'(\'');
  c.next();
  const word = token.text;
  if (isElementwiseFunction(word)) {
    const { args, span: argsSpan } = parseArguments(c, word);
    const arg = single(c, word, args, argsSpan);
    return { kind: 'call', fn: word, arg, span: joinSpans(token.span, argsSpan) };
  }
  if (isMatrixFunction(word)) return parseMatrixFunction(c, word, token.span);
  if (isReductionFunction(word) && c.sees('[')) return parseReduction(c, word, token.span);
  if (isBinaryFunction(word)) {
    const { args, span: argsSpan } = parseArguments(c, word);
    if (args.length !== 2) return fail('function_arity', c.failAt(argsSpan), word, 2, args.length);
    return binaryCall(word, args[0]!, args[1]!, joinSpans(token.span, argsSpan));
  }
  if (isReductionFunction(word)) return parseReduction(c, word, token.span);
  if (word === 'sum') return parseSum(c, token.span);
  // δ[i,j] is how every printout writes delta[i,j], so what ricci prints reads back
  if (word === 'delta' || word === 'δ') return parseDelta(c, word, token.span);
  const tensor = identifier(c, token, 'a tensor name');
  const next = c.peek();
  if (next.kind === 'punct' && next.text === '(' && next.span.start === token.span.end) unknownFunction(c, tensor);
  const indices = c.sees('[') ? parseIndexList(c) : { names: [], span: token.span };
  const after = c.peek();
  if (indices.names.length > 0 && after.kind === 'punct' && after.text === '(' && after.span.start === indices.span.end)
    misspelledReduction(c, tensor, joinSpans(token.span, indices.span));
  return { kind: 'access', tensor, indices: indices.names, span: joinSpans(token.span, indices.span) };
}

/**
 * `Softmax[i](z[i])`, `sums[i](…)`: a name close to a reduction's, its brackets and `(` with no
 * space between, is that reduction misspelled, not a tensor times its argument (which would only
 * surface later as a missing input, after grad had differentiated the product). `A[i] (…)` with a
 * space, `A[i] * (…)`, or a name no reduction resembles, multiplies.
 */
function misspelledReduction(c: Cursor, name: Identifier, span: Span): void {
  const closest = closestWord(name.text, [...reductionFunctions, 'sum']);
  if (closest === undefined) return;
  const written = c.source.slice(span.start, span.end);
  fail('unknown_function', c.failAt(span), written, closest, [...functionNames, 'sum'].join(', '));
}

/**
 * `name(…)` with no space before `(` reads as a call; an unknown name there is an error, not a
 * scalar times its argument (`tahn(x[i])`, `softmax(z[i])`). `lam (…)` with a space multiplies.
 */
function unknownFunction(c: Cursor, name: Identifier): never {
  return fail('unknown_function', c.failAt(name.span), name.text, closestWord(name.text, functionNames), functionNames.join(', '));
}

/** `softmax[j](z[i,j])`: like `sum[j](…)`, a function along the bracketed indices. */
function parseReduction(c: Cursor, fn: ReductionFunction, start: Span): Expr {
  if (!c.sees('[')) c.expected(`'[' after ${fn} (${fn}[j](…))`);
  const indices = parseIndexList(c);
  if (indices.names.length === 0) fail('reduction_without_indices', c.failAt(indices.span), fn);
  const { args, span: argsSpan } = parseArguments(c, fn);
  const body = single(c, fn, args, argsSpan);
  return reduction(fn, indices.names, body, joinSpans(start, argsSpan));
}

function parseSum(c: Cursor, start: Span): Expr {
  if (!c.sees('[')) c.expected(`'[' after sum (sum[i](…))`);
  const indices = parseIndexList(c);
  const { args, span: argsSpan } = parseArguments(c, 'sum');
  const body = single(c, 'sum', args, argsSpan);
  return { kind: 'sum', indices: indices.names, body, span: joinSpans(start, argsSpan) };
}

function parseDelta(c: Cursor, word: string, start: Span): Expr {
  if (!c.sees('[')) c.expected(`'[' after ${word} (${word}[i,j])`);
  const indices = parseIndexList(c);
  if (indices.names.length !== 2) fail('function_arity', c.failAt(indices.span), word, 2, indices.names.length);
  return { kind: 'delta', indices: indices.names, span: joinSpans(start, indices.span) };
}

/** `inv(M)[i,j]`, `det(M)`, `logdet(M)`: the argument must be a bare tensor name. */
function parseMatrixFunction(c: Cursor, fn: MatrixFunction, start: Span): Expr {
  const { args, span: argsSpan } = parseArguments(c, fn);
  const arg = single(c, fn, args, argsSpan);
  if (arg.kind !== 'access' || arg.indices.length > 0)
    fail('matrix_not_named', c.failAt(arg.span), fn, `'${c.source.slice(arg.span.start, arg.span.end)}'`);
  const hasIndices = c.sees('[');
  const indices = hasIndices ? parseIndexList(c) : { names: [], span: argsSpan };
  const expectedRank = fn === 'inv' ? 2 : 0;
  if (indices.names.length !== expectedRank)
    fail('rank_mismatch', c.failAt(indices.span), `${fn}(${arg.tensor.text})`, expectedRank, indices.names.length);
  return { kind: 'matrix', fn, matrix: arg.tensor, indices: indices.names, span: joinSpans(start, indices.span) };
}

function parseArguments(c: Cursor, fn: string): { args: Expr[]; span: Span } {
  const open = c.expect('(', `after ${fn}`);
  const args: Expr[] = [];
  let close = c.accept(')');
  if (!close) {
    do args.push(c.nested(open.span, () => parseExpression(c))); while (c.accept(','));
    close = c.expect(')', `to close ${fn}(…)`);
  }
  return { args, span: joinSpans(open.span, close.span) };
}

function single(c: Cursor, fn: string, args: readonly Expr[], where: Span): Expr {
  if (args.length !== 1) return fail('function_arity', c.failAt(where), fn, 1, args.length);
  return args[0]!;
}

/** `[i, j, k]` (possibly empty); index names are identifiers that are not reserved words. */
export function parseIndexList(c: Cursor): { names: Identifier[]; span: Span } {
  const open = c.expect('[');
  const names: Identifier[] = [];
  if (!c.sees(']'))
    do names.push(identifier(c, c.expectIdentifier('an index name'), 'an index name')); while (c.accept(','));
  const close = c.expect(']', 'to close the index list');
  return { names, span: joinSpans(open.span, close.span) };
}

export function identifier(c: Cursor, token: Token & { readonly kind: 'identifier' }, role: string): Identifier {
  if (isReservedWord(token.text)) fail('reserved_name', c.failAt(token.span), token.text, role);
  return { text: token.text, span: token.span };
}
