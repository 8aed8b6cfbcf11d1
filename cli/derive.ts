import { renderSteps, toLatex, toMatrixNotation, grad, gradients, hessian, jacobian, toDifferential, toKronecker, type Derivative, type Layout } from '../src/index.js';
import { UsageError, toProgram, type ProgramInput } from './input.js';

export type DeriveKind = 'grad' | 'jacobian' | 'hessian';

/** The options every derivative command shares. */
export interface DeriveFlags {
  readonly of?: string;
  readonly wrt?: string;
  readonly matrix?: boolean;
  readonly shape?: readonly string[];
  readonly mode?: string;
  readonly adjoints?: string;
}

/** The derivative a command line asks for: input → program → grad/jacobian/hessian. */
export function deriveFrom(kind: DeriveKind, text: string, flags: DeriveFlags, shapes: Readonly<Record<string, readonly (string | number)[]>>): Derivative {
  const { program, of, mode, wrt } = request(text, flags, shapes);
  switch (kind) {
    case 'grad': return grad(program.source, of, single(wrt), mode);
    case 'jacobian': return jacobian(program.source, of, single(wrt), mode);
    case 'hessian': return hessian(program.source, of, wrt.length === 2 ? [wrt[0]!, wrt[1]!] : single(wrt), mode);
  }
}

/**
 * Every derivative a derive command prints: one, or for `grad --wrt W1,b1,…` the gradients of all
 * at once (`gradients`), led by the named adjoints' recursion (δz2 = …, δz1 = …) with `--adjoints`.
 */
export function derivativesFrom(kind: DeriveKind, text: string, flags: DeriveFlags,
  shapes: Readonly<Record<string, readonly (string | number)[]>>): Derivative[] {
  const { program, of, mode, wrt } = request(text, flags, shapes);
  if (kind !== 'grad' || wrt.length === 1) return [deriveFrom(kind, text, flags, shapes)];
  const all = gradients(program.source, of, wrt, mode);
  return [...Object.values(all.adjoints), ...wrt.filter((name) => !(name in all.adjoints)).map((name) => all.derivatives[name]!)];
}

function request(text: string, flags: DeriveFlags, shapes: Readonly<Record<string, readonly (string | number)[]>>) {
  const program: ProgramInput = toProgram(text, flags.matrix === true, shapes);
  const of = flags.of ?? program.defaultOf;
  if (of === undefined) throw new UsageError('no definition to differentiate: write one (L = …) or pass --of');
  if (flags.wrt === undefined) throw new UsageError('say which input to differentiate by: --wrt <name>');
  const mode = {
    ...(flags.mode === undefined ? {} : { mode: modeOf(flags.mode) }),
    ...(flags.adjoints === undefined ? {} : { adjoints: flags.adjoints.split(',').map((s) => s.trim()).filter((s) => s !== '') }),
  };
  return { program, of, mode, wrt: flags.wrt.split(',').map((s) => s.trim()) };
}

function single(wrt: readonly string[]): string {
  if (wrt.length !== 1) throw new UsageError(`--wrt takes one name here, got ${wrt.join(', ')}`);
  return wrt[0]!;
}

function modeOf(mode: string): 'forward' | 'reverse' {
  if (mode === 'forward' || mode === 'reverse') return mode;
  throw new UsageError(`--mode is forward or reverse, got '${mode}'`);
}

export function layoutOf(layout: string): Layout {
  if (layout === 'numerator' || layout === 'denominator' || layout === 'mixed') return layout;
  throw new UsageError(`--layout is numerator, denominator or mixed, got '${layout}'`);
}

/** The views a derive command prints, in a fixed order, each only when asked. */
export interface ViewFlags {
  readonly layout?: string;
  readonly kronecker?: boolean;
  readonly differential?: boolean;
  readonly latex?: boolean;
  readonly steps?: boolean;
}

/**
 * Index notation by default; `--layout` switches to matrix notation (the convention on the next
 * line); the other flags add their view after it.
 */
export function deriveViews(d: Derivative, flags: ViewFlags): { text: string; json: Record<string, unknown> } {
  const json: Record<string, unknown> = { index: d.toString() };
  const parts: string[] = [];
  if (flags.layout !== undefined) {
    const m = toMatrixNotation(d, { layout: layoutOf(flags.layout) });
    json['matrix'] = { text: m.text, layout: m.layout, convention: m.convention, latex: m.latex };
    parts.push(m.text);
  } else parts.push(d.toString());
  if (flags.kronecker) {
    const k = String(toKronecker(d));
    json['kronecker'] = k;
    parts.push(k);
  }
  if (flags.differential) {
    const view = toDifferential(d);
    const text = view === undefined ? 'no differential view for a second derivative' : String(view);
    json['differential'] = view === undefined ? null : text;
    parts.push(text);
  }
  if (flags.latex) {
    const latex = flags.layout !== undefined ? toMatrixNotation(d, { layout: layoutOf(flags.layout) }).latex : toLatex(d);
    json['latex'] = latex;
    parts.push(latex);
  }
  if (flags.steps) {
    const steps = renderSteps(d);
    json['steps'] = steps.steps.map((s) => ({ rule: s.rule, label: s.label, description: s.description }));
    json['stepsText'] = steps.text;
    parts.push(steps.text);
  }
  return { text: parts.join('\n\n'), json };
}
