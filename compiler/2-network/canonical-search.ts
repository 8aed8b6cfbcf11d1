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
}

export interface Labelling {
  readonly key: string;
  readonly factors: Atom[];
}

/** Leaves visited before the best so far is accepted (only highly symmetric products get there). */
const maxLeaves = 4096;

export function canonicalLabelling(factors: readonly Atom[], free: ReadonlySet<IndexName>, rules: LabellingRules): Labelling {
  const colours = refineColours(factors, free, rules);
  const search: Search = { rules, free, best: undefined, leaves: 0 };
  explore(search, factors.map((atom, k) => ({ atom, colour: colours[k]! })), new Map(), [], []);
  return search.best ?? { key: '1', factors: [] };
}

interface Search {
  readonly rules: LabellingRules;
  readonly free: ReadonlySet<IndexName>;
  best: Labelling | undefined;
  leaves: number;
}

interface Coloured {
  readonly atom: Atom;
  readonly colour: string;
}

function explore(s: Search, remaining: readonly Coloured[], names: ReadonlyMap<IndexName, string>, chosen: Atom[], tokens: string[]): void {
  if (remaining.length === 0) {
    const key = tokens.join(' ');
    s.leaves++;
    if (!s.best || key < s.best.key) s.best = { key, factors: chosen };
    return;
  }
  if (s.leaves >= maxLeaves) return;
  const least = remaining.reduce((m, c) => (c.colour < m ? c.colour : m), remaining[0]!.colour);
  const options = remaining.flatMap((c, k) => (c.colour === least ? orientations(s.rules, c.atom) : [])
    .map((atom) => ({ k, atom, ...token(s, atom, names) })));
  const minimal = options.reduce((m, o) => (o.text < m ? o.text : m), options[0]!.text);
  for (const o of options.filter((x) => x.text === minimal)) {
    const prefix = [...tokens, o.text].join(' ');
    if (s.best && prefix > s.best.key.slice(0, prefix.length)) continue;
    explore(s, remaining.filter((_, k) => k !== o.k), o.names, [...chosen, o.atom], [...tokens, o.text]);
  }
}

function orientations(rules: LabellingRules, a: Atom): Atom[] {
  return rules.symmetric(a) ? [a, { node: a.node, indices: [...a.indices].reverse() }] : [a];
}

/** The factor's text with summed indices labelled, new ones numbered after those already named. */
function token(s: Search, a: Atom, names: ReadonlyMap<IndexName, string>): { text: string; names: ReadonlyMap<IndexName, string> } {
  const next = new Map(names);
  const label = (i: IndexName): string => {
    if (s.free.has(i)) return `'${i}`;
    if (!next.has(i)) next.set(i, `#${next.size}`);
    return next.get(i)!;
  };
  return { text: `${s.rules.key(a)}[${a.indices.map(label).join(',')}]`, names: next };
}

/**
 * Colours invariant under renaming summed indices and reordering factors: a factor's colour is its
 * key with its indices' colours; a summed index's colour is the sorted list of (factor colour,
 * position) where it occurs. Each round's colours are replaced by their rank, keeping them short.
 */
function refineColours(factors: readonly Atom[], free: ReadonlySet<IndexName>, rules: LabellingRules): string[] {
  let indexColour = new Map<IndexName, string>();
  const colourOf = (i: IndexName): string => (free.has(i) ? `'${i}` : indexColour.get(i) ?? '_');
  let colours: string[] = [];
  for (let round = 0; round <= factors.length; round++) {
    const next = ranked(factors.map((a) => {
      const slots = a.indices.map(colourOf);
      if (rules.symmetric(a)) slots.sort();
      return `${rules.key(a)}[${slots.join(',')}]`;
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
