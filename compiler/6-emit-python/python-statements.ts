import { expandPath, type ContractionProblem, type LinearPath } from '../4-contraction-order/contraction.js';
import { topologicalOrder, type AddNode, type ContractNode, type ElementwiseFn, type ElementwiseName, type IndexName, type InputNode, type MatrixFnName, type Node, type ReduceNode, type Size } from '../2-network/network.js';
import { assertNever } from '../diagnostics/assert-never.js';
import { fail } from './python-errors.js';
import { einsumSubscripts, pythonFloat, pythonInt } from './python-names.js';

/** How the statements of one Python function are produced from a node DAG. */
export interface BodyContext {
  /** The Python parameter holding each input tensor, by tensor name. */
  readonly parameterOf: ReadonlyMap<string, string>;
  /** Where a symbolic size can be read at run time: `in_x.shape[0]`. */
  readonly sizeOf: ReadonlyMap<string, string>;
  /** The contraction path of one Contract node (its operands in factor order). */
  readonly pathFor: (node: ContractNode, problem: ContractionProblem) => LinearPath;
  /** Sizes of a Contract's indices for the cost model (symbolic ones estimated). */
  readonly sizesOf: (node: ContractNode) => ReadonlyMap<IndexName, number>;
}

/** `t3 = …` statements computing `root`, children first, each shared node once; returns the result's name. */
export function functionBody(root: Node, context: BodyContext): { readonly lines: readonly string[]; readonly result: string } {
  const nameOf = new Map<number, string>();
  const lines: string[] = [];
  let count = 0;
  const fresh = (): string => `t${count++}`;
  for (const node of topologicalOrder([root])) {
    if (node.kind === 'input') {
      nameOf.set(node.id, context.parameterOf.get(node.name)!);
      continue;
    }
    const ref = (n: Node): string => nameOf.get(n.id)!;
    const statements = nodeStatements(node, ref, context, fresh);
    lines.push(...statements.lines);
    nameOf.set(node.id, statements.result);
  }
  return { lines, result: nameOf.get(root.id)! };
}

type Statements = { readonly lines: string[]; readonly result: string };

function assign(fresh: () => string, expression: string): Statements {
  const name = fresh();
  return { lines: [`${name} = ${expression}`], result: name };
}

function nodeStatements(node: Exclude<Node, InputNode>, ref: (n: Node) => string, context: BodyContext, fresh: () => string): Statements {
  switch (node.kind) {
    case 'const':
      return assign(fresh, `np.float64(${pythonFloat(node.value)})`);
    case 'delta':
      return assign(fresh, `np.eye(${sizeText(node.shape[0]!, context)})`);
    case 'contract':
      return contractStatements(node, ref, context, fresh);
    case 'add':
      return assign(fresh, addExpression(node, ref));
    case 'map':
      return assign(fresh, elementwisePython(node.fn, ref(node.arg)));
    case 'matfn':
      return assign(fresh, matrixFunctionTable[node.fn](ref(node.arg)));
    case 'reduce':
      return reduceStatements(node, ref(node.arg), fresh);
    default:
      return assertNever(node);
  }
}

function sizeText(size: Size, context: BodyContext): string {
  if (typeof size === 'number') return pythonInt(size);
  return context.sizeOf.get(size) ?? fail('python_unbound_size', undefined, size);
}

/** One np.einsum per path step; intermediate results are named t<k> like every other value. */
function contractStatements(node: ContractNode, ref: (n: Node) => string, context: BodyContext, fresh: () => string): Statements {
  if (node.factors.length === 0) return assign(fresh, 'np.float64(1.0)');
  const problem: ContractionProblem = { inputs: node.factors.map((f) => f.indices), output: node.out, sizes: context.sizesOf(node) };
  const path = context.pathFor(node, problem);
  let operands = node.factors.map((f) => ref(f.node));
  const lines: string[] = [];
  let last = '';
  for (const step of expandPath(problem, path)) {
    const args = step.positions.map((p) => operands[p]!);
    const name = fresh();
    lines.push(`${name} = np.einsum(${einsumSubscripts(step.inputs, step.result)}, ${args.join(', ')})`);
    operands = [...operands.filter((_, k) => !step.positions.includes(k)), name];
    last = name;
  }
  return { lines, result: last };
}

/** Σ c·term, each term permuted to the output's order and given size-1 axes where it broadcasts. */
function addExpression(node: AddNode, ref: (n: Node) => string): string {
  return node.terms.map((t) => {
    const present = node.out.filter((i) => t.indices.includes(i));
    const aligned = sameList(t.indices, present) ? ref(t.node) : `np.einsum(${einsumSubscripts([t.indices], present)}, ${ref(t.node)})`;
    const missing = node.out.flatMap((i, axis) => (t.indices.includes(i) ? [] : [axis]));
    const full = missing.length === 0 ? aligned : `np.expand_dims(${aligned}, axis=(${missing.map(pythonInt).join(', ')},))`;
    return t.coefficient === 1 ? full : `(${pythonFloat(t.coefficient)}) * ${full}`;
  }).join(' + ');
}

function sameList(a: readonly IndexName[], b: readonly IndexName[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

const elementwiseTable = {
  exp: (x) => `np.exp(${x})`,
  log: (x) => `np.log(${x})`,
  sin: (x) => `np.sin(${x})`,
  cos: (x) => `np.cos(${x})`,
  tan: (x) => `np.tan(${x})`,
  tanh: (x) => `np.tanh(${x})`,
  sigmoid: (x) => `0.5 * (1.0 + np.tanh(0.5 * ${x}))`,
  softplus: (x) => `np.logaddexp(0.0, ${x})`,
  relu: (x) => `np.maximum(${x}, 0.0)`,
  abs: (x) => `np.abs(${x})`,
  sqrt: (x) => `np.sqrt(${x})`,
  sign: (x) => `np.sign(${x})`,
  step: (x) => `np.where(${x} > 0, 1.0, 0.0)`,
  atZero: (x) => `np.where(${x} == 0, 1.0, 0.0)`,
} satisfies Record<ElementwiseName, (x: string) => string>;

/** logdet is log|det X|, as the reference evaluator defines it. */
const matrixFunctionTable = {
  inv: (x) => `np.linalg.inv(${x})`,
  det: (x) => `np.linalg.det(${x})`,
  logdet: (x) => `np.linalg.slogdet(${x})[1]`,
} satisfies Record<MatrixFnName, (x: string) => string>;

function elementwisePython(fn: ElementwiseFn, x: string): string {
  return fn.name === 'pow' ? `np.power(${x}, ${pythonFloat(fn.exponent)})` : elementwiseTable[fn.name](x);
}

/**
 * max / min along axes; log Σ exp with the max shift, as scipy.special.logsumexp computes it
 * (a non-finite max shifts by 0, so all −∞ gives −∞ rather than NaN).
 */
function reduceStatements(node: ReduceNode, x: string, fresh: () => string): Statements {
  const axis = `axis=(${node.axes.map(pythonInt).join(', ')},)`;
  switch (node.op) {
    case 'max':
      return assign(fresh, `np.max(${x}, ${axis})`);
    case 'min':
      return assign(fresh, `np.min(${x}, ${axis})`);
    case 'logsumexp': {
      const shift = fresh();
      const result = fresh();
      return {
        lines: [
          `${shift} = np.max(${x}, ${axis}, keepdims=True)`,
          `${shift} = np.where(np.isfinite(${shift}), ${shift}, 0.0)`,
          `${result} = np.log(np.sum(np.exp(${x} - ${shift}), ${axis})) + np.squeeze(${shift}, ${axis})`,
        ],
        result,
      };
    }
    default:
      return assertNever(node.op);
  }
}
