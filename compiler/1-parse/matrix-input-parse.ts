import { fail } from './matrix-input-errors.js';
import { joinSpans, span, type Span } from '../diagnostics/span.js';
import { maxNesting } from './ricci-cursor.js';
import { lookalikeHint } from './lookalikes.js';
import { elementwiseFunctions } from './ricci-ast.js';

/**
 * matrixcalculus.org-style input, parsed with spans:
 *   sum   := product (('+' | '-') product)*
 *   product := unary (('*' | '.*' | './' | '/')? unary)*   (side by side is '*': 2 Aᵀ r)
 *   unary := '-' unary | power
 *   power := postfix (('^' | '.^') exponent | '.^' postfix)?      exponent := '-'? number | '(' '-'? number ')'
 *   postfix := primary ("'" | '⁻¹' | '⁻ᵀ')*              (A'' is A; A⁻¹ is inv(A))
 *   primary := number | name | '𝟏' | name '(' sum (',' sum)* ')' | 'log|det(' sum ')|' | '(' sum ')'
 * The matrix view's own symbols read as what they print: − is -, ⊙ is .*, ᵀ is ', ^∘ is .^, so a
 * printed derivative pastes back. `name (…)` with a space multiplies unless name is a function.
 */
export type MatrixInput =
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | { readonly kind: 'transpose'; readonly arg: MatrixInput; readonly span: Span }
  | { readonly kind: 'negate'; readonly arg: MatrixInput; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: MatrixInput; readonly right: MatrixInput; readonly span: Span; readonly opSpan: Span }
  | { readonly kind: 'power'; readonly elementwise: boolean; readonly base: MatrixInput; readonly exponent: number; readonly span: Span }
  /** x .^ p (x^∘p) with a named exponent: elementwise, as the Ricci language's x[i]^p[i]. */
  | { readonly kind: 'tensor-power'; readonly base: MatrixInput; readonly exponent: MatrixInput; readonly span: Span }
  /** f(a) or, for max and min, f(a, b): `args` in the order written (at least one). */
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly MatrixInput[]; readonly span: Span; readonly nameSpan: Span };

export type BinaryOp = '+' | '-' | '*' | '.*' | './' | '/';

interface Token {
  readonly kind: 'number' | 'name' | 'op' | 'end';
  readonly text: string;
  readonly span: Span;
}

const operators = ['.*', './', '.^', '^∘', '+', '-', '−', '*', '/', '^', "'", 'ᵀ', '⊙', '⁻¹', '⁻ᵀ', '𝟏', 'log|det(', ')|', '(', ')', ','];

/** The matrix view's spellings of the input's operators (text-notation.ts prints them). */
const printed: Readonly<Record<string, string>> = { '−': '-', '⊙': '.*', 'ᵀ': "'", '^∘': '.^' };

/** Numbers, names and operators with spans, ending in an `end` token; whitespace is skipped. Linear: sticky patterns, no slicing. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const space = /\s+/y;
  const number = /(\d+(\.(?![*/^])\d*)?(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)/iy;
  // ᵀ is a modifier letter: without the lookahead `Xᵀ` would be one name, not X and a stray transpose
  const name = /(?!ᵀ)[\p{L}_](?:(?!ᵀ)[\p{L}\p{N}_])*/uy;
  const digitAfterDot = /\.\d/y;
  const matchAt = (pattern: RegExp, at: number): string | undefined => {
    pattern.lastIndex = at;
    return pattern.exec(source)?.[0];
  };
  let at = 0;
  while (at < source.length) {
    const blank = matchAt(space, at);
    const digits = blank === undefined ? matchAt(number, at) : undefined;
    // log|det( before the name `log`: the view's spelling of logdet
    const word = blank === undefined && digits === undefined && !source.startsWith('log|det(', at) ? matchAt(name, at) : undefined;
    const op = blank ?? digits ?? word ?? operators.find((o) => source.startsWith(o, at) && !(o.startsWith('.') && matchAt(digitAfterDot, at) !== undefined));
    if (op === undefined) {
      const character = String.fromCodePoint(source.codePointAt(at)!);
      return fail('matrix_input_unexpected_character', { source, span: span(at, at + 1) }, character, lookalikeHint(character, 'matrix'));
    }
    if (blank === undefined) tokens.push({ kind: digits !== undefined ? 'number' : word !== undefined ? 'name' : 'op', text: printed[op] ?? op, span: span(at, at + op.length) });
    at += op.length;
  }
  tokens.push({ kind: 'end', text: 'end of input', span: span(source.length, source.length) });
  return tokens;
}

/** Parses matrix-notation text by the grammar above; every failure is a coded RicciError with a caret. */
/** Names called as functions even with a space before '(' (tr (A)); any other `name (…)` multiplies. */
export const matrixInputFunctions: readonly string[] = [
  ...elementwiseFunctions, 'tr', 'sum', 'mean', 'det', 'logdet', 'inv', 'norm1', 'norm2', 'max', 'min', 'logsumexp', 'softmax', 'log_softmax', 'diag', 'diagvec',
  'softmax_rows', 'max_rows', 'min_rows', 'logsumexp_rows',
];

export function parseMatrixInput(source: string): MatrixInput {
  const tokens = tokenize(source);
  let k = 0;
  const peek = (): Token => tokens[k]!;
  const isOp = (...ops: string[]): boolean => peek().kind === 'op' && ops.includes(peek().text);
  const describe = (t: Token): string => (t.kind === 'end' ? 'the end of the input' : `'${t.text}'`);
  const expect = (text: string, what: string): Token => {
    const t = peek();
    if (t.kind !== 'op' || t.text !== text) return fail('matrix_input_unexpected_token', { source, span: t.span }, describe(t), what);
    k++;
    return t;
  };

  /** A number token's value; one that overflows (1e999) is an error, not Infinity. */
  const finite = (t: Token): number => {
    const value = Number(t.text);
    return Number.isFinite(value) ? value : fail('matrix_input_non_finite_number', { source, span: t.span }, t.text);
  };

  // The tree is checked and printed recursively where it truly nests, and its Ricci text nests as deep
  // as it does, so both the parser's own recursion and that depth stay within maxNesting. A flat chain
  // (a + b + …, A*B*…, A''…) is read and checked in a loop: its left spine does not count.
  let open = 0;
  const nested = <T>(at: Span, parse: () => T): T => {
    if (open >= maxNesting) fail('matrix_input_too_deep', { source, span: at }, maxNesting);
    open++;
    try {
      return parse();
    } finally {
      open--;
    }
  };
  const depths = new WeakMap<MatrixInput, number>();
  const made = (node: MatrixInput, at: Span, child: MatrixInput, spine?: MatrixInput): MatrixInput => {
    const depth = Math.max(1 + (depths.get(child) ?? 0), spine === undefined ? 0 : depths.get(spine) ?? 0);
    if (depth > maxNesting) fail('matrix_input_too_deep', { source, span: at }, maxNesting);
    depths.set(node, depth);
    return node;
  };

  /** operand (op operand)*, associating to the left. */
  const chain = (ops: readonly BinaryOp[], operand: () => MatrixInput): MatrixInput => {
    let left = operand();
    while (isOp(...ops)) {
      const op = tokens[k++]!;
      const right = operand();
      left = made({ kind: 'binary', op: op.text as BinaryOp, left, right, span: joinSpans(left.span, right.span), opSpan: op.span }, op.span, right, left);
    }
    return left;
  };
  const sum = (): MatrixInput => chain(['+', '-'], product);
  /** A token that starts an operand: two operands side by side multiply (2 Aᵀ r, Xᵀ (P − Y)). */
  const startsOperand = (t: Token): boolean => t.kind === 'number' || t.kind === 'name' || (t.kind === 'op' && (t.text === '(' || t.text === '𝟏' || t.text === 'log|det('));
  const product = (): MatrixInput => {
    let left = unary();
    for (;;) {
      const written = isOp('*', '.*', './', '/') ? tokens[k++]! : undefined;
      if (written === undefined && !startsOperand(peek())) return left;
      const op = written ?? { kind: 'op', text: '*', span: span(peek().span.start, peek().span.start) };
      const right = unary();
      left = made({ kind: 'binary', op: op.text as BinaryOp, left, right, span: joinSpans(left.span, right.span), opSpan: op.span }, op.span, right, left);
    }
  };
  const unary = (): MatrixInput => {
    if (!isOp('-')) return power();
    const minus = tokens[k++]!;
    const arg = nested(minus.span, unary);
    return made({ kind: 'negate', arg, span: joinSpans(minus.span, arg.span) }, minus.span, arg);
  };
  const power = (): MatrixInput => {
    const base = postfix();
    if (!isOp('^', '.^')) return base;
    const op = tokens[k++]!;
    if (op.text === '.^' && peek().kind === 'name') {
      const named = postfix();
      return made({ kind: 'tensor-power', base, exponent: named, span: joinSpans(base.span, named.span) }, op.span, base);
    }
    const exponent = constantExponent();
    return made({ kind: 'power', elementwise: op.text === '.^', base, exponent: exponent.value, span: joinSpans(base.span, exponent.span) }, op.span, base);
  };
  const constantExponent = (): { value: number; span: Span } => {
    const open = isOp('(') ? tokens[k++]! : undefined;
    const minus = isOp('-') ? tokens[k++]! : undefined;
    const t = peek();
    if (t.kind !== 'number') return fail('matrix_input_unexpected_token', { source, span: t.span }, describe(t), 'a constant exponent (a number)');
    k++;
    const close = open ? expect(')', "')' after the exponent") : t;
    return { value: (minus ? -1 : 1) * finite(t), span: joinSpans(open?.span ?? minus?.span ?? t.span, close.span) };
  };
  /** A'' is A: a run of quotes is one transpose or none, by its parity; A⁻¹ is inv(A), A⁻ᵀ inv(A)'. */
  const postfix = (): MatrixInput => {
    let arg = primary();
    for (;;) {
      let quotes = 0;
      let last = arg.span;
      while (isOp("'")) {
        last = tokens[k++]!.span;
        quotes++;
      }
      if (quotes % 2 === 1) arg = made({ kind: 'transpose', arg, span: joinSpans(arg.span, last) }, last, arg);
      if (!isOp('⁻¹', '⁻ᵀ')) return arg;
      const mark = tokens[k++]!;
      const inverse = made({ kind: 'call', fn: 'inv', args: [arg], span: joinSpans(arg.span, mark.span), nameSpan: mark.span }, mark.span, arg);
      arg = mark.text === '⁻ᵀ' ? made({ kind: 'transpose', arg: inverse, span: inverse.span }, mark.span, inverse) : inverse;
    }
  };
  const primary = (): MatrixInput => {
    const t = peek();
    if (t.kind === 'number') { k++; return { kind: 'number', value: finite(t), span: t.span }; }
    if (isOp('𝟏')) { k++; return { kind: 'name', name: '𝟏', span: t.span }; }
    if (isOp('log|det(')) {
      // log|det(X)|, as the matrix view prints logdet
      k++;
      const arg = nested(t.span, sum);
      const close = expect(')|', "')|' to close log|det(");
      return made({ kind: 'call', fn: 'logdet', args: [arg], span: joinSpans(t.span, close.span), nameSpan: t.span }, t.span, arg);
    }
    if (t.kind === 'name') {
      k++;
      const call = isOp('(') && (peek().span.start === t.span.end || matrixInputFunctions.includes(t.text));
      if (!call) return { kind: 'name', name: t.text, span: t.span };
      k++;
      const args = [nested(t.span, sum)];
      while (isOp(',')) { k++; args.push(nested(t.span, sum)); }
      const close = expect(')', `')' to close ${t.text}(`);
      const deepest = args.reduce((a, b) => ((depths.get(b) ?? 0) > (depths.get(a) ?? 0) ? b : a));
      return made({ kind: 'call', fn: t.text, args, span: joinSpans(t.span, close.span), nameSpan: t.span }, t.span, deepest);
    }
    if (isOp('(')) {
      const paren = tokens[k++]!;
      const inner = nested(paren.span, sum);
      expect(')', "')'");
      return inner;
    }
    return fail('matrix_input_unexpected_token', { source, span: t.span }, describe(t), 'a matrix name, a number or (');
  };

  const tree = sum();
  const end = peek();
  if (end.kind !== 'end') return fail('matrix_input_unexpected_token', { source, span: end.span }, describe(end), 'an operator or the end of the input');
  return tree;
}
