import type { ElementwiseFn, ReduceOp } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';

/**
 * LaTeX for the user's identifiers. Names are letters (Greek too), digits and `_`; nothing the
 * user typed reaches LaTeX unescaped: every character is mapped, unknown ones become `\text{…}`
 * with TeX specials removed.
 *   W_1 → W_{1}    x_hat → \mathrm{x}_{\mathrm{hat}}    α → \alpha
 */
const greek: Readonly<Record<string, string>> = {
  α: '\\alpha', β: '\\beta', γ: '\\gamma', δ: '\\delta', ε: '\\epsilon', ζ: '\\zeta', η: '\\eta',
  θ: '\\theta', ι: '\\iota', κ: '\\kappa', λ: '\\lambda', μ: '\\mu', ν: '\\nu', ξ: '\\xi', π: '\\pi',
  ρ: '\\rho', σ: '\\sigma', τ: '\\tau', υ: '\\upsilon', φ: '\\phi', χ: '\\chi', ψ: '\\psi', ω: '\\omega',
  Γ: '\\Gamma', Δ: '\\Delta', Θ: '\\Theta', Λ: '\\Lambda', Ξ: '\\Xi', Π: '\\Pi', Σ: '\\Sigma',
  Φ: '\\Phi', Ψ: '\\Psi', Ω: '\\Omega',
};

/** One identifier part (no `_`): a single letter stays italic, longer words are upright. */
function latexWord(word: string): string {
  const chars = [...word];
  const mapped = chars.map(latexChar);
  if (chars.length === 1 || chars.every((c) => greek[c] !== undefined)) return mapped.join(' ');
  if (/^[0-9]+$/.test(word)) return word;
  return `\\mathrm{${mapped.join('')}}`;
}

function latexChar(c: string): string {
  if (/^[A-Za-z0-9]$/.test(c)) return c;
  const g = greek[c];
  if (g !== undefined) return `${g} `;
  const safe = c.replace(/[\\{}$&#^_%~]/g, '');
  return safe === '' ? '?' : `\\text{${safe}}`;
}

/** `W_1` → `W_{1}`; `W_1_b` → `W_{1,b}`; a named adjoint `δz2` (∂C/∂z2) → `\delta_{\mathrm{z2}}`. */
export function latexName(name: string): string {
  if (name.startsWith('δ') && name.length > 1 && !name.startsWith('δ_')) return `\\delta_{${latexName(name.slice(1))}}`;
  const [base = '', ...subs] = name.split('_').filter((p) => p !== '');
  const head = latexWord(base === '' ? '?' : base);
  return subs.length === 0 ? head : `${head}_{${subs.map(latexWord).join(',')}}`;
}

/** Index subscripts: `ij` when every index is one character, `i,k2` otherwise. */
export function latexIndices(indices: readonly string[]): string {
  const parts = indices.map(latexName);
  return indices.every((i) => [...i].length === 1) ? parts.join('') : parts.join(',');
}

/** A tensor entry: `W_{ij}`, `{W_{1}}_{ij}`, or just the name for a scalar. */
export function latexAccess(nameLatex: string, indices: readonly string[]): string {
  if (indices.length === 0) return nameLatex;
  const base = nameLatex.includes('_') || nameLatex.includes('^') ? `{${nameLatex}}` : nameLatex;
  return `${base}_{${latexIndices(indices)}}`;
}

/** LaTeX operator names of the elementwise functions. */
export function latexFunction(fn: ElementwiseFn): string {
  switch (fn.name) {
    case 'exp': case 'log': case 'sin': case 'cos': case 'tan': case 'tanh':
      return `\\${fn.name}`;
    case 'sigmoid':
      return '\\sigma';
    case 'pow':
      return `${latexOperator('pow')}_{${latexNumber(fn.exponent)}}`;
    default:
      return latexOperator(fn.name);
  }
}

/**
 * f(body) as a textbook writes it: \sqrt{x} for sqrt, and the indicators relu′ = step and max′'s
 * atZero as 𝕀[x > 0] and 𝕀[x = 0] (not upright `step`, `atZero`); others f\left(x\right).
 */
export function latexCall(fn: ElementwiseFn, body: string): string {
  switch (fn.name) {
    case 'sqrt': return `\\sqrt{${body}}`;
    case 'step': return `\\mathbb{I}\\left[${body} > 0\\right]`;
    case 'atZero': return `\\mathbb{I}\\left[${body} = 0\\right]`;
    default: return `${latexFunction(fn)}\\left(${body}\\right)`;
  }
}

/** Numbers in LaTeX, 6 significant digits: 0.5, 1 \times 10^{-7}. */
export function latexNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const text = String(Number(value.toPrecision(6)));
  return text.replace(/e([+-]?\d+)$/, ' \\times 10^{$1}');
}

/** Numbers as short, stable text (6 significant digits): 2, -0.5, 1e-7. */
export function textNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** An upright operator name (diag, vec, softplus): \operatorname's output without its macro cost. */
export function latexOperator(name: string): string {
  return `\\mathop{\\mathrm{${name}}}\\nolimits`;
}

/**
 * A thin space between factors. `\,` is a KaTeX macro and every use counts against its
 * expansion limit (1000 by default), so a long derivative would stop rendering; \mkern is not
 * (and likewise \operatorname, hence latexOperator).
 */
export const latexThinSpace = '\\mkern3mu ';

/** The operator of a reduction along indices, subscripted by the caller: \\max_{j}, \\min_{j}, logsumexp_{j}. */
export function latexReduction(op: ReduceOp): string {
  switch (op) {
    case 'max': return '\\max';
    case 'min': return '\\min';
    case 'logsumexp': return latexOperator('logsumexp');
    default: return assertNever(op);
  }
}
