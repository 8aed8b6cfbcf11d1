import {
  renderSteps, toLatex, toMatrixNotation,
  type Derivative, emitModule, fromMatrixNotation, grad, gradients, hessian, isRicciError, jacobian, parse, randomInputs, toDiagramFrames,
  toDifferential, toKronecker, toPython,
  type CheckResult, type DeriveOptions, type KernelCache, type Program, type RandomInputs,
} from 'ricci';
import { typeMatrixInput } from './matrix-typing.js';
import { programNames, variablesOf, type ProgramNames } from './program-names.js';
import type { PlaygroundState } from './state.js';

/** A derivative and every view the page shows of it: plain strings, so the page only places them. */
/** A legal but suspicious construct (e.g. an index summed once): its message quotes the input with a caret. */
export interface Warning {
  readonly code: string;
  readonly message: string;
}

export interface Derived {
  readonly kind: 'derived';
  readonly warnings: readonly Warning[];
  /** The Ricci program differentiated (for matrix input: the translation). */
  readonly program: string;
  readonly names: ProgramNames;
  readonly of: string;
  /** What the variable picker offers: the inputs, then (Ricci input) the definitions `of` may depend on. */
  readonly variables: readonly string[];
  readonly wrt: string;
  readonly derivative: Derivative;
  readonly index: string;
  readonly latex: string;
  readonly matrix: { readonly layout: string; readonly text: string; readonly latex: string; readonly convention: string }[];
  readonly kronecker: string;
  readonly differential: string;
  /** The start, each rule applied, and the result: a formula and a tensor-network diagram each. */
  readonly steps: readonly DerivationPicture[];
  readonly stepsText: string;
  readonly javascript: string;
  readonly python: string;
  readonly inputs: RandomInputs;
  /**
   * With adjoints named (a gradient): backprop's recursion in the picked layout, δ by δ, then the
   * gradient in terms of them — `gradients(…, [wrt], { adjoints })`'s matrix view.
   */
  readonly backprop?: { readonly text: string; readonly latex: string };
}

export interface DerivationPicture {
  readonly title: string;
  readonly description: string;
  readonly latex: string;
  readonly svg: string;
}

export interface Failed {
  readonly kind: 'failed';
  /** A RicciError's code, or 'internal' for anything else (a bug worth reporting). */
  readonly code: string;
  /** The message, with the input quoted and a caret under the place. */
  readonly message: string;
  readonly program?: string;
  readonly names?: ProgramNames;
  readonly variables?: readonly string[];
  readonly warnings?: readonly Warning[];
}

export type Outcome = Derived | Failed;

/**
 * `kernels` compiles the check's plans: the page passes one that interprets (it runs under its own
 * CSP, which forbids eval, so nothing should even try it); without one each plan decides for itself.
 */
export function derive(state: PlaygroundState, kernels?: KernelCache): Outcome {
  let program: string | undefined;
  let names: ProgramNames | undefined;
  let variables: readonly string[] | undefined;
  let warnings: readonly Warning[] = [];
  try {
    const { source, translated, of: translatedOf } = toRicci(state);
    program = source;
    const parsed = translated ?? parse(source);
    names = programNames(parsed);
    warnings = (parsed.warnings ?? []).map((w) => ({ code: w.code, message: w.message }));
    const of = pickOf(state, names, translatedOf);
    // matrix input's helper definitions (t1 for tr(X)) are names the user never typed: inputs only there
    variables = state.notation === 'ricci' ? variablesOf(names, of) : names.inputs;
    const wrt = variables.includes(state.wrt) ? state.wrt : names.inputs[0] ?? state.wrt;
    const adjoints = adjointsOf(state);
    const options: DeriveOptions = { ...(kernels ? { cache: kernels } : {}), ...(adjoints.length > 0 ? { adjoints } : {}) };
    const d = differentiate(parsed, state, of, wrt, options);
    const backprop = state.kind === 'grad' && adjoints.length > 0 ? toMatrixNotation(gradients(parsed, of, [wrt], options), { layout: state.layout, vectors: state.vectors }) : undefined;
    return { ...views(d, state, { program: source, names, of, variables, wrt, warnings }), ...(backprop ? { backprop: { text: backprop.text, latex: backprop.latex } } : {}) };
  } catch (e) {
    return { ...failure(e, program, names), ...(variables ? { variables } : {}), warnings };
  }
}

/** The adjoints field's definition names: `z2, z1` → ['z2', 'z1']. */
export function adjointsOf(state: PlaygroundState): string[] {
  return state.adjoints.split(/[\s,]+/).filter((name) => name !== '');
}

/** The numeric check on the random inputs `derive` chose (slow for Hessians, so the page runs it after painting). */
export function check(derived: Derived): CheckResult {
  return derived.derivative.check(derived.inputs.values);
}

export function failure(e: unknown, program?: string, names?: ProgramNames): Failed {
  const extra = { ...(program !== undefined ? { program } : {}), ...(names ? { names } : {}) };
  if (isRicciError(e)) return { kind: 'failed', code: e.code, message: e.message, ...extra };
  return { kind: 'failed', code: 'internal', message: `internal error (please report it): ${e instanceof Error ? e.stack ?? e.message : String(e)}`, ...extra };
}

/** The program to differentiate; matrix input's parsed program keeps its helpers (t1 for XᵀX) unnamed in the views. */
function toRicci(state: PlaygroundState): { source: string; translated?: Program; of?: string } {
  if (state.notation === 'ricci') return { source: state.source };
  const typed = typeMatrixInput(state.source);
  const translated = fromMatrixNotation(typed.expression, typed.shapes);
  return { source: translated.source, translated: translated.program, of: translated.name };
}

function pickOf(state: PlaygroundState, names: ProgramNames, translated: string | undefined): string {
  if (translated) return translated;
  if (names.definitions.some((d) => d.name === state.of)) return state.of;
  return names.definitions[names.definitions.length - 1]?.name ?? state.of;
}

function differentiate(program: Program, state: PlaygroundState, of: string, wrt: string, options: DeriveOptions): Derivative {
  switch (state.kind) {
    case 'grad': return grad(program, of, wrt, options);
    case 'jacobian': return jacobian(program, of, wrt, options);
    case 'hessian': return hessian(program, of, wrt, options);
  }
}

function views(d: Derivative, state: PlaygroundState,
  picked: { program: string; names: ProgramNames; of: string; variables: readonly string[]; wrt: string; warnings: readonly Warning[] }): Derived {
  const layouts = [state.layout, ...(['denominator', 'numerator'] as const).filter((l) => l !== state.layout)];
  const steps = renderSteps(d);
  const frames = toDiagramFrames(d.steps, d.result, { node: d.of.node, indices: d.of.indices }).frames;
  const inputs = randomInputs(d, { seed: state.seed });
  return {
    kind: 'derived',
    ...picked,
    derivative: d,
    index: d.toString(),
    latex: toLatex(d),
    matrix: layouts.map((layout) => {
      const view = toMatrixNotation(d, { layout, vectors: state.vectors });
      return { layout, text: view.text, latex: view.latex, convention: view.convention };
    }),
    kronecker: attempt(() => toKronecker(d, { vec: 'column' }).toString()),
    differential: attempt(() => toDifferential(d)?.toString() ?? 'The differential view is for first derivatives.'),
    steps: [
      { title: 'start', description: `the definition of ${d.of.name}: ${definitionText(picked.program, d.of.name)}`, latex: '', svg: frames[0]?.svg ?? '' },
      ...steps.steps.map((s, k) => ({
        title: `${k + 1}. ${s.label}`, description: s.description,
        latex: `${s.before.latex} \\;\\longrightarrow\\; ${s.after.latex}`, svg: frames[k + 1]?.svg ?? '',
      })),
      { title: 'result', description: 'with the variable’s indices named', latex: toLatex(d), svg: frames[steps.steps.length + 1]?.svg ?? '' },
    ],
    stepsText: steps.text,
    javascript: attempt(() => emitModule(d, inputs.shapes), '// '),
    python: attempt(() => toPython(d), '# '),
    inputs,
  };
}

/** The line that defines `name`, as written. */
function definitionText(program: string, name: string): string {
  const defines = new RegExp(`^\\s*${name.replace(/[^\p{L}\p{N}_]/gu, '')}\\s*(\\[|=)`, 'u');
  return program.split('\n').find((line) => defines.test(line))?.trim() ?? name;
}

/** A view the library cannot give for this derivative says so in its place instead of failing the page. */
function attempt(view: () => string, comment = ''): string {
  try {
    return view();
  } catch (e) {
    const { message } = failure(e);
    return `${comment}not available for this derivative:\n${message.replace(/^/gm, comment)}`;
  }
}
