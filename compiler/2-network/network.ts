import type { ElementwiseFunction, MatrixFunction, ReduceOp } from '../1-parse/ricci-ast.js';
import { assertNever } from '../diagnostics/assert-never.js';
/**
 * The tensor-network IR: a hash-consed DAG. Every node is a tensor with positional
 * axes (`shape`); index names are local to the Contract or Add that binds a child's axes to them.
 *   C[i,k] = A[i,j] B[j,k]  →  Contract([{A, [i,j]}, {B, [j,k]}], out = [i,k])
 */

/** A dimension: a concrete integer, or a symbol bound when inputs arrive (`n`, `m`). */
export type Size = number | string;
export type IndexName = string;

/**
 * The language's elementwise functions (its function table, 1-parse/ricci-ast.ts), `step` (relu′,
 * Heaviside) and `atZero` (1 where the argument is 0, else 0: the arg-max indicator in max′) among them.
 */
export type ElementwiseName = ElementwiseFunction;

/** Elementwise functions; `pow` carries its constant exponent. */
export type ElementwiseFn =
  | { readonly name: ElementwiseName }
  | { readonly name: 'pow'; readonly exponent: number };

export type MatrixFnName = MatrixFunction;

interface NodeBase {
  /** Unique within one Graph; equal ids ⇔ structurally equal nodes (hash-consing). */
  readonly id: number;
  /** Structural key, invariant under renaming of a node's local index names. */
  readonly key: string;
  readonly shape: readonly Size[];
}

export interface InputNode extends NodeBase {
  readonly kind: 'input';
  readonly name: string;
  /** Declared symmetric (a square matrix with X[i,j] = X[j,i]). */
  readonly symmetric: boolean;
  /** Declared a distribution: entries ≥ 0 summing to 1 along the last axis (checked where values enter). */
  readonly distribution: boolean;
}

/** A scalar constant. */
export interface ConstNode extends NodeBase {
  readonly kind: 'const';
  readonly value: number;
}

/** The identity / copy tensor δ[i,j] of shape [n, n]. */
export interface DeltaNode extends NodeBase {
  readonly kind: 'delta';
}

/** One vertex of a network: a child tensor whose axes are bound to index names (may repeat). */
export interface Factor {
  readonly node: Node;
  readonly indices: readonly IndexName[];
}

/** An n-ary product summed over every index not in `out`: a tensor network. */
export interface ContractNode extends NodeBase {
  readonly kind: 'contract';
  readonly factors: readonly Factor[];
  readonly out: readonly IndexName[];
}

/** One addend: a child whose axes are bound to names drawn from `out` (missing ones broadcast). */
export interface Term {
  readonly node: Node;
  readonly indices: readonly IndexName[];
  readonly coefficient: number;
}

export interface AddNode extends NodeBase {
  readonly kind: 'add';
  readonly terms: readonly Term[];
  readonly out: readonly IndexName[];
}

export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly fn: ElementwiseFn;
  readonly arg: Node;
}

/** inv(X) has X's shape [n, n]; det(X) and logdet(X) = log|det X| are scalars. */
export interface MatFnNode extends NodeBase {
  readonly kind: 'matfn';
  readonly fn: MatrixFnName;
  readonly arg: Node;
}

/**
 * A reduction along axes that is not a sum: max, min, or log Σ exp computed with the max shift
 * (m + log Σ exp(x − m), finite for logits of ±1000). The result keeps the arg's other axes, in order.
 *   logsumexp[j](z[i,j])  →  Reduce(logsumexp, z, axes [1]), shape [n_i]
 */
export interface ReduceNode extends NodeBase {
  readonly kind: 'reduce';
  readonly op: ReduceOp;
  readonly arg: Node;
  /** The reduced axes of `arg`, ascending, at least one. */
  readonly axes: readonly number[];
}

/** max, min, logsumexp: the language's core reductions (1-parse/ricci-ast.ts). */
export type { ReduceOp };

export type Node = InputNode | ConstNode | DeltaNode | ContractNode | AddNode | MapNode | MatFnNode | ReduceNode;

/** The direct children of a node, in order. */
export function childrenOf(node: Node): readonly Node[] {
  switch (node.kind) {
    case 'input':
    case 'const':
    case 'delta':
      return [];
    case 'contract':
      return node.factors.map((f) => f.node);
    case 'add':
      return node.terms.map((t) => t.node);
    case 'map':
    case 'matfn':
    case 'reduce':
      return [node.arg];
    default:
      return assertNever(node);
  }
}

/** The nodes of `order` (children before parents, as topologicalOrder gives them) that have `wrt` under them, `wrt` included. */
export function dependentOn(order: readonly Node[], wrt: Node): Set<Node> {
  const depends = new Set<Node>();
  for (const n of order) if (n === wrt || childrenOf(n).some((c) => depends.has(c))) depends.add(n);
  return depends;
}

/** Every node reachable from `roots`, children before parents, each once. */
export function topologicalOrder(roots: readonly Node[]): Node[] {
  const seen = new Set<number>();
  const order: Node[] = [];
  // an explicit stack: a chain of 10,000 definitions is a DAG 10,000 deep
  const stack: { node: Node; children: readonly Node[]; next: number }[] = [];
  for (const r of roots) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    stack.push({ node: r, children: childrenOf(r), next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.children.length) {
        const c = top.children[top.next++]!;
        if (!seen.has(c.id)) {
          seen.add(c.id);
          stack.push({ node: c, children: childrenOf(c), next: 0 });
        }
      } else {
        order.push(top.node);
        stack.pop();
      }
    }
  }
  return order;
}

/** The longest path from `root` down to a leaf, in nodes (a leaf is 1); computed in a loop. */
export function nodeDepth(root: Node): number {
  const depth = new Map<number, number>();
  for (const n of topologicalOrder([root])) depth.set(n.id, 1 + Math.max(0, ...childrenOf(n).map((c) => depth.get(c.id)!)));
  return depth.get(root.id)!;
}

/** The size of each index name bound in a Contract or Add (first binding wins; checked elsewhere). */
export function indexSizes(bindings: readonly { readonly node: Node; readonly indices: readonly IndexName[] }[]): Map<IndexName, Size> {
  const sizes = new Map<IndexName, Size>();
  for (const b of bindings)
    b.indices.forEach((name, axis) => {
      if (!sizes.has(name)) sizes.set(name, b.node.shape[axis]!);
    });
  return sizes;
}

export function elementwiseLabel(fn: ElementwiseFn): string {
  return fn.name === 'pow' ? `pow${fn.exponent}` : fn.name;
}
