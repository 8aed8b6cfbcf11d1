import { fail } from '../diagnostics/ricci-error.js';
import type { IndexName } from './network.js';
import type { Atom } from './canonical-terms.js';

/**
 * The lexicographically least labelling of a product: summed indices are named #0, #1, … in order
 * of first appearance and factors ordered to minimise the text. Colour refinement (Weisfeiler–Leman
 * on the factor/index graph) fixes the order of distinguishable factors; the search branches only
 * where factors stay indistinguishable, pruned by the best text so far.
 */
export interface LabellingRules {
  /** The atom's key without its indices (`W`, `tanh(…)`). */
  key(a: Atom): string;
  /** X[i,j] = X[j,i]: both index orders are tried. */
  symmetric(a: Atom): boolean;
  /** Shared by the searches of one derivation; a fresh default budget when absent. */
  readonly budget?: WorkBudget;
}

export interface Labelling {
  readonly key: string;
  readonly factors: Atom[];
}

/** Leaves visited before the best so far is accepted (only highly symmetric products get there). */
const maxLeaves = 4096;
/**
 * Factor texts built (the search's unit of work) before canonicalisation gives up with
 * expression_too_large: about a second of work. One budget is shared by every search of one
 * derivation or one print, so many large products cannot add up to minutes either.
 */
export const defaultSymbolicWork = 5_000_000;

export interface WorkBudget {
  spent: number;
  readonly limit: number;
}

export function createWorkBudget(limit: number = defaultSymbolicWork): WorkBudget {
  return { spent: 0, limit };
}

export function canonicalLabelling(factors: readonly Atom[], free: ReadonlySet<IndexName>, rules: LabellingRules): Labelling {
  const colours = refineColours(factors, free, rules, rules.budget ?? createWorkBudget());
  const search: Search = { rules, free, best: undefined, leaves: 0, chosen: [], budget: rules.budget ?? createWorkBudget(), size: factors.length };
  const isolated = isolatedFactors(factors, free);
  explore(search, factors.map((atom, k) => ({ atom, colour: colours[k]!, isolated: isolated[k]! })), new Map(), '');
  return search.best ?? { key: '1', factors: [] };
}

interface Search {
  readonly rules: LabellingRules;
  readonly free: ReadonlySet<IndexName>;
  best: Labelling | undefined;
  leaves: number;
  /** The factors chosen on the current branch, in order (pushed and popped). */
  readonly chosen: Atom[];
  readonly budget: WorkBudget;
  /** The product's factor count, for the error message. */
  readonly size: number;
}

interface Coloured {
  readonly atom: Atom;
  readonly colour: string;
  /** Every summed index of the factor occurs in no other factor (x[s] in x[s] x[t] A[i,u]). */
  readonly isolated: boolean;
}

function isolatedFactors(factors: readonly Atom[], free: ReadonlySet<IndexName>): boolean[] {
  const owners = new Map<IndexName, Set<number>>();
  factors.forEach((a, k) => a.indices.forEach((i) => {
    if (!free.has(i)) owners.set(i, (owners.get(i) ?? new Set()).add(k));
  }));
  return factors.map((a) => a.indices.every((i) => free.has(i) || owners.get(i)!.size === 1));
}

/** `text` is the chosen factors' tokens joined by spaces. */
function explore(s: Search, remaining: readonly Coloured[], names: ReadonlyMap<IndexName, string>, text: string): void {
  if (remaining.length === 0) {
    s.leaves++;
    if (!s.best || text < s.best.key) s.best = { key: text, factors: [...s.chosen] };
    return;
  }
  if (s.leaves >= maxLeaves) return;
  spend(s, remaining.length);
  const least = remaining.reduce((m, c) => (c.colour < m ? c.colour : m), remaining[0]!.colour);
  const cls = remaining.filter((c) => c.colour === least);
  if (cls.length > 1 && cls.every((c) => c.isolated)) return takeIsolated(s, remaining, cls, least, names, text);
  const options = distinctAtoms(s, remaining, least).flatMap(({ k, atom }) =>
    orientations(s.rules, atom).map((a) => ({ k, atom: a, text: tokenText(s, a, names) })));
  const minimal = options.reduce((m, o) => (o.text < m ? o.text : m), options[0]!.text);
  for (const o of inequivalent(s, remaining, names, options.filter((x) => x.text === minimal))) {
    const next = text === '' ? o.text : `${text} ${o.text}`;
    if (s.best && next > s.best.key.slice(0, next.length)) continue;
    s.chosen.push(o.atom);
    explore(s, remaining.filter((_, k) => k !== o.k), extendNames(s, o.atom, names), next);
    s.chosen.pop();
  }
}

/**
 * A colour class of isolated factors is one atom pattern on indices of its own: each has the same
 * token when chosen, choosing one leaves the class least, and any order is an automorphism — so the
 * search would take them one after another whichever it tried first. Taking them in one step keeps
 * the search linear in their number (x[i0] x[i1] … x[i99]).
 */
function takeIsolated(s: Search, remaining: readonly Coloured[], cls: readonly Coloured[], colour: string,
  names: ReadonlyMap<IndexName, string>, text: string): void {
  let labelled = names;
  let next = text;
  for (const c of cls) {
    const options = orientations(s.rules, c.atom).map((atom) => ({ atom, text: tokenText(s, atom, labelled) }));
    const best = options.reduce((m, o) => (o.text < m.text ? o : m), options[0]!);
    next = next === '' ? best.text : `${next} ${best.text}`;
    labelled = extendNames(s, best.atom, labelled);
    s.chosen.push(best.atom);
  }
  if (!s.best || next <= s.best.key.slice(0, next.length)) explore(s, remaining.filter((c) => c.colour !== colour), labelled, next);
  s.chosen.length -= cls.length;
}

/** The remaining factors of one colour, equal atoms on equal indices (x[i] x[i] x[i]) once: they are one choice. */
function distinctAtoms(s: Search, remaining: readonly Coloured[], colour: string): { k: number; atom: Atom }[] {
  const seen = new Set<string>();
  const out: { k: number; atom: Atom }[] = [];
  remaining.forEach((c, k) => {
    if (c.colour !== colour) return;
    const id = `${s.rules.key(c.atom)}[${c.atom.indices.join(',')}]`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ k, atom: c.atom });
  });
  return out;
}

interface Option {
  readonly k: number;
  readonly atom: Atom;
  readonly text: string;
}

/**
 * One option per orbit that is cheap to see: options lying in isomorphic connected components of
 * the remaining factors (x[s] x[t] x[u], or two copies of A[i,s] B[s,t]) are one choice — swapping
 * the components and their unlabelled indices is an automorphism that fixes everything already
 * labelled, so the texts below either are the same. Without this (and distinctAtoms) the search is
 * factorial in the number of interchangeable factors.
 */
function inequivalent(s: Search, remaining: readonly Coloured[], names: ReadonlyMap<IndexName, string>, options: readonly Option[]): readonly Option[] {
  if (options.length < 2) return options;
  const component = components(s, remaining, names);
  // one component: nothing to swap (and its key would be this very search)
  if (options.every((o) => component[o.k] === component[options[0]!.k])) return options;
  const members = new Map<number, Atom[]>();
  remaining.forEach((r, k) => {
    const list = members.get(component[k]!);
    if (list) list.push(r.atom);
    else members.set(component[k]!, [r.atom]);
  });
  const componentKeys = new Map<number, string>();
  const keyOf = (c: number): string => {
    const found = componentKeys.get(c);
    if (found !== undefined) return found;
    const key = componentKey(s, members.get(c)!, names);
    componentKeys.set(c, key);
    return key;
  };
  const firstWithKey = new Map<string, number>();
  return options.filter((o) => {
    const c = component[o.k]!;
    const key = keyOf(c);
    const first = firstWithKey.get(key);
    if (first === undefined) firstWithKey.set(key, c);
    return first === undefined || first === c;
  });
}

/** Connected components of the remaining factors, joined by summed indices not yet labelled. */
function components(s: Search, remaining: readonly Coloured[], names: ReadonlyMap<IndexName, string>): number[] {
  const parent = remaining.map((_, k) => k);
  const root = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  const owner = new Map<IndexName, number>();
  remaining.forEach((r, k) => r.atom.indices.forEach((i) => {
    if (s.free.has(i) || names.has(i)) return;
    const other = owner.get(i);
    if (other === undefined) owner.set(i, k);
    else parent[root(k)] = root(other);
  }));
  return remaining.map((_, k) => root(k));
}

/** A component's canonical key, its already-labelled indices fixed (treated as free, by label). */
function componentKey(s: Search, atoms: readonly Atom[], names: ReadonlyMap<IndexName, string>): string {
  if (atoms.length === 1) {
    const local = new Map<IndexName, string>();
    const label = (i: IndexName): string => {
      if (s.free.has(i)) return `'${i}`;
      const named = names.get(i);
      if (named !== undefined) return `'${named}`;
      if (!local.has(i)) local.set(i, `#${local.size}`);
      return local.get(i)!;
    };
    const texts = orientations(s.rules, atoms[0]!).map((a) => `${s.rules.key(a)}[${a.indices.map(label).join(',')}]`);
    return texts.sort()[0]!;
  }
  const relabel = (i: IndexName): IndexName => {
    const named = names.get(i);
    return named === undefined ? i : named;
  };
  const fixed = new Set<IndexName>([...s.free, ...names.values()]);
  return canonicalLabelling(atoms.map((a) => ({ node: a.node, indices: a.indices.map(relabel) })), fixed, s.rules).key;
}

function orientations(rules: LabellingRules, a: Atom): Atom[] {
  return rules.symmetric(a) ? [a, { node: a.node, indices: [...a.indices].reverse() }] : [a];
}

/** The factor's text with summed indices labelled, new ones numbered after those already named. */
function tokenText(s: Search, a: Atom, names: ReadonlyMap<IndexName, string>): string {
  spend(s, 1);
  const fresh = new Map<IndexName, string>();
  const label = (i: IndexName): string => {
    if (s.free.has(i)) return `'${i}`;
    const named = names.get(i) ?? fresh.get(i);
    if (named !== undefined) return named;
    const next = `#${names.size + fresh.size}`;
    fresh.set(i, next);
    return next;
  };
  return `${s.rules.key(a)}[${a.indices.map(label).join(',')}]`;
}

/** Counts work against the shared budget: one unit per factor text built or factor scanned. */
function spend(s: Search, units: number): void {
  spendWork(s.budget, units, `a product of ${s.size} factors`);
}

/** Counts `units` of work; past the limit, expression_too_large naming where it ran out. */
export function spendWork(budget: WorkBudget, units: number, at: string): void {
  budget.spent += units;
  if (budget.spent > budget.limit)
    fail('expression_too_large', undefined, `the work to bring products to canonical form (at ${at})`, budget.spent, budget.limit);
}

/** `names` with the atom's new summed indices numbered, as tokenText numbered them. */
function extendNames(s: Search, a: Atom, names: ReadonlyMap<IndexName, string>): ReadonlyMap<IndexName, string> {
  const next = new Map(names);
  for (const i of a.indices) if (!s.free.has(i) && !next.has(i)) next.set(i, `#${next.size}`);
  return next;
}

/**
 * Colours invariant under renaming summed indices and reordering factors: a factor's colour is its
 * key with its indices' colours; a summed index's colour is the sorted list of (factor colour,
 * position) where it occurs. Each round's colours are replaced by their rank, keeping them short.
 */
function refineColours(factors: readonly Atom[], free: ReadonlySet<IndexName>, rules: LabellingRules, budget: WorkBudget): string[] {
  let indexColour = new Map<IndexName, string>();
  const colourOf = (i: IndexName): string => (free.has(i) ? `'${i}` : indexColour.get(i) ?? '_');
  let colours: string[] = [];
  for (let round = 0; round <= factors.length; round++) {
    const next = ranked(factors.map((a) => {
      const slots = a.indices.map(colourOf);
      if (rules.symmetric(a)) slots.sort();
      const text = `${rules.key(a)}[${slots.join(',')}]`;
      spendWork(budget, 1 + Math.ceil(text.length / 32), `a product of ${factors.length} factors`);
      return text;
    }));
    const occurrences = new Map<IndexName, string[]>();
    factors.forEach((a, k) => a.indices.forEach((i, p) => {
      if (!free.has(i)) occurrences.set(i, [...(occurrences.get(i) ?? []), `${next[k]}@${rules.symmetric(a) ? '*' : p}`]);
    }));
    const names = [...occurrences.keys()];
    const indexRanks = ranked(names.map((i) => occurrences.get(i)!.sort().join('|')));
    const stable = distinct(next) === distinct(colours) && round > 0;
    colours = next;
    indexColour = new Map(names.map((i, k) => [i, `c${indexRanks[k]}`]));
    if (stable) break;
  }
  return colours;
}

/** Each string replaced by its rank among the distinct values (zero-padded, so ranks sort as text). */
function ranked(values: readonly string[]): string[] {
  const order = [...new Set(values)].sort();
  const rank = new Map(order.map((v, k) => [v, String(k).padStart(4, '0')]));
  return values.map((v) => rank.get(v)!);
}

function distinct(values: readonly string[]): number {
  return new Set(values).size;
}
