import type { IndexName, Size } from '../../2-network/network.js';
import { createNameSupply, type NameSupply } from '../../2-network/name-supply.js';
import {
  isScalar, productOf, transposeCount, transposeOf, type MatrixExpr, type MatrixFactor,
} from './matrix-expr.js';
import { chainComponents, type Chain } from './chain.js';

/**
 * The index-pattern table, applied to a whole network at once (undefined: no matrix form):
 *   (i,j→ij) x yᵀ   (ij,j→i) A y   (ji,jk→ik) Aᵀ B   (ii→) tr(A)   (i,i→) xᵀy
 *   (i,i→i) x ⊙ y   (i,ij→ij) diag(x) A   (ij,j→ij) A diag(y)   (ij→i) A 𝟏
 * The result reads rows = out[0], cols = out[1] (a rank-1 result is a column).
 */
export function contractToMatrix(factors: readonly MatrixFactor[], out: readonly IndexName[],
  sizes: ReadonlyMap<IndexName, Size>): MatrixExpr | undefined {
  if (out.length > 2 || factors.some((f) => f.indices.length > 2)) return undefined;
  const diagonal = diagonalThroughDelta(factors, out, sizes);
  if (diagonal) return diagonal;
  const scope = createNameSupply([...out, ...factors.flatMap((f) => f.indices)]);
  const merged = hadamardOfMatrices(factors.map(diagonalOf), out, sizes);
  const prepared = withOnes(merged, out, sizes);
  const scalars = prepared.filter((f) => f.indices.length === 0).map((f) => f.expr);
  const rest = prepared.filter((f) => f.indices.length > 0);
  const groups = hadamardGroups(rest, out);
  if (groups !== undefined) {
    const parts = groups.map((g) => contractToMatrix(g, g.some((f) => f.indices.some((i) => out.includes(i))) ? out : [], sizes));
    if (parts.some((p) => p === undefined)) return undefined;
    const wide = parts.filter((p): p is MatrixExpr => p !== undefined && !isScalar(p));
    const narrow = parts.filter((p): p is MatrixExpr => p !== undefined && isScalar(p));
    return productOf([...scalars, ...narrow, { kind: 'hadamard', factors: wide }]);
  }
  const chained = insertDiagonals(rest, out, scope);
  return chained === undefined ? undefined : assemble(scalars, chainComponents(chained, out), out);
}

/**
 * Entrywise products of matrices: A[a,b] B[a,b] → (A ⊙ B)[a,b] (B[b,a] → Bᵀ), and a matrix F[a,b]
 * times a part of the network that closes on exactly a and b → F ⊙ M:
 *   H[k,j] G[k,l] W[j,l] → (H ⊙ (G Wᵀ))[k,j].
 */
function hadamardOfMatrices(factors: readonly MatrixFactor[], out: readonly IndexName[], sizes: ReadonlyMap<IndexName, Size>): MatrixFactor[] {
  let current = [...factors];
  const merge = (k: number): MatrixFactor[] | undefined => {
    const f = current[k]!;
    const [a, b] = f.indices;
    if (f.indices.length !== 2 || a === b || f.expr.kind === 'identity') return undefined;
    const rest = current.filter((_, j) => j !== k);
    const part = closingPart(rest, out, a!, b!);
    // a pair closing on itself is a trace, read by the chains: tr(A Bᵀ)
    const open = (i: IndexName): boolean => out.includes(i) || rest.some((g) => !part?.includes(g) && g.indices.includes(i));
    if (part === undefined || !(open(a!) || open(b!))) return undefined;
    const m = part.length === 1 ? alignedPair(part[0]!, a!, b!) : contractToMatrix(part, [a!, b!], sizes);
    if (m === undefined) return undefined;
    const hadamard: MatrixFactor = { expr: { kind: 'hadamard', factors: [f.expr, m] }, indices: [a!, b!] };
    return [...rest.filter((g) => !part.includes(g)), hadamard];
  };
  for (let k = 0; k < current.length; k++) {
    const merged = merge(k);
    if (!merged) continue;
    // a computed factor (f′(Z), Y − T) is the one books multiply entrywise, an input (a weight)
    // the one they multiply by: a bias gradient reads ((G W2ᵀ) ⊙ F)ᵀ 𝟏, not (W2 ⊙ (Fᵀ G)) 𝟏
    const absorbs = current[k]!.expr.kind === 'symbol' && merged.length < current.length - 1;
    const computed = absorbs ? current.findIndex((f, j) => j !== k && f.expr.kind !== 'symbol' && merge(j) !== undefined) : -1;
    current = computed >= 0 ? merge(computed)! : merged;
    k = -1;
  }
  return current;
}

/** A group of `rest`, linked by indices other than a and b, that carries both and nothing else outside. */
function closingPart(rest: readonly MatrixFactor[], out: readonly IndexName[], a: IndexName, b: IndexName): MatrixFactor[] | undefined {
  const groups = connectedGroups(rest, (i) => i !== a && i !== b);
  return groups.find((g) => {
    const indices = new Set(g.flatMap((f) => f.indices));
    if (!indices.has(a) || !indices.has(b) || g.some((f) => f.expr.kind === 'identity')) return false;
    if (g.length === 1 && g[0]!.indices.length !== 2) return false;
    return [...indices].every((i) => i === a || i === b || (!out.includes(i) && !rest.some((f) => !g.includes(f) && f.indices.includes(i))));
  });
}

function alignedPair(f: MatrixFactor, a: IndexName, b: IndexName): MatrixExpr | undefined {
  if (f.indices[0] === a && f.indices[1] === b) return f.expr;
  if (f.indices[0] === b && f.indices[1] === a) return transposeOf(f.expr);
  return undefined;
}

/**
 * (… δ[a,b] → ab) with b nowhere else: the rest, read as a vector over a, on a diagonal:
 *   x[i] t[l,i] δ[l,m] → diag(t x).
 */
function diagonalThroughDelta(factors: readonly MatrixFactor[], out: readonly IndexName[], sizes: ReadonlyMap<IndexName, Size>): MatrixExpr | undefined {
  if (out.length !== 2 || out[0] === out[1]) return undefined;
  const k = factors.findIndex((f) => f.expr.kind === 'identity' && f.indices.length === 2 && out.every((o) => f.indices.includes(o)));
  if (k < 0 || factors.length < 2) return undefined;
  const rest = factors.filter((_, j) => j !== k);
  const lone = out.find((o) => !rest.some((f) => f.indices.includes(o)));
  const kept = out.find((o) => o !== lone);
  if (lone === undefined || kept === undefined) return undefined;
  const vector = contractToMatrix(rest, [kept], sizes);
  return vector && { kind: 'diag', arg: vector };
}

/** A[i,i] → diagvec(A)[i]: a repeated index inside one factor reads its diagonal. */
function diagonalOf(f: MatrixFactor): MatrixFactor {
  const [a, b] = f.indices;
  return f.indices.length === 2 && a === b ? { expr: { kind: 'diagonal', arg: f.expr }, indices: [a!] } : f;
}

function occurrences(factors: readonly MatrixFactor[], out: readonly IndexName[], i: IndexName): number {
  return factors.reduce((n, f) => n + f.indices.filter((j) => j === i).length, out.includes(i) ? 1 : 0);
}

/**
 * Indices seen once: a summed one is a sum (A 𝟏, or tr(A) for a diagonal), an output one
 * absent from every factor is a broadcast (𝟏 bᵀ).
 */
function withOnes(factors: readonly MatrixFactor[], out: readonly IndexName[], sizes: ReadonlyMap<IndexName, Size>): MatrixFactor[] {
  const result: MatrixFactor[] = [];
  for (const f of factors) {
    const lone = f.indices.length === 1 && occurrences(factors, out, f.indices[0]!) === 1;
    const summed = f.indices.length === 2 && f.expr.kind !== 'identity'
      ? f.indices.findIndex((i) => !out.includes(i) && occurrences(factors, out, i) === 1) : -1;
    if (lone && f.expr.kind === 'diagonal') result.push({ expr: { kind: 'trace', arg: f.expr.arg }, indices: [] });
    // Y[j,l] summed over a lone l is the vector Y 𝟏 over j (row sums), so j can sit on a diagonal
    else if (summed >= 0) result.push(rowSums(f, summed, sizes));
    else result.push(f);
  }
  const names = [...new Set([...out, ...factors.flatMap((f) => f.indices)])];
  for (const i of names)
    if (occurrences(result, out, i) === 1) result.push({ expr: { kind: 'ones', size: sizes.get(i) ?? '?' }, indices: [i] });
  return result;
}

function rowSums(f: MatrixFactor, summed: number, sizes: ReadonlyMap<IndexName, Size>): MatrixFactor {
  const c = f.indices[summed]!;
  const kept = f.indices[1 - summed]!;
  const rows = summed === 1 ? f.expr : transposeOf(f.expr);
  return { expr: productOf([rows, { kind: 'ones', size: sizes.get(c) ?? '?' }]), indices: [kept] };
}

/**
 * (i,i→i) x ⊙ y and (Σ_k W[k,i] δ[k]) f′[i] → (Wᵀδ) ⊙ f′: when cutting the hyperedges of the
 * output splits the network into parts that each carry the whole output, it is a Hadamard product.
 */
function hadamardGroups(factors: readonly MatrixFactor[], out: readonly IndexName[]): MatrixFactor[][] | undefined {
  const hyper = out.filter((i) => occurrences(factors, out, i) > 2);
  if (hyper.length === 0) return undefined;
  const groups = connectedGroups(factors, (i) => !hyper.includes(i));
  const carriers = groups.filter((g) => g.some((f) => f.indices.some((i) => out.includes(i))));
  const full = carriers.every((g) => out.every((o) => g.some((f) => f.indices.includes(o))));
  return carriers.length >= 2 && full ? groups : undefined;
}

/** Items grouped by shared indices that `links` accepts (union–find). */
export function connectedGroups<T extends { readonly indices: readonly IndexName[] }>(items: readonly T[], links: (i: IndexName) => boolean): T[][] {
  const group = items.map((_, k) => k);
  const find = (k: number): number => (group[k] === k ? k : (group[k] = find(group[k]!)));
  items.forEach((f, a) => items.forEach((g, b) => {
    if (b > a && f.indices.some((i) => links(i) && g.indices.includes(i))) group[find(a)] = find(b);
  }));
  const byRoot = new Map<number, T[]>();
  items.forEach((f, k) => byRoot.set(find(k), [...(byRoot.get(find(k)) ?? []), f]));
  return [...byRoot.values()];
}

/**
 * A hyperedge h: vectors on it merge into one Hadamard product when that leaves h in two places,
 *   x[i] y[i] z[i] → (x ⊙ y)ᵀ z;
 * otherwise they become a chain through diagonal matrices, v[h] A[h,j] (out h,j) = diag(v) A.
 */
function insertDiagonals(factors: readonly MatrixFactor[], out: readonly IndexName[], scope: NameSupply): MatrixFactor[] | undefined {
  let current = [...factors];
  for (const h of [...new Set(factors.flatMap((f) => f.indices))]) {
    const extra = occurrences(current, out, h) - 2;
    if (extra <= 0) continue;
    const vectors = current.filter((f) => f.indices.length === 1 && f.indices[0] === h);
    if (vectors.length > extra) {
      const merged = vectors.slice(0, extra + 1);
      const hadamard: MatrixFactor = { expr: { kind: 'hadamard', factors: merged.map((f) => f.expr) }, indices: [h] };
      current = [...current.filter((f) => !merged.includes(f)), hadamard];
      continue;
    }
    const chained = chainThroughDiagonals(current, out, h, scope);
    if (!chained) return undefined;
    current = chained;
  }
  return current;
}

/** Only vectors can sit inside the chain; two non-vector ends at most (the output counts as one). */
function chainThroughDiagonals(current: readonly MatrixFactor[], out: readonly IndexName[], h: IndexName, scope: NameSupply): MatrixFactor[] | undefined {
  const holders = current.map((f, k) => ({ f, k })).filter(({ f }) => f.indices.includes(h));
  const ends = out.includes(h) ? 1 : 2;
  const matrices = holders.filter(({ f }) => f.indices.length === 2);
  const vectors = holders.filter(({ f }) => f.indices.length === 1);
  if (matrices.length > ends) return undefined;
  const endHolders = [...matrices, ...vectors.slice(0, ends - matrices.length)];
  const middle = vectors.slice(ends - matrices.length);
  const next = [...current];
  let previous = h;
  for (const { f, k } of middle) {
    const fresh = scope.index(`${h}′`);
    next[k] = { expr: { kind: 'diag', arg: f.expr }, indices: [previous, fresh] };
    previous = fresh;
  }
  const last = endHolders[endHolders.length - 1]!;
  const renamed = previous;
  next[last.k] = { expr: last.f.expr, indices: last.f.indices.map((i) => (i === h ? renamed : i)) };
  return next;
}

/** Scalars first, then the part carrying out[0] as rows and the part carrying out[1] as cols. */
function assemble(scalars: readonly MatrixExpr[], chains: readonly Chain[], out: readonly IndexName[]): MatrixExpr {
  const [row, col] = [out[0] ?? null, out[1] ?? null];
  const parts: MatrixExpr[] = [...scalars];
  let rowPart: MatrixExpr | undefined;
  let colPart: MatrixExpr | undefined;
  for (const chain of chains) {
    if (chain.cycle) { parts.push({ kind: 'trace', arg: bestOf(chain) }); continue; }
    const ends = [chain.rowEnd, chain.colEnd];
    if (ends.every((e) => e === null)) parts.push(bestOf(chain));
    else if (row !== null && ends.includes(row)) rowPart = oriented(chain, row, ends.includes(col) ? col : null);
    else colPart = oriented(chain, null, col);
  }
  return productOf([...parts, ...(rowPart ? [rowPart] : []), ...(colPart ? [colPart] : [])]);
}

function oriented(chain: Chain, rowEnd: IndexName | null, colEnd: IndexName | null): MatrixExpr {
  const forward = productOf(chain.factors);
  return chain.rowEnd === rowEnd && chain.colEnd === colEnd ? forward : transposeOf(forward);
}

/** A scalar or a trace reads either way round; keep the one with fewer transposes. */
function bestOf(chain: Chain): MatrixExpr {
  const forward = productOf(chain.factors);
  const backward = productOf([...chain.factors].reverse().map(transposeOf));
  return transposeCount(backward) < transposeCount(forward) ? backward : forward;
}
