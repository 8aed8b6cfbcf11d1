import type { IndexName, InputNode } from '../2-network/network.js';
import { topologicalOrder } from '../2-network/network.js';
import { createNameSupply } from '../2-network/name-supply.js';
import type { Definition, ProgramNetwork } from '../2-network/program.js';
import { localNames } from './rule-context.js';

/**
 * Names for a derivative's axes: `of`'s own left-hand side, then each wrt's axes. A single wrt
 * keeps the names it was first written with (dL/dW[i,j] for W[i,j]) unless they clash, else takes
 * i j k … avoiding of's; two or more variables take fresh names in textbook order avoiding every
 * index name of the program:  Hessian of x[i] A[i,j] x[j] → H[k,l].
 */
export function resultIndices(program: ProgramNetwork, of: Definition, wrt: readonly InputNode[]): IndexName[][] {
  const single = wrt.length === 1;
  const own = single ? firstUse(program, wrt[0]!) : undefined;
  const fits = own !== undefined && new Set(own).size === own.length && own.every((i) => !of.indices.includes(i));
  if (fits) return [[...own]];
  const supply = createNameSupply([...(single ? [] : programIndexNames(program)), ...of.indices]);
  return wrt.map((x) => x.shape.map(() => supply.index()));
}

function programIndexNames(program: ProgramNetwork): Set<IndexName> {
  const names = new Set<IndexName>();
  for (const d of program.definitions.values()) {
    for (const i of d.indices) names.add(i);
    for (const i of localNames(d.node)) names.add(i);
  }
  return names;
}

/** The index names of the first access to `x` in the program, in definition order. */
function firstUse(program: ProgramNetwork, x: InputNode): readonly IndexName[] | undefined {
  for (const d of program.definitions.values())
    for (const n of topologicalOrder([d.node])) {
      const bindings = n.kind === 'contract' ? n.factors : n.kind === 'add' ? n.terms : [];
      const use = bindings.find((b) => b.node === x);
      if (use) return use.indices;
    }
  return undefined;
}
