import type { Expr, Program, Statement } from './ricci-ast.js';

/**
 * Prints a syntax tree back as Ricci source with the fewest parentheses that parse to the same
 * tree: parseRicci(printProgram(p)) equals p up to spans. Parentheses around a product are kept,
 * because they scope the Einstein rule: (x[i] y[i]) z[i] ≠ x[i] y[i] z[i].
 */
export function printProgram(program: Program): string {
  return program.statements.map(printStatement).join('\n');
}

export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'declaration': {
      const shape = s.shape.map((size) => (size.kind === 'integer' ? String(size.value) : size.name));
      return `${s.name.text}: [${shape.join(', ')}]${s.symmetric ? ' symmetric' : ''}${s.distribution ? ' distribution' : ''}`;
    }
    case 'definition':
      return `${s.name.text}${indexList(s.indices)} = ${printExpression(s.body)}`;
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}

/** Binding strength: add < multiply < negate < power < primary. */
type Level = 1 | 2 | 3 | 4 | 5;
const Level = { Add: 1, Multiply: 2, Negate: 3, Power: 4, Primary: 5 } as const satisfies Record<string, Level>;

export function printExpression(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'access':
      return `${e.tensor.text}${indexList(e.indices)}`;
    case 'negate':
      return `-${at(e.operand, Level.Negate)}`;
    case 'add':
      return e.terms.map((t, k) => `${k === 0 ? '' : t.sign < 0 ? ' - ' : ' + '}${at(t.expr, Level.Multiply)}`).join('');
    case 'multiply':
      return e.factors.map((f, k) => {
        const text = at(f.expr, Level.Negate);
        if (k === 0) return text;
        return f.divide ? ` / ${text}` : f.expr.kind === 'negate' ? ` * ${text}` : ` ${text}`;
      }).join('');
    case 'power':
      return `${at(e.base, Level.Primary)}^${e.exponent < 0 ? `(${e.exponent})` : String(e.exponent)}`;
    case 'call':
      return `${e.fn}(${printExpression(e.arg)})`;
    case 'matrix':
      return `${e.fn}(${e.matrix.text})${indexList(e.indices)}`;
    case 'sum':
      return `sum${indexList(e.indices)}(${printExpression(e.body)})`;
    case 'reduce':
      return `${e.op}${indexList(e.indices)}(${printExpression(e.body)})`;
    case 'delta':
      return `delta${indexList(e.indices)}`;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

function at(e: Expr, min: Level): string {
  const text = printExpression(e);
  return levelOf(e) < min ? `(${text})` : text;
}

function levelOf(e: Expr): Level {
  switch (e.kind) {
    case 'add': return Level.Add;
    case 'multiply': return Level.Multiply;
    case 'negate': return Level.Negate;
    case 'power': return Level.Power;
    default: return Level.Primary;
  }
}

function indexList(indices: readonly { readonly text: string }[]): string {
  return indices.length === 0 ? '' : `[${indices.map((i) => i.text).join(',')}]`;
}
