import { describe, expect, it } from 'vitest';
import { indexNotation, printExpression } from '../../compiler/2-network/print-network.js';
import { latexAccess, latexName } from '../../compiler/views/latex/latex-symbols.js';
import { toDifferential } from '../../compiler/views/differential/to-differential.js';
import { evaluateTree } from '../views/index-tree-evaluate.js';
import { prepareCases } from './views-support.js';
import { renderSteps, toLatex } from '../../src/index.js';

/**
 * One index-notation printer: toString(), toLatex(), the steps and the differential render one
 * tree, so text and LaTeX list the same terms, with the same tensor entries (names and index
 * names), in the same order.
 */
const cases = prepareCases();

/** Top-level terms of a formula: split at + and − outside every bracket. */
function terms(formula: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < formula.length; k++) {
    const c = formula[k]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && (formula.startsWith(' + ', k) || formula.startsWith(' - ', k))) {
      parts.push(formula.slice(start, k));
      start = k + 3;
    }
  }
  return [...parts, formula.slice(start)];
}

const binders = new Set(['sum', 'logsumexp', 'max', 'min']);

/** The tensor entries a text term reads, in order, as LaTeX would write them: W[i,j] → W_{ij}, dW[i,j] → \mathrm{d}W_{ij}. */
function entriesOf(term: string): string[][] {
  // sum[j](…) and the reductions' logsumexp[j](…), max[j](…) bind an index; they are not entries
  return [...term.matchAll(/([\p{L}_][\p{L}\p{N}_]*|δ)\[([^\]]*)\]/gu)].filter((m) => !binders.has(m[1]!)).map((m) => {
    const [name, indices] = [m[1]!, m[2]!.split(',')];
    if (name === 'δ') return [latexAccess('\\delta', indices)];
    const plain = latexAccess(latexName(name), indices);
    return name.startsWith('d') ? [plain, `\\mathrm{d}${latexAccess(latexName(name.slice(1)), indices)}`] : [plain];
  });
}

/** Whether the LaTeX term shows the same entries (names and indices) in the same order. */
function inOrder(latexTerm: string, entries: readonly string[][]): boolean {
  let at = 0;
  for (const forms of entries) {
    const found = forms.map((f) => latexTerm.indexOf(f, at)).filter((k) => k >= 0);
    if (found.length === 0) return false;
    at = Math.min(...found) + 1;
  }
  return true;
}

function expectSameTerms(text: string, latex: string, label: string): void {
  const [textTerms, latexTerms] = [terms(text), terms(latex)];
  expect(latexTerms.length, `${label}\n${text}\n${latex}`).toBe(textTerms.length);
  textTerms.forEach((t, k) => expect(inOrder(latexTerms[k]!, entriesOf(t)), `${label} term ${k}: ${t}\n${latexTerms[k]}`).toBe(true));
}

describe('one index-notation printer', () => {
  it.each(cases.map((c) => [c.spec.name, c] as const))('%s: toString() and toLatex() list the same terms in the same order', (_, c) => {
    const text = c.derivative.toString();
    const latex = toLatex(c.derivative);
    expectSameTerms(text.slice(text.indexOf(' = ') + 3), latex.slice(latex.indexOf('} = ') + 4), c.spec.name);
  });

  it('prints every step with the printer of toString(), in text and LaTeX alike', () => {
    for (const c of cases) {
      const d = c.derivative;
      const rendered = renderSteps(d).steps;
      // steps keep the user's summed names and print definitions by name, but not the one a step is about
      const print = (e: typeof d.result): string => printExpression(e, {
        keepNames: true, factored: d.form.factored, names: new Map([...d.names()].filter(([n]) => n !== e.node)),
      });
      d.steps.forEach((step, k) => {
        expect(rendered[k]!.before.text).toBe(print(step.before));
        expect(rendered[k]!.after.text).toBe(print(step.after));
        expectSameTerms(rendered[k]!.after.text, rendered[k]!.after.latex, `${c.spec.name} step ${k}`);
      });
    }
  });

  it('renders the differential\'s lines from one tree in text and LaTeX', () => {
    for (const c of cases.filter((x) => x.derivative.wrt.length === 1)) {
      const d = c.derivative;
      const view = toDifferential({ node: d.of.node, indices: d.of.indices }, d.wrt[0]!.name, { of: d.of.name, definitions: d.names() });
      for (const step of view?.steps ?? []) {
        const [text, latex] = [step.formula.text, step.formula.latex];
        expectSameTerms(text.slice(text.indexOf(' = ') + 3), latex.slice(latex.indexOf(' = ') + 3), `${c.spec.name} ${step.rule}`);
      }
    }
  });

  it('prints a tree that evaluates, entry by entry, to the derivative', () => {
    for (const c of cases) {
      const d = c.derivative;
      const tree = indexNotation(d.result, { names: d.names(), factored: d.form.factored });
      const value = d.evaluate(c.inputs);
      const shape = value.shape;
      for (let flat = 0; flat < value.data.length; flat++) {
        const position = shape.map((_, axis) => Math.floor(flat / shape.slice(axis + 1).reduce((a, b) => a * b, 1)) % shape[axis]!);
        const fixed = new Map(d.result.indices.map((i, axis) => [i, position[axis]!]));
        const printed = evaluateTree(tree, c.env, fixed);
        expect(Math.abs(printed - value.data[flat]!), `${c.spec.name} at [${position.join(',')}]: ${d.toString()}`)
          .toBeLessThan(1e-9 * Math.max(1, Math.abs(value.data[flat]!)));
      }
    }
  });
});
