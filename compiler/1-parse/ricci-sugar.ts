import { assertNever } from '../diagnostics/assert-never.js';
import type { Span } from '../diagnostics/span.js';
import type { BinaryFunction, Expr, Identifier, ReduceOp, ReductionFunction } from './ricci-ast.js';

/**
 * The functions people write, written out in the language's core forms, so that each one's
 * derivative, LaTeX, NumPy and generated code follow from the core's (one home per rule):
 *   max(a, b)            = b + relu(a − b)              min(a, b) = a − relu(a − b)
 *   max(0, z) = max(z, 0) = relu(z)
 *   a^b (b not constant) = exp(b log a)                 (defined for a > 0)
 *   logsumexp[j](e), max[j](e), min[j](e): the core reduction (computed with the max shift:
 *                          logits of ±1000 stay finite; derivative-table.ts has its rule)
 *   softmax[j](e)        = exp(e − logsumexp[j](e))
 *   log_softmax[j](e)    = e − logsumexp[j](e)
 *   mean[j](e)           = sum[j](e) / sum[j](delta[j,j])  (the divisor is the size of j)
 *   norm1[j](e)          = sum[j](|e|)
 *   norm2[j](e)          = sqrt(sum[j](e^2))              (norm2[i,j](A[i,j]) is Frobenius)
 * Every node made here carries the span of the call, so a later error points at what was typed.
 */
export function binaryCall(fn: BinaryFunction, a: Expr, b: Expr, span: Span): Expr {
  // relu, not |a − b|, so a derivative reads as books write it: step(z) for max(0, z), not ½ (1 + sign z)
  const isZero = (e: Expr): boolean => e.kind === 'number' && e.value === 0;
  if (fn === 'max' && isZero(a)) return call('relu', b, span);
  if (fn === 'max' && isZero(b)) return call('relu', a, span);
  const excess = call('relu', { kind: 'add', terms: [{ sign: 1, expr: a }, { sign: -1, expr: b }], span }, span);
  return fn === 'max'
    ? { kind: 'add', terms: [{ sign: 1, expr: b }, { sign: 1, expr: excess }], span }
    : { kind: 'add', terms: [{ sign: 1, expr: a }, { sign: -1, expr: excess }], span };
}

export function tensorPower(base: Expr, exponent: Expr, span: Span): Expr {
  const factors = [{ expr: exponent, divide: false }, { expr: call('log', base, span), divide: false }];
  return call('exp', { kind: 'multiply', factors, hadamard: true, span }, span);
}

export function reduction(fn: ReductionFunction, indices: readonly Identifier[], body: Expr, span: Span): Expr {
  const sum = (e: Expr): Expr => ({ kind: 'sum', indices, body: e, span });
  const core = (op: ReduceOp): Expr => ({ kind: 'reduce', op, indices, body, span });
  const logSoftmax = (): Expr => ({ kind: 'add', terms: [{ sign: 1, expr: body }, { sign: -1, expr: core('logsumexp') }], span });
  switch (fn) {
    case 'logsumexp':
    case 'max':
    case 'min':
      return core(fn);
    case 'softmax':
      return call('exp', logSoftmax(), span);
    case 'log_softmax':
      return logSoftmax();
    case 'mean': {
      const ones: Expr[] = indices.map((j) => ({ kind: 'delta', indices: [j, j], span }));
      const count: Expr = ones.length === 1 ? ones[0]! : { kind: 'multiply', factors: ones.map((expr) => ({ expr, divide: false })), span };
      return quotient(sum(body), sum(count), span);
    }
    case 'norm1':
      return sum(call('abs', body, span));
    case 'norm2':
      return call('sqrt', sum({ kind: 'power', base: body, exponent: 2, span }), span);
    default:
      return assertNever(fn);
  }
}

function quotient(a: Expr, b: Expr, span: Span): Expr {
  return { kind: 'multiply', factors: [{ expr: a, divide: false }, { expr: b, divide: true }], span };
}

function call(fn: 'abs' | 'exp' | 'log' | 'sqrt' | 'relu', arg: Expr, span: Span): Expr {
  return { kind: 'call', fn, arg, span };
}

function number(value: number, span: Span): Expr {
  return { kind: 'number', value, span };
}
