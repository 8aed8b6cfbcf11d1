import type { RicciWarning } from '../diagnostics/ricci-warning.js';
import type { Span } from '../diagnostics/span.js';

/**
 * The Ricci language's syntax tree. Every node carries the span of the text it
 * came from, so later stages can point a caret at it.
 *   f[a,j] = X[a,i] W[i,j] + b[a,j]   →  definition(f, [a,j], add([multiply(X, W), b]))
 * @example
 * import { grad, parse, type Program } from 'ricci';
 * const program: Program = parse('f[j] = x[i] W[i,j]\nL = f[j] y[j]');
 * grad(program, 'L', 'W').toString(); // → dL/dW[i,j] = x[i] y[j]
 */
export interface Program {
  readonly source: string;
  readonly statements: readonly Statement[];
  /**
   * Legal but suspicious constructs (ricci-warnings.ts), as `parseRicci` found them. Optional so
   * that a Program built by hand is still a Program; building a network recomputes them.
   */
  readonly warnings?: readonly RicciWarning[];
}

export type Statement = Declaration | DefinitionStatement;

/** A name as written: a tensor, an index or a symbolic size. */
export interface Identifier {
  readonly text: string;
  readonly span: Span;
}

/** One dimension of a declared shape: `10` or `n`. */
export type SizeLiteral =
  | { readonly kind: 'integer'; readonly value: number; readonly span: Span }
  | { readonly kind: 'symbol'; readonly name: string; readonly span: Span };

/** `A: [n, n] symmetric`, `y: [k] distribution` */
export interface Declaration {
  readonly kind: 'declaration';
  readonly name: Identifier;
  readonly shape: readonly SizeLiteral[];
  readonly symmetric: boolean;
  /** `y: [k] distribution`: entries ≥ 0 summing to 1 along the last index (each row of a batch). */
  readonly distribution?: boolean;
  readonly span: Span;
}

/** `f[a,j] = …`; a scalar definition has no indices. */
export interface DefinitionStatement {
  readonly kind: 'definition';
  readonly name: Identifier;
  readonly indices: readonly Identifier[];
  readonly body: Expr;
  readonly span: Span;
}

/**
 * The function table: the one list of the language's function names. The network's elementwise
 * functions (2-network/network.ts), the evaluator, the code generators and the views are keyed
 * by these names; did-you-mean suggestions for an unknown `name(…)` are drawn from it.
 */
export const elementwiseFunctions = [
  'exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'softplus', 'relu', 'abs', 'sqrt', 'sign',
  // what derivatives print: relu′ is step(u) (1 where u > 0), max′ and min′ read atZero(u) (1 where u = 0)
  'step', 'atZero',
] as const;
export const matrixFunctions = ['inv', 'det', 'logdet'] as const;
/** `max(a, b)`, `min(a, b)`: elementwise, of two arguments (ricci-sugar.ts writes them out). */
export const binaryFunctions = ['max', 'min'] as const;
/**
 * `softmax[j](z[i,j])`: along the bracketed indices (ricci-sugar.ts writes them out in the core
 * forms). `max[j](…)`, `min[j](…)` share their names with the binary max(a, b), min(a, b).
 */
export const reductionFunctions = ['logsumexp', 'softmax', 'log_softmax', 'mean', 'norm1', 'norm2', 'max', 'min'] as const;
/** The reductions that are core forms (not sums): the network's Reduce node computes them. */
export type ReduceOp = 'max' | 'min' | 'logsumexp';
export type ElementwiseFunction = (typeof elementwiseFunctions)[number];
export type MatrixFunction = (typeof matrixFunctions)[number];
export type BinaryFunction = (typeof binaryFunctions)[number];
export type ReductionFunction = (typeof reductionFunctions)[number];
/** Every name that may be called, for did-you-mean and the unknown_function message. */
export const functionNames: readonly string[] = [...new Set([...elementwiseFunctions, ...matrixFunctions, ...binaryFunctions, ...reductionFunctions])];

export interface Term { readonly sign: 1 | -1; readonly expr: Expr }
/** A factor of a product; `divide` marks `a / b` (b enters as b^(-1)). */
export interface ProductFactor { readonly expr: Expr; readonly divide: boolean }

export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  /** `W[i,j]`, or a scalar `s` written without brackets (indices = []). */
  | { readonly kind: 'access'; readonly tensor: Identifier; readonly indices: readonly Identifier[]; readonly span: Span }
  | { readonly kind: 'negate'; readonly operand: Expr; readonly span: Span }
  /** Two or more terms: `a + b - c`. */
  | { readonly kind: 'add'; readonly terms: readonly Term[]; readonly span: Span }
  /**
   * Two or more factors, by `*`, `/` or juxtaposition: `x[i] W[i,j]`. `hadamard`: the factors align
   * by index name and none is summed (the `b log a` of a tensor power a^b = exp(b log a), which is
   * elementwise as a constant power is: `L = x[i]^y[i]` is Σᵢ xᵢ^yᵢ, not exp(Σᵢ yᵢ log xᵢ)).
   */
  | { readonly kind: 'multiply'; readonly factors: readonly ProductFactor[]; readonly hadamard?: true; readonly span: Span }
  | { readonly kind: 'power'; readonly base: Expr; readonly exponent: number; readonly span: Span }
  | { readonly kind: 'call'; readonly fn: ElementwiseFunction; readonly arg: Expr; readonly span: Span }
  /** `inv(M)[i,j]`, `det(M)`, `logdet(M)`: of a named matrix only. */
  | { readonly kind: 'matrix'; readonly fn: MatrixFunction; readonly matrix: Identifier; readonly indices: readonly Identifier[]; readonly span: Span }
  /** `sum[i,j](body)` */
  | { readonly kind: 'sum'; readonly indices: readonly Identifier[]; readonly body: Expr; readonly span: Span }
  /** `max[j](body)`, `min[j](body)`, `logsumexp[j](body)`: along the indices, which must be free in body */
  | { readonly kind: 'reduce'; readonly op: ReduceOp; readonly indices: readonly Identifier[]; readonly body: Expr; readonly span: Span }
  /** `delta[i,j]` */
  | { readonly kind: 'delta'; readonly indices: readonly Identifier[]; readonly span: Span };


/** The language's own words; everything else (JavaScript keywords included) is an ordinary name. */
export type ReservedWord = ElementwiseFunction | MatrixFunction | BinaryFunction | ReductionFunction | 'sum' | 'delta' | 'δ' | 'symmetric';
export const reservedWords: readonly ReservedWord[] = [...new Set<ReservedWord>([
  ...elementwiseFunctions, ...matrixFunctions, ...binaryFunctions, ...reductionFunctions, 'sum', 'delta', 'δ', 'symmetric',
])];

export function isReservedWord(word: string): word is ReservedWord {
  return (reservedWords as readonly string[]).includes(word);
}

export function isElementwiseFunction(word: string): word is ElementwiseFunction {
  return (elementwiseFunctions as readonly string[]).includes(word);
}

export function isMatrixFunction(word: string): word is MatrixFunction {
  return (matrixFunctions as readonly string[]).includes(word);
}

export function isBinaryFunction(word: string): word is BinaryFunction {
  return (binaryFunctions as readonly string[]).includes(word);
}

export function isReductionFunction(word: string): word is ReductionFunction {
  return (reductionFunctions as readonly string[]).includes(word);
}
