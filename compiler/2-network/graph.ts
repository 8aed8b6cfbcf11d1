import {
  elementwiseLabel, indexSizes,
  type AddNode, type ConstNode, type ContractNode, type DeltaNode, type ElementwiseFn, type Factor,
  type IndexName, type InputNode, type MapNode, type MatFnNode, type MatrixFnName, type Node, type ReduceNode, type ReduceOp,
  type Size, type Term,
} from './network.js';

/**
 * The owner of one DAG: every constructor hash-conses, so structurally equal subexpressions
 * (up to renaming of local index names) are one node and CSE is free. One Graph per compilation;
 * nothing here is module-level state.
 */
export interface Graph {
  input(name: string, shape: readonly Size[], symmetric?: boolean, distribution?: boolean): InputNode;
  constant(value: number): ConstNode;
  delta(size: Size): DeltaNode;
  contract(factors: readonly Factor[], out: readonly IndexName[]): ContractNode;
  add(terms: readonly Term[], out: readonly IndexName[]): AddNode;
  map(fn: ElementwiseFn, arg: Node): MapNode;
  matfn(fn: MatrixFnName, arg: Node): MatFnNode;
  /** `op` along `axes` of `arg` (ascending, distinct, at least one). */
  reduce(op: ReduceOp, arg: Node, axes: readonly number[]): ReduceNode;
  /** Number of distinct nodes built so far. */
  readonly size: number;
}

type Shaped = { readonly id: number; readonly key: string; readonly shape: readonly Size[] };
type Draft<N extends Shaped> = Omit<N, 'id' | 'key'>;

export function createGraph(): Graph {
  const byKey = new Map<string, Node>();
  const intern = <N extends Node>(key: string, draft: Draft<N>): N => {
    const found = byKey.get(key);
    if (found) return found as N;
    const node = { ...draft, id: byKey.size, key } as unknown as N;
    byKey.set(key, node);
    return node;
  };

  return {
    get size() { return byKey.size; },
    input: (name, shape, symmetric = false, distribution = false) =>
      intern<InputNode>(`I(${JSON.stringify(name)}:${shape.join(',')}${symmetric ? ':sym' : ''}${distribution ? ':dist' : ''})`,
        { kind: 'input', name, shape: [...shape], symmetric, distribution }),
    constant: (value) => intern<ConstNode>(`K(${Object.is(value, -0) ? '-0' : String(value)})`,
      { kind: 'const', value, shape: [] }),
    delta: (size) => intern<DeltaNode>(`D(${size})`, { kind: 'delta', shape: [size, size] }),
    contract: (factors, out) => {
      const local = localNames([out, ...factors.map((f) => f.indices)]);
      const key = `C(${factors.map((f) => `${f.node.id}[${local(f.indices)}]`).join(' ')}->${local(out)})`;
      return intern<ContractNode>(key, {
        kind: 'contract', factors: [...factors], out: [...out], shape: shapeOf(factors, out, 'contract'),
      });
    },
    add: (terms, out) => {
      const local = localNames([out, ...terms.map((t) => t.indices)]);
      const key = `A(${terms.map((t) => `${t.coefficient}*${t.node.id}[${local(t.indices)}]`).join(' + ')}->${local(out)})`;
      return intern<AddNode>(key, { kind: 'add', terms: [...terms], out: [...out], shape: shapeOf(terms, out, 'add') });
    },
    map: (fn, arg) => intern<MapNode>(`M(${elementwiseLabel(fn)},${arg.id})`, { kind: 'map', fn, arg, shape: arg.shape }),
    matfn: (fn, arg) => intern<MatFnNode>(`F(${fn},${arg.id})`, {
      kind: 'matfn', fn, arg, shape: fn === 'inv' ? arg.shape : [],
    }),
    reduce: (op, arg, axes) => {
      if (axes.length === 0 || axes.some((a, k) => !Number.isInteger(a) || a < 0 || a >= arg.shape.length || (k > 0 && a <= axes[k - 1]!)))
        throw new Error(`internal: reduce axes [${axes.join(',')}] of a rank-${arg.shape.length} node`);
      return intern<ReduceNode>(`R(${op},${arg.id},${axes.join(',')})`, {
        kind: 'reduce', op, arg, axes: [...axes], shape: arg.shape.filter((_, k) => !axes.includes(k)),
      });
    },
  };
}

/** Renames index names to their order of first appearance, so keys ignore the user's spelling. */
function localNames(lists: readonly (readonly IndexName[])[]): (names: readonly IndexName[]) => string {
  const order = new Map<IndexName, number>();
  for (const list of lists) for (const n of list) if (!order.has(n)) order.set(n, order.size);
  return (names) => names.map((n) => order.get(n)).join(',');
}

function shapeOf(bindings: readonly { readonly node: Node; readonly indices: readonly IndexName[] }[],
  out: readonly IndexName[], what: string): Size[] {
  const sizes = indexSizes(bindings);
  return out.map((name) => {
    const size = sizes.get(name);
    if (size === undefined) throw new Error(`internal: ${what} output index '${name}' is bound by no operand`);
    return size;
  });
}
