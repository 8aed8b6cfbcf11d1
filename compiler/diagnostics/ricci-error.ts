import { renderCaret } from './caret.js';
import type { Catalogue } from './codes/catalogue.js';
import { coreMessages, type Code, type CoreCode, type Messages } from './messages.js';
import type { Span, Where } from './span.js';

/**
 * Every failure the library reports: a stable `code`, a concrete message that quotes the input
 * with a caret under `span`, and the values involved (the arguments of the message).
 * @example
 * import { einsum, RicciError } from 'ricci';
 * try {
 *   einsum('ij,jk->ik', [[1, 2, 3]], [[1, 2], [3, 4]]);
 * } catch (e) {
 *   if (!(e instanceof RicciError)) throw e;
 *   e.code; // → einsum_label_size_conflict
 *   e.message.split('\n')[1]; // →   ij,jk->ik
 * }
 */
export class RicciError extends Error {
  override readonly name = 'RicciError';
  constructor(
    readonly code: Code,
    message: string,
    readonly span?: Span,
    readonly source?: string,
    readonly values: readonly unknown[] = [],
  ) {
    super(message);
  }
}

/** Throws the catalogued error `code`; `where` (if known) is quoted with a caret. */
export function fail<C extends CoreCode>(code: C, where: Where | undefined, ...args: Parameters<Messages[C]>): never {
  throw ricciError(code, where, ...args);
}

export function ricciError<C extends CoreCode>(code: C, where: Where | undefined, ...args: Parameters<Messages[C]>): RicciError {
  return errorFrom(coreMessages, code, where, args);
}

/**
 * A `fail` that knows only `catalogue`'s codes. Stages that every bundle needs (einsum's) raise
 * through one of these, so a bundle carries only the messages its stages can produce.
 */
export function failFrom<M extends Catalogue>(catalogue: M): FailIn<M> {
  return (code, where, ...args) => {
    throw errorFrom(catalogue, code, where, args);
  };
}

/** `ricciError` for `catalogue`'s codes only (an error to throw later, as failFrom's `fail` throws now). */
export function ricciErrorFrom<M extends Catalogue>(catalogue: M): <C extends keyof M & Code>(code: C, where: Where | undefined, ...args: Parameters<Messages[C]>) => RicciError {
  return (code, where, ...args) => errorFrom(catalogue, code, where, args);
}

/** A `fail` restricted to the codes of catalogue M (declared with this type, calls narrow like `never`). */
export type FailIn<M extends Catalogue> =
  <C extends keyof M & Code>(code: C, where: Where | undefined, ...args: Parameters<Messages[C]>) => never;

function errorFrom(catalogue: Catalogue, code: Code, where: Where | undefined, args: readonly unknown[]): RicciError {
  const render = catalogue[code] as (...a: readonly unknown[]) => string;
  const text = render(...args);
  const message = where ? `${code}: ${text}\n${renderCaret(where.source, where.span)}` : `${code}: ${text}`;
  return new RicciError(code, message, where?.span, where?.source, args);
}

/**
 * Whether `e` is a RicciError (a type guard for `catch` blocks).
 * @example
 * import { grad, isRicciError } from 'ricci';
 * try {
 *   grad('L = x[i] W[i,j] y[j', 'L', 'W');
 * } catch (e) {
 *   if (!isRicciError(e)) throw e;
 *   e.code; // → unexpected_token
 * }
 */
export function isRicciError(e: unknown): e is RicciError {
  return e instanceof RicciError;
}
