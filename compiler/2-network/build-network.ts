import type { DefinitionStatement, Program } from '../1-parse/ricci-ast.js';
import { programWarnings } from '../1-parse/ricci-warnings.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { Span } from '../diagnostics/span.js';
import { analyzeProgram, indexVariable, type Analysis } from './build-analysis.js';
import { buildExpression, sumAndOrder, rightHandSide, type BuildContext } from './build-expression.js';
import { createGraph, type Graph } from './graph.js';
import { onesFactor } from './canonical-rebuild.js';
import type { InputNode, Node } from './network.js';
import type { Definition, ProgramNetwork } from './program.js';
import { declaredSizeSymbols, sizeValue } from './size-values.js';

/**
 * AST → one hash-consed Graph: every definition becomes a node whose axes follow its left-hand
 * side; an index free on the right but not on the left is summed (per term: build-expression.ts).
 *   f[a,j] = X[a,i] W[i,j] + b[a,j];  L = f[a,j] y[j,a]
 */
export function buildProgram(program: Program): ProgramNetwork {
  return buildProgramWithOrigins(program).network;
}

/** Also says where each input was declared or first used, for diagnostics about input values. */
export interface BuiltProgram {
  readonly network: ProgramNetwork;
  readonly inputOrigins: ReadonlyMap<string, Span>;
}

export function buildProgramWithOrigins(program: Program): BuiltProgram {
  const analysis = analyzeProgram(program);
  const graph = createGraph();
  const inputs = buildInputs(graph, analysis);
  const definitions = new Map<string, Definition>();
  const functionCalls = new Map<Node, Span>();
  const sizeNames = declaredSizeSymbols(program);
  const nodeOf = (name: string): Node =>
    inputs.get(name) ?? definitions.get(name)?.node ?? (sizeNames.has(name) ? sizeValue(graph, name) : definitions.get(name)!.node);
  program.statements.forEach((s, position) => {
    if (s.kind !== 'definition') return;
    const ctx: BuildContext = {
      graph, source: program.source, nodeOf, functionCalls,
      sizeOfIndex: (index) => analysis.sizeOf(indexVariable(position, index)),
    };
    definitions.set(s.name.text, buildDefinition(ctx, s, analysis.declaredShapes.has(s.name.text)));
  });
  const inputOrigins = new Map([...analysis.tensors.values()].flatMap((t) => (t.kind === 'input' ? [[t.name, t.span] as const] : [])));
  const warnings = programWarnings(program);
  return { network: { source: program.source, graph, inputs, definitions, warnings, declaredSizes: sizeNames, functionCalls }, inputOrigins };
}

/** Inputs in order of appearance in the text (declaration or first use). */
function buildInputs(graph: Graph, analysis: Analysis): Map<string, InputNode> {
  const inputs = [...analysis.tensors.values()].flatMap((t) => (t.kind === 'input' ? [t] : []));
  inputs.sort((a, b) => a.span.start - b.span.start);
  return new Map(inputs.map((t) => [t.name, graph.input(t.name, t.axes.map(analysis.sizeOf), t.symmetric, t.distribution === true)]));
}

/**
 * A left index the right-hand side lacks is a mistake (`f[i,j] = x[i]`) unless a declaration states
 * the definition's shape (`g: [n]; g[i] = 1/n`, as a derivative that does not vary along i prints):
 * then it is broadcast, times Σ_t δ[i,t] = 1.
 */
function buildDefinition(ctx: BuildContext, s: DefinitionStatement, shapeDeclared: boolean): Definition {
  const left = s.indices.map((i) => i.text);
  const right = buildExpression(ctx, s.body, new Set(left), rightHandSide());
  const missing = s.indices.filter((index) => !right.indices.includes(index.text));
  if (missing.length > 0 && !shapeDeclared)
    fail('left_index_not_free', { source: ctx.source, span: missing[0]!.span }, missing[0]!.text, s.name.text);
  const ones = missing.map((index) => onesFactor(ctx.graph, index.text, ctx.sizeOfIndex(index.text)));
  const broadcast = ones.length === 0 ? right
    : { node: ctx.graph.contract([{ node: right.node, indices: right.indices }, ...ones], [...right.indices, ...missing.map((i) => i.text)]), indices: [...right.indices, ...missing.map((i) => i.text)], local: false };
  return { name: s.name.text, indices: left, node: sumAndOrder(ctx.graph, broadcast, left), span: s.span };
}
