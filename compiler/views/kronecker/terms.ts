import type { Graph } from '../../2-network/graph.js';
import type { Factor, IndexName, Node } from '../../2-network/network.js';
import type { Expression } from '../../3-calculus/derivation.js';
import { createNameSupply, type NameSupply } from '../../2-network/name-supply.js';
import { connectedGroups } from '../matrix-notation/contract.js';

/** One addend of a derivative as a flat product: coefficient · Π factors, indices in `expr`'s names. */
export interface FlatTerm {
  readonly coefficient: number;
  readonly factors: readonly Factor[];
}

/**
 * The derivative as a sum of flat products (nested Contracts inlined, summed indices renamed
 * apart), or undefined when an addend broadcasts over an index it does not carry.
 */
export function flatTerms(expr: Expression): FlatTerm[] | undefined {
  const scope = createNameSupply(expr.indices);
  const node = expr.node;
  if (node.kind !== 'add') return [{ coefficient: 1, factors: inline(node, expr.indices, scope) }];
  const rename = new Map(node.out.map((o, k) => [o, expr.indices[k]!]));
  const terms: FlatTerm[] = [];
  for (const t of node.terms) {
    if (t.indices.length !== node.out.length) return undefined;
    terms.push({ coefficient: t.coefficient, factors: inline(t.node, t.indices.map((i) => rename.get(i)!), scope) });
  }
  return terms;
}

/** C[i,k] = A[i,j] B[j,k] read as the factors A[i,j′] B[j′,k] with j′ fresh. */
function inline(node: Node, names: readonly IndexName[], scope: NameSupply): Factor[] {
  if (node.kind !== 'contract') return [{ node, indices: names }];
  const map = new Map<IndexName, IndexName>(node.out.map((o, k) => [o, names[k]!]));
  for (const f of node.factors) for (const i of f.indices) if (!map.has(i)) map.set(i, scope.index(i));
  return node.factors.flatMap((f) => inline(f.node, f.indices.map((i) => map.get(i)!), scope));
}

/** Which of F's and X's indices a Kronecker factor pairs: P[a,k] Q[b,l], or P[a,l] Q[b,k] (commuted). */
export interface Pairing {
  readonly commuted: boolean;
  readonly left: readonly (IndexName | undefined)[];
  readonly right: readonly (IndexName | undefined)[];
}

export function pairingsOf(rows: readonly IndexName[], cols: readonly IndexName[]): Pairing[] {
  const [a, b] = rows;
  const [k, l] = cols;
  const direct: Pairing = { commuted: false, left: [a, k], right: [b, l] };
  return cols.length === 2 ? [direct, { commuted: true, left: [a, l], right: [b, k] }] : [direct];
}

/**
 * Splits a product into the factors of P and of Q: every piece connected through summed indices
 * must carry only P's or only Q's free indices (pieces carrying none go to P as scalars).
 */
export function separate(factors: readonly Factor[], free: readonly IndexName[], pairing: Pairing): [Factor[], Factor[]] | undefined {
  const inLeft = (i: IndexName): boolean => pairing.left.includes(i);
  const inRight = (i: IndexName): boolean => pairing.right.includes(i);
  const left: Factor[] = [];
  const right: Factor[] = [];
  for (const piece of connectedGroups(factors, (i) => !free.includes(i))) {
    const carried = piece.flatMap((f) => f.indices.filter((i) => free.includes(i)));
    if (carried.every(inLeft)) left.push(...piece);
    else if (carried.every(inRight)) right.push(...piece);
    else return undefined;
  }
  const carries = (side: readonly Factor[], i: IndexName | undefined): boolean => i === undefined || side.some((f) => f.indices.includes(i));
  const complete = pairing.left.every((i) => carries(left, i)) && pairing.right.every((i) => carries(right, i));
  return complete ? [left, right] : undefined;
}

/**
 * A term's factors on F's two indices only (M[a,b] in M[a,b] P[a,k] Q[b,l]): the pieces connected
 * through summed indices that carry both of F's indices and none of X's, and the rest. Undefined
 * when there is no such piece.
 */
export function maskOf(factors: readonly Factor[], rows: readonly IndexName[], cols: readonly IndexName[]): [Factor[], Factor[]] | undefined {
  if (rows.length !== 2) return undefined;
  const free = [...rows, ...cols];
  const mask: Factor[] = [];
  const rest: Factor[] = [];
  for (const piece of connectedGroups(factors, (i) => !free.includes(i))) {
    const carried = new Set(piece.flatMap((f) => f.indices.filter((i) => free.includes(i))));
    if (rows.every((i) => carried.has(i)) && !cols.some((i) => carried.has(i))) mask.push(...piece);
    else rest.push(...piece);
  }
  return mask.length > 0 ? [mask, rest] : undefined;
}

/** The Kronecker factor as its own expression: P[a,k] = Π factors, axes (row?, col?). */
export function partExpression(graph: Graph, factors: readonly Factor[], pair: readonly (IndexName | undefined)[]): Expression | undefined {
  if (factors.length === 0) return undefined;
  const out = pair.filter((i): i is IndexName => i !== undefined);
  return { node: graph.contract(factors, out), indices: out };
}
