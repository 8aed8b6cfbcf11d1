import type { Node } from '../../2-network/network.js';
import type { Expression } from '../../3-calculus/derivation.js';
import { indexNotation } from '../../2-network/print-network.js';
import type { DisplayNames } from '../../2-network/index-text.js';
import { indexLatex } from './formula.js';
import { latexAccess, latexName } from '../latex/latex-symbols.js';

export interface LatexOptions {
  /** For a derivative: the function, the variables (one per differentiation) and F's rank. */
  readonly derivative?: {
    readonly of: string;
    readonly wrt: readonly string[];
    readonly ofRank: number;
    /** Each variable's rank (a mixed Hessian of x and Y splits k | l,m); default: an even split. */
    readonly wrtRanks?: readonly number[];
    /** The result's name when it is a named adjoint: `\delta_{z1\,i} = \frac{∂C}{∂z1_i} = …`. */
    readonly symbol?: string;
  };
  readonly names?: DisplayNames;
  /** Definitions by node: sub-expressions equal to one print by name. */
  readonly definitions?: ReadonlyMap<Node, string>;
  /** Sums kept whole, as `printExpression` keeps them (a derivative's chain-rule factors). */
  readonly factored?: ReadonlySet<Node>;
}

/**
 * An expression or derivative in index notation as KaTeX-renderable LaTeX — the tree
 * `printExpression` prints, so the terms and their order are the text's:
 *   \frac{\partial L}{\partial W_{ij}} = x_{i}\,y_{j}
 * The variable's axes split by each variable's rank (a Hessian's k,l then m,n).
 */
export function toLatex(expr: Expression, options: LatexOptions = {}): string {
  const names = options.names ?? {};
  const body = indexLatex(indexNotation(expr, { names: options.definitions ?? new Map(), ...(options.factored ? { factored: options.factored } : {}) }), names);
  const d = options.derivative;
  if (!d) return body;
  const shown = (n: string): string => latexName(Object.prototype.hasOwnProperty.call(names, n) ? names[n]! : n);
  const wrtAxes = expr.indices.slice(d.ofRank);
  const per = d.wrt.length === 0 ? 0 : wrtAxes.length / d.wrt.length;
  const order = d.wrt.length;
  const numerator = `\\partial${order > 1 ? `^{${order}}` : ''} ${latexAccess(shown(d.of), expr.indices.slice(0, d.ofRank))}`;
  const ranks = d.wrtRanks ?? d.wrt.map(() => per);
  const starts = ranks.map((_, k) => ranks.slice(0, k).reduce((a, b) => a + b, 0));
  const denominator = d.wrt.map((x, k) => `\\partial ${latexAccess(shown(x), wrtAxes.slice(starts[k], starts[k]! + ranks[k]!))}`).join('\\,');
  const symbol = d.symbol === undefined ? '' : `${latexAccess(latexName(d.symbol), expr.indices)} = `;
  return `${symbol}\\frac{${numerator}}{${denominator}} = ${body}`;
}
