import type { Program } from 'ricci';
import type { Expr } from './ricci-types.js';

/** The names the pickers offer: definitions (with their rank) and inputs, in order of appearance. */
export interface ProgramNames {
  readonly definitions: readonly { readonly name: string; readonly rank: number }[];
  readonly inputs: readonly string[];
}

export function programNames(program: Program): ProgramNames {
  const defined = new Set<string>();
  const inputs: string[] = [];
  const definitions: { name: string; rank: number }[] = [];
  const use = (name: string): void => { if (!defined.has(name) && !inputs.includes(name)) inputs.push(name); };
  for (const s of program.statements) {
    if (s.kind === 'declaration') {
      use(s.name.text);
      continue;
    }
    walk(s.body, use);
    defined.add(s.name.text);
    definitions.push({ name: s.name.text, rank: s.indices.length });
  }
  return { definitions, inputs: inputs.filter((n) => !defined.has(n)) };
}

/**
 * What the variable picker offers for differentiating `of`: the inputs, then the definitions before
 * `of` (the only ones it can depend on) — grad takes a definition as the variable, the adjoint ∂of/∂z.
 */
export function variablesOf(names: ProgramNames, of: string): string[] {
  const at = names.definitions.findIndex((d) => d.name === of);
  const earlier = (at < 0 ? names.definitions : names.definitions.slice(0, at)).map((d) => d.name);
  return [...names.inputs, ...earlier];
}

function walk(e: Expr, use: (name: string) => void): void {
  switch (e.kind) {
    case 'number': case 'delta': return;
    case 'access': return use(e.tensor.text);
    case 'matrix': return use(e.matrix.text);
    case 'negate': return walk(e.operand, use);
    case 'add': return e.terms.forEach((t) => walk(t.expr, use));
    case 'multiply': return e.factors.forEach((f) => walk(f.expr, use));
    case 'power': return walk(e.base, use);
    case 'call': return walk(e.arg, use);
    case 'sum': case 'reduce': return walk(e.body, use);
    default: return unreachable(e);
  }
}

function unreachable(x: never): never {
  throw new Error(`unhandled expression ${JSON.stringify(x)}`);
}
