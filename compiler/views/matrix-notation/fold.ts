import type { Node } from '../../2-network/network.js';
import { isScalar, productOf, transposeOf, type MatrixExpr } from './matrix-expr.js';
import { matrixOfNode, memoWithNames } from './matrix-of-node.js';

/** A definition that is a scaled symbol, p = s⁻¹ e: where a product holds s⁻¹ and e, it reads p. */
export interface Fold {
  readonly name: MatrixExpr;
  readonly powers: readonly Power[];
  readonly body: MatrixExpr;
}

interface Power { readonly base: MatrixExpr; readonly exponent: number }
/** A power in a product's bag, used up as definitions take it. */
interface Slot { readonly base: MatrixExpr; exponent: number }

const same = (a: MatrixExpr, b: MatrixExpr): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The named definitions of the form (scalars) · symbol, each read with the other names in place. */
export function foldsOf(named: ReadonlyMap<Node, string>): Fold[] {
  const folds: Fold[] = [];
  for (const [node, name] of named) {
    const others = new Map([...named].filter(([n]) => n !== node));
    const symbol = memoWithNames(new Map([[node, name]])).get(node.id);
    const form = symbol && matrixOfNode(node, memoWithNames(others));
    if (!symbol || form?.kind !== 'product') continue;
    const wide = form.factors.filter((f) => !isScalar(f));
    const powers = form.factors.filter(isScalar).map(powerOf);
    if (wide.length === 1 && wide[0]!.kind === 'symbol' && powers.every((p): p is Power => p !== undefined))
      folds.push({ name: symbol, powers, body: wide[0]! });
  }
  return folds;
}

/** A named scalar that is a power of another, nu = sqrt(uᵀu): (uᵀu)^p reads nu^(p/exponent). */
export interface RootFold {
  readonly name: MatrixExpr;
  readonly base: MatrixExpr;
  readonly exponent: number;
}

/** The named scalar roots, sqrt(b) or b^(1/k) (b a scalar), b read with the other names in place. */
export function rootsOf(named: ReadonlyMap<Node, string>): RootFold[] {
  const roots: RootFold[] = [];
  for (const [node, name] of named) {
    if (node.kind !== 'map' || node.shape.length > 0 || node.arg.shape.length > 0) continue;
    const exponent = node.fn.name === 'sqrt' ? 0.5 : node.fn.name === 'pow' ? node.fn.exponent : undefined;
    const symbol = memoWithNames(new Map([[node, name]])).get(node.id);
    // a root only: f = s³ must not make 3 s² read 3 f^0.667
    if (exponent === undefined || !Number.isInteger(1 / exponent) || 1 / exponent < 2 || !symbol) continue;
    roots.push({ name: symbol, base: matrixOfNode(node.arg, memoWithNames(new Map([...named].filter(([n]) => n !== node)))), exponent });
  }
  return roots;
}

/** b^p (or sqrt(b)) for a named root r = b^q: r^(p/q), r itself when p = q. */
function rootPower(e: MatrixExpr, roots: readonly RootFold[]): MatrixExpr | undefined {
  const power = e.kind === 'apply' && e.fn.name === 'sqrt' ? 0.5 : e.kind === 'apply' && e.fn.name === 'pow' ? e.fn.exponent : undefined;
  if (power === undefined || e.kind !== 'apply') return undefined;
  const root = roots.find((r) => same(r.base, e.arg));
  if (!root) return undefined;
  const exponent = power / root.exponent;
  if (!Number.isInteger(exponent)) return undefined;
  return exponent === 1 ? root.name : { kind: 'apply', fn: { name: 'pow', exponent }, arg: root.name };
}

function powerOf(f: MatrixExpr): Power | undefined {
  if (f.kind === 'apply' && f.fn.name === 'pow' && f.arg.kind === 'symbol') return { base: f.arg, exponent: f.fn.exponent };
  return f.kind === 'symbol' ? { base: f, exponent: 1 } : undefined;
}

/**
 * Reads definitions back into a form: s⁻² e eᵀ → p pᵀ and s⁻¹ diag(e) → diag(p) for p = e / s.
 * Each occurrence of the body (e, eᵀ, diag(e)) takes one copy of the definition's scalar powers.
 * A power of a named root's base reads as a power of the root: (uᵀu)^-0.5 → nu^-1 for nu = sqrt(uᵀu).
 */
export function foldDefinitions(e: MatrixExpr, folds: readonly Fold[], roots: readonly RootFold[] = []): MatrixExpr {
  if (folds.length === 0 && roots.length === 0) return e;
  const f = (x: MatrixExpr): MatrixExpr => foldDefinitions(x, folds, roots);
  const root = rootPower(e, roots);
  if (root) return root;
  switch (e.kind) {
    case 'product': return foldProduct(e.factors.map(f), folds);
    case 'hadamard': return { kind: 'hadamard', factors: e.factors.map(f) };
    case 'sum': return { kind: 'sum', terms: e.terms.map((t) => ({ coefficient: t.coefficient, expr: f(t.expr) })) };
    case 'diag': case 'diagonal': case 'trace': case 'transpose': case 'apply': case 'matfn': case 'reduce': case 'softmax': case 'vec': return { ...e, arg: f(e.arg) };
    case 'kron': return { kind: 'kron', left: f(e.left), right: f(e.right) };
    default: return e;
  }
}

function foldProduct(factors: readonly MatrixExpr[], folds: readonly Fold[]): MatrixExpr {
  const bag: Slot[] = [];
  const others: MatrixExpr[] = [];
  for (const x of factors) {
    const p = isScalar(x) ? powerOf(x) : undefined;
    if (p) bag.push({ ...p });
    else others.push(x);
  }
  const wide = others.map((x) => {
    for (const fold of folds) {
      const replaced = replacement(x, fold);
      if (replaced && take(bag, fold.powers)) return replaced;
    }
    return x;
  });
  const scalars = bag.filter((p) => p.exponent !== 0)
    .map((p): MatrixExpr => (p.exponent === 1 ? p.base : { kind: 'apply', fn: { name: 'pow', exponent: p.exponent }, arg: p.base }));
  return productOf([...scalars, ...wide]);
}

function replacement(x: MatrixExpr, fold: Fold): MatrixExpr | undefined {
  if (same(x, fold.body)) return fold.name;
  if (same(x, transposeOf(fold.body))) return transposeOf(fold.name);
  if (x.kind === 'diag' && same(x.arg, fold.body)) return { kind: 'diag', arg: fold.name };
  return undefined;
}

/** Takes the powers out of the bag when it holds them (same base, same sign, enough of it). */
function take(bag: Slot[], powers: readonly Power[]): boolean {
  const slots = powers.map((p) => bag.find((b) => same(b.base, p.base) && Math.sign(b.exponent) === Math.sign(p.exponent) && Math.abs(b.exponent) >= Math.abs(p.exponent)));
  if (slots.some((s) => s === undefined)) return false;
  slots.forEach((s, k) => { s!.exponent -= powers[k]!.exponent; });
  return true;
}
