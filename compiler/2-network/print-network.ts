import { canonicalSum, createAtomKeys, type AtomKeys } from './canonical-order.js';
import { expandNetwork, summedIndices, type Atom, type Monomial, type SumOfProducts } from './canonical-terms.js';
import { createGraph } from './graph.js';
import { createNameSupply } from './name-supply.js';
import { type IndexName, type Node } from './network.js';
import { assertNever } from '../diagnostics/assert-never.js';

/**
 * Index notation that reads like a textbook, in canonical form: equal networks up to renaming of
 * summed indices and factor order print identically (golden tests rely on it).
 *   x[i] y[j]    A[k,l] + A[l,k]    2 A[k,l]    -inv(X)[i,k] inv(X)[l,j]
 */
export interface PrintOptions {
  /** Treat inputs declared symmetric as X[i,j] = X[j,i] when ordering (default true). */
  readonly symmetric?: boolean;
  /** Nodes to print by name (a program's definitions): tanh(W[i,j] x[j] + b[i]) → a[i]. */
  readonly names?: ReadonlyMap<Node, string>;
  /** Sums kept whole, printed in parentheses: (1 - a[j]^2) rather than multiplied out. Named nodes always are. */
  readonly factored?: ReadonlySet<Node>;
}

/** `expr` printed in canonical index notation (see PrintOptions). */
export function printExpression(expr: { readonly node: Node; readonly indices: readonly IndexName[] }, options: PrintOptions = {}): string {
  const names = options.names ?? new Map<Node, string>();
  const kept = options.factored ?? new Set<Node>();
  const factored = (n: Node): boolean => names.has(n) || kept.has(n);
  const keys = createAtomKeys(createGraph(), { symmetric: options.symmetric ?? true, factored });
  const printer: Printer = { keys, names, factored };
  const taken = new Set(expr.indices);
  return printSum(printer, expand(printer, expr.node, expr.indices, taken), taken);
}

interface Printer {
  readonly keys: AtomKeys;
  readonly names: ReadonlyMap<Node, string>;
  readonly factored: (node: Node) => boolean;
}

function expand(p: Printer, node: Node, out: readonly IndexName[], taken: Iterable<IndexName>): SumOfProducts {
  return expandNetwork(p.keys.graph, node, out, createNameSupply(['s', ...taken]), p.factored);
}

function printNode(p: Printer, node: Node, out: readonly IndexName[], taken: ReadonlySet<IndexName>): string {
  const name = p.names.get(node);
  if (name !== undefined) return `${name}${bracket(out)}`;
  return printSum(p, expand(p, node, out, taken), taken);
}

/** A sum whose free names are chosen; summed names avoid `taken`. */
function printSum(p: Printer, sop: SumOfProducts, taken: ReadonlySet<IndexName>): string {
  const ordered = canonicalSum(p.keys, { ...sop, terms: sop.terms.filter((m) => m.coefficient !== 0) });
  if (ordered.terms.length === 0) return '0';
  // positive terms first, each group in canonical order: o[l] - y[l], not -y[l] + o[l]
  const terms = [...ordered.terms.filter((m) => m.coefficient > 0), ...ordered.terms.filter((m) => m.coefficient < 0)];
  return terms.map((m, k) => {
    const text = printMonomial(p, m, sop.out, taken);
    if (k === 0) return text;
    return text.startsWith('-') ? `- ${text.slice(1)}` : `+ ${text}`;
  }).join(' ');
}

/** The textbook order of index names; beyond it, numbered names. */
const letters = ['i', 'j', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;

export function* indexNames(): Generator<IndexName> {
  yield* letters;
  for (let n = 1; ; n++) for (const l of letters) yield `${l}${n}`;
}

function printMonomial(p: Printer, m: Monomial, out: readonly IndexName[], taken: ReadonlySet<IndexName>): string {
  const used = new Set([...taken, ...out]);
  const rename = new Map<IndexName, IndexName>();
  const supply = indexNames();
  for (const s of summedIndices(m, out)) {
    let name = supply.next().value!;
    while (used.has(name)) name = supply.next().value!;
    used.add(name);
    rename.set(s, name);
  }
  const atoms = withoutOnes(m.factors, new Set(rename.keys()))
    .map((f) => ({ node: f.node, indices: f.indices.map((i) => rename.get(i) ?? i) }));
  const powers = groupPowers(atoms.map((a) => asPower(p, a, used)));
  // an index summed but written once needs an explicit sum: Σ_j exp(z[j]) → sum[j](exp(z[j]))
  const lonely = [...rename.values()].filter((i) => powers.flatMap((g) => g.indices).filter((j) => j === i).length === 1);
  const inside = powers.filter((q) => q.indices.some((i) => lonely.includes(i)));
  const outside = powers.filter((q) => !inside.includes(q)).map(showPower);
  const factors = inside.length === 0 ? outside : [...outside, `sum[${lonely.join(',')}](${inside.map(showPower).join(' ')})`];
  return withCoefficient(m.coefficient, factors);
}

/** Σ_t δ[i,t] with t in nothing else is a ones vector: it only broadcasts, so `0.5` not `0.5 sum[t](δ[t,i])`. */
function withoutOnes(factors: readonly Atom[], summed: ReadonlySet<IndexName>): Atom[] {
  const count = (i: IndexName): number => factors.reduce((n, f) => n + f.indices.filter((j) => j === i).length, 0);
  return factors.filter((f) => !(f.node.kind === 'delta' && f.indices[0] !== f.indices[1]
    && f.indices.some((i) => summed.has(i) && count(i) === 1)));
}

interface Power {
  readonly base: string;
  readonly exponent: number;
  /** The indices the base is written with, for counting how often a summed index appears. */
  readonly indices: readonly IndexName[];
  /** The base is one access (x[i], tanh(u)[i]) and needs no parentheses under a power. */
  readonly simple: boolean;
}

/** u^p of a single access is the power p of u's text, so σ[j]^2 σ[j] can print as σ[j]^3. */
function asPower(p: Printer, atom: Atom, taken: ReadonlySet<IndexName>): Power {
  const node = atom.node;
  if (node.kind === 'map' && node.fn.name === 'pow' && !p.names.has(node) && isSingleAccess(p, node.arg, atom.indices)) {
    const base = printNode(p, node.arg, atom.indices, taken);
    return { base, exponent: node.fn.exponent, indices: atom.indices, simple: !base.includes('^') };
  }
  const base = printAtom(p, atom, taken);
  const parenthesized = node.kind === 'contract' || node.kind === 'add';
  return { base, exponent: 1, indices: atom.indices, simple: parenthesized || !base.includes('^') };
}

function groupPowers(powers: readonly Power[]): Power[] {
  const grouped: Power[] = [];
  for (const q of powers) {
    const k = grouped.findIndex((g) => g.base === q.base);
    if (k < 0) grouped.push(q);
    else grouped[k] = { ...grouped[k]!, exponent: grouped[k]!.exponent + q.exponent };
  }
  return grouped.filter((g) => g.exponent !== 0);
}

function showPower(q: Power): string {
  if (q.exponent === 1) return q.base;
  const e = q.exponent < 0 ? `(${formatNumber(q.exponent)})` : formatNumber(q.exponent);
  return q.simple && !q.base.startsWith('sum[') ? `${q.base}^${e}` : `(${q.base})^${e}`;
}

function withCoefficient(c: number, factors: readonly string[]): string {
  if (factors.length === 0) return formatNumber(c);
  const body = factors.join(' ');
  if (c === 1) return body;
  if (c === -1) return `-${body}`;
  return `${formatNumber(c)} ${body}`;
}

function formatNumber(c: number): string {
  return String(Number(c.toPrecision(12)));
}

function bracket(indices: readonly IndexName[]): string {
  return indices.length === 0 ? '' : `[${indices.join(',')}]`;
}

function printAtom(p: Printer, atom: Atom, taken: ReadonlySet<IndexName>): string {
  const node = atom.node;
  const name = p.names.get(node);
  if (name !== undefined) return `${name}${bracket(atom.indices)}`;
  switch (node.kind) {
    case 'input':
      return `${node.name}${bracket(atom.indices)}`;
    case 'delta':
      return `δ${bracket(atom.indices)}`;
    case 'map': {
      const arg = printNode(p, node.arg, atom.indices, taken);
      if (node.fn.name !== 'pow') return `${node.fn.name}(${arg})`;
      return showPower({ base: arg, exponent: node.fn.exponent, indices: atom.indices, simple: isSingleAccess(p, node.arg, atom.indices) && !arg.includes('^') });
    }
    case 'matfn': {
      const arg = node.arg.kind === 'input' ? node.arg.name : p.names.get(node.arg) ?? matrixArgument(p, node.arg, taken);
      return `${node.fn}(${arg})${bracket(atom.indices)}`;
    }
    case 'contract':
    case 'add':
      return `(${printNode(p, node, atom.indices, taken)})`;
    default:
      return assertNever(node);
  }
}

/** A matrix-function argument that is an expression is written with its own two free indices. */
function matrixArgument(p: Printer, arg: Node, taken: ReadonlySet<IndexName>): string {
  const supply = indexNames();
  const names: IndexName[] = [];
  while (names.length < arg.shape.length) {
    const n = supply.next().value!;
    if (!taken.has(n)) names.push(n);
  }
  return printNode(p, arg, names, new Set([...taken, ...names]));
}

function isSingleAccess(p: Printer, node: Node, out: readonly IndexName[]): boolean {
  if (p.names.has(node)) return true;
  const sop = expand(p, node, out, out);
  return sop.terms.length === 1 && sop.terms[0]!.coefficient === 1 && sop.terms[0]!.factors.length === 1;
}
