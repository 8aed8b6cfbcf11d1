import type { DerivationStep, Expression, RuleName } from '../../3-calculus/derivation.js';
import type { Node } from '../../2-network/network.js';
import { indexNotation, type PrintOptions } from '../../2-network/print-network.js';
import type { DisplayNames } from '../../2-network/index-text.js';
import { indexFormula, type Formula } from './formula.js';

/** What each rule is called when a derivation is read aloud. */
export const ruleLabels = {
  differential: 'differential',
  input: 'derivative of an input (δ per axis)',
  product: 'product rule',
  sum: 'linearity (sum rule)',
  chain: 'chain rule',
  'matrix-function': 'matrix-function rule',
  reduction: 'reduction rule (max, min, logsumexp)',
  delta: 'δ contraction',
  zero: 'zero pruning',
  fold: 'constant folding',
  merge: 'merging equal terms',
  symmetry: 'symmetry',
  adjoint: 'named adjoint',
  identify: 'identification',
} as const satisfies Record<RuleName, string>;

/**
 * One derivation step: its rule, a label and description, and the expression before and after it
 * (each as index-notation text and LaTeX).
 * @example
 * import { grad, renderSteps, type RenderedStep } from 'ricci';
 * const [first]: readonly RenderedStep[] = renderSteps(grad('L = x[i] W[i,j] y[j]', 'L', 'W')).steps;
 * first!.rule; // → input
 */
export interface RenderedStep {
  readonly rule: RuleName;
  readonly label: string;
  readonly description: string;
  readonly before: Formula;
  readonly after: Formula;
}

/**
 * A derivation rendered: its steps, and all of them numbered as text and as LaTeX.
 * @example
 * import { grad, renderSteps, type RenderedSteps } from 'ricci';
 * const rendered: RenderedSteps = renderSteps(grad('L = x[i] W[i,j] y[j]', 'L', 'W'));
 * rendered.steps.length; // → 3
 */
export interface RenderedSteps {
  readonly steps: readonly RenderedStep[];
  readonly text: string;
  readonly latex: string;
}

/**
 * A derivation as a numbered sequence, each step naming its rule and showing before → after in
 * index notation. Text and LaTeX come from one canonical index tree (the
 * one `printExpression` prints), so they list terms and name summed indices alike.
 *   2. δ contraction: x[i] δ[i,k] y[l]  →  x[k] y[l]
 */
export function renderSteps(steps: readonly DerivationStep[], names: DisplayNames = {}, form: StepForm = {}): RenderedSteps {
  const print = (e: Expression): Formula => indexFormula(indexNotation(e, printOptions(e, form)), names);
  const rendered = steps.map((s): RenderedStep => ({
    rule: s.rule,
    label: ruleLabels[s.rule],
    description: s.description,
    before: print(s.before),
    after: print(s.after),
  }));
  const text = rendered.map((s, k) => `${k + 1}. ${s.label}: ${s.before.text}  →  ${s.after.text}\n   (${s.description})`).join('\n');
  const rows = rendered.map((s, k) => `${k + 1}.\\ \\text{${latexText(s.label)}} && ${s.before.latex} &\\;\\to\\; ${s.after.latex}`);
  const latex = rows.length === 0 ? '\\text{(no steps)}' : `\\begin{aligned}${rows.join(' \\\\ ')}\\end{aligned}`;
  return { steps: rendered, text, latex };
}

/** The program's definitions (printed by name) and the sums a derivation keeps whole. */
export interface StepForm {
  readonly definitions?: ReadonlyMap<Node, string>;
  readonly factored?: ReadonlySet<Node>;
}

/**
 * Steps read with the user's names: summed indices as written (renamed only on a clash), shared
 * definitions by name — except the expression a step is about, shown one level deep (the chain
 * rule through tanh(z[i]) shows tanh(z[i]), not a1[i]).
 */
function printOptions(e: Expression, form: StepForm): PrintOptions {
  const definitions = form.definitions ?? new Map<Node, string>();
  const names = definitions.has(e.node) ? new Map([...definitions].filter(([n]) => n !== e.node)) : definitions;
  return { keepNames: true, names, ...(form.factored ? { factored: form.factored } : {}) };
}

/** Text inside \text{…}: TeX specials removed (labels are ours, but stay safe), δ as math. */
function latexText(s: string): string {
  return s.replace(/[\\{}$&#^_%~]/g, '').replace(/δ/g, '$\\delta$');
}
