import { fail } from '../diagnostics/ricci-error.js';
import { joinSpans } from '../diagnostics/span.js';
import type { Declaration, DefinitionStatement, Identifier, Program, SizeLiteral, Statement } from './ricci-ast.js';
import { createCursor, type Cursor } from './ricci-cursor.js';
import { identifier, parseExpression, parseIndexList } from './ricci-expression.js';
import { programWarnings } from './ricci-warnings.js';

/**
 * Parses a Ricci-language program: one statement per line (or separated by `;`).
 *   W: [m, 10]            a declaration (optional `symmetric` or `distribution`)
 *   f[a,j] = X[a,i] W[i,j] + b[a,j]
 * Only syntax is checked here; names, ranks and sizes are checked by build-network. The program
 * carries its warnings (ricci-warnings.ts): legal constructs that are likely mistakes.
 */
export function parseRicci(source: string): Program {
  const c = createCursor(source);
  const statements: Statement[] = [];
  for (;;) {
    while (c.peek().kind === 'newline') c.next();
    if (c.peek().kind === 'end') break;
    statements.push(parseStatement(c));
    const after = c.peek();
    if (after.kind === 'punct' && after.text === '=')
      c.expected("an operator or the end of the line (a definition has one '='; of a printed adjoint, δz[i] = dC/dz[i] = …, paste what follows the last '=')");
    if (after.kind !== 'newline' && after.kind !== 'end') c.expected('an operator or the end of the line');
  }
  const program = { source, statements };
  return { ...program, warnings: programWarnings(program) };
}

function parseStatement(c: Cursor): Statement {
  const name = identifier(c, c.expectIdentifier('a declaration or a definition (a tensor name)'), 'a tensor name');
  return c.accept(':') ? parseDeclaration(c, name) : parseDefinition(c, name);
}

/** `A: [n, n] symmetric`, `y: [k] distribution` (one attribute at most) */
function parseDeclaration(c: Cursor, name: Identifier): Declaration {
  const open = c.expect('[', 'to start the shape (e.g. [m, 10])');
  const shape: SizeLiteral[] = [];
  if (!c.accept(']')) {
    do shape.push(parseSize(c, name.text)); while (c.accept(','));
    c.expect(']', 'to close the shape');
  }
  let end = c.peek().span.start;
  const attribute = c.peek();
  const symmetric = attribute.kind === 'identifier' && attribute.text === 'symmetric';
  const distribution = attribute.kind === 'identifier' && attribute.text === 'distribution';
  if (symmetric || distribution) end = c.next().span.end;
  else if (attribute.kind === 'identifier') c.expected(`'symmetric', 'distribution' or the end of the line`);
  return { kind: 'declaration', name, shape, symmetric, ...(distribution ? { distribution } : {}), span: joinSpans(name.span, { start: open.span.start, end }) };
}

function parseSize(c: Cursor, tensor: string): SizeLiteral {
  const token = c.next();
  if (token.kind === 'identifier') {
    const id = identifier(c, token, 'a size name');
    return { kind: 'symbol', name: id.text, span: id.span };
  }
  if (token.kind === 'number' && Number.isSafeInteger(token.value) && /^\d+$/.test(token.text))
    return { kind: 'integer', value: token.value, span: token.span };
  if (token.kind === 'number') return fail('invalid_size', c.failAt(token.span), token.text, tensor);
  return c.expected('a size (an integer or a name)', token);
}

/**
 * `dL/dW[i,j] = …`, `df[i]/dA[j,k] = …`: a derivative's printed header pasted as a definition's
 * name. Its indices are the result's, so the message shows the definition to write instead.
 */
function derivativeHeader(c: Cursor, name: Identifier, first: readonly Identifier[], firstEnd: number): never {
  const indices = first.map((i) => i.text);
  let end = firstEnd;
  for (let t = c.peek(); !(t.kind === 'punct' && t.text === '=') && t.kind !== 'newline' && t.kind !== 'end'; t = c.peek()) {
    if (t.kind === 'punct' && t.text === '[') {
      const list = parseIndexList(c);
      indices.push(...list.names.map((i) => i.text));
      end = list.span.end;
    } else end = c.next().span.end;
  }
  const written = c.source.slice(name.span.start, end);
  return fail('derivative_header', c.failAt({ start: name.span.start, end }), written, `g${indices.length === 0 ? '' : `[${indices.join(',')}]`}`);
}

/** `f[a,j] = expr` or `L = expr` */
function parseDefinition(c: Cursor, name: Identifier): DefinitionStatement {
  const list = c.sees('[') ? parseIndexList(c) : undefined;
  const indices = list?.names ?? [];
  if (c.sees('/')) derivativeHeader(c, name, indices, list?.span.end ?? name.span.end);
  c.expect('=', indices.length > 0 ? 'after the indices of a definition' : `or ':' after '${name.text}'`);
  const body = parseExpression(c);
  return { kind: 'definition', name, indices, body, span: joinSpans(name.span, body.span) };
}
