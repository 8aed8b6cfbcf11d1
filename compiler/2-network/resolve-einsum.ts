import { hasEllipsis, labelsOf, type EinsumAst, type EinsumTerm } from '../1-parse/einsum-ast.js';
import { parseEinsum } from '../1-parse/einsum-parse.js';
import { fail } from '../diagnostics/pipeline-errors.js';
import { span, type Span } from '../diagnostics/span.js';
import type { EinsumSpec } from './einsum-spec.js';
import { createNameSupply, type NameSupply } from './name-supply.js';
import type { IndexName } from './network.js';

/**
 * Parses `subscripts` and resolves them against the operands' shapes, exactly as numpy.einsum:
 *   '...ij,...jk' with shapes [5,2,3],[3,4]  →  inputs [[…1,i,j],[j,k]], output […1,i,k]
 */
export function resolveEinsum(subscripts: string, shapes: readonly (readonly number[])[]): EinsumSpec {
  return resolveParsed(parseEinsum(subscripts), shapes);
}

/** Operand count ≠ term count is reported before operands are even converted. */
export function checkOperandCount(ast: EinsumAst, operands: number): void {
  const where = (s: Span) => ({ source: ast.source, span: s });
  if (operands === 0) fail('einsum_no_operands', where(span(0, ast.source.length)));
  const terms = ast.inputs.length;
  if (terms === operands) return;
  const extra = ast.inputs[operands];
  const at = extra ? extra.span : ast.inputs[terms - 1]!.span;
  fail('einsum_operand_count', where(at), terms, operands);
}

/** One axis of one operand, remembering what the user wrote for it (for carets). */
interface Axis {
  readonly label: IndexName;
  readonly operand: number;
  readonly size: number;
  readonly span: Span;
  /** Set for axes covered by '...'. */
  readonly ellipsis: boolean;
}

/** resolveEinsum for subscripts already parsed (einsum parses first, to place carets in operand errors). */
export function resolveParsed(ast: EinsumAst, shapes: readonly (readonly number[])[]): EinsumSpec {
  checkOperandCount(ast, shapes.length);
  shapes.forEach((shape, k) => checkShape(ast, shape, k));
  const names = createNameSupply();
  const extra = ast.inputs.map((term, k) => ellipsisRank(ast.source, term, k, shapes[k]!));
  const broadcast = Array.from({ length: Math.max(0, ...extra) }, () => names.fresh('...'));
  const axes = ast.inputs.map((term, k) => axesOf(term, k, shapes[k]!, broadcast));
  axes.forEach((list) => checkDiagonals(ast.source, list));
  const sizes = labelSizes(ast.source, axes.flat());
  const output = ast.output
    ? explicitOutput(ast, ast.output, broadcast, axes.flat())
    : implicitOutput(ast, broadcast);
  const inputs = axes.map((list) => renameBroadcastSingletons(list, sizes, names));
  for (const list of inputs) for (const name of list) if (!sizes.has(name)) sizes.set(name, 1);
  return { subscripts: ast.source, inputs, output, sizes };
}

/** Shapes may come straight from a caller (contractPath, compileEinsum), not from an array. */
function checkShape(ast: EinsumAst, shape: unknown, operand: number): void {
  if (Array.isArray(shape) && shape.every((n) => Number.isInteger(n) && n >= 0)) return;
  const shown = Array.isArray(shape) ? `[${shape.map(String).join(', ')}]` : String(shape);
  fail('einsum_shape_invalid', { source: ast.source, span: ast.inputs[operand]!.span }, operand, shown);
}

/** How many axes the term's '...' covers; the term must name exactly the rest. */
function ellipsisRank(source: string, term: EinsumTerm, operand: number, shape: readonly number[]): number {
  const labels = labelsOf(term);
  const ellipsis = hasEllipsis(term);
  if (labels.length > shape.length || (!ellipsis && labels.length < shape.length))
    fail('einsum_rank_mismatch', { source, span: term.span }, operand, termText(source, term), labels.length, shape, ellipsis);
  return ellipsis ? shape.length - labels.length : 0;
}

/** The '...' axes of an operand are the last of the broadcast labels (numpy aligns from the right). */
function axesOf(term: EinsumTerm, operand: number, shape: readonly number[], broadcast: readonly IndexName[]): Axis[] {
  const covered = shape.length - labelsOf(term).length;
  const axes: Axis[] = [];
  for (const item of term.items) {
    if (item.kind === 'label') {
      axes.push({ label: item.label, operand, size: shape[axes.length]!, span: item.span, ellipsis: false });
      continue;
    }
    for (const label of broadcast.slice(broadcast.length - covered))
      axes.push({ label, operand, size: shape[axes.length]!, span: item.span, ellipsis: true });
  }
  return axes;
}

/** A label repeated inside one operand is a diagonal: its axes must have one size (no broadcasting). */
function checkDiagonals(source: string, axes: readonly Axis[]): void {
  axes.forEach((axis, k) => {
    const first = axes.findIndex((a) => a.label === axis.label);
    if (first < k && axes[first]!.size !== axis.size)
      fail('einsum_diagonal_size_mismatch', { source, span: axis.span }, axis.label, axis.operand, axes[first]!.size, axis.size);
  });
}

/** Each label's size: the size other than 1 if any (size-1 axes broadcast), else 1. */
function labelSizes(source: string, axes: readonly Axis[]): Map<IndexName, number> {
  const sizes = new Map<IndexName, number>();
  const witness = new Map<IndexName, Axis>();
  for (const axis of axes) {
    const seen = witness.get(axis.label);
    if (axis.size === 1 && seen) continue;
    if (seen && seen.size !== 1 && seen.size !== axis.size) {
      const where = { source, span: axis.span };
      if (axis.ellipsis)
        fail('einsum_ellipsis_broadcast', where, seen.operand, ellipsisShape(seen.operand, axes), axis.operand,
          ellipsisShape(axis.operand, axes));
      fail('einsum_label_size_conflict', where, axis.label, seen.operand, seen.size, axis.operand, axis.size);
    }
    witness.set(axis.label, axis);
    sizes.set(axis.label, axis.size);
  }
  return sizes;
}

function ellipsisShape(operand: number, axes: readonly Axis[]): number[] {
  return axes.filter((a) => a.operand === operand && a.ellipsis).map((a) => a.size);
}

/** numpy's implicit output: the broadcast axes, then every label used exactly once, by char code. */
function implicitOutput(ast: EinsumAst, broadcast: readonly IndexName[]): IndexName[] {
  const counts = new Map<string, number>();
  for (const term of ast.inputs) for (const label of labelsOf(term)) counts.set(label, (counts.get(label) ?? 0) + 1);
  const once = [...counts].filter(([, n]) => n === 1).map(([label]) => label);
  return [...broadcast, ...once.sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0))];
}

function explicitOutput(ast: EinsumAst, term: EinsumTerm, broadcast: readonly IndexName[], axes: readonly Axis[]): IndexName[] {
  const where = (s: Span) => ({ source: ast.source, span: s });
  const used = new Set(ast.inputs.flatMap(labelsOf));
  const output: IndexName[] = [];
  for (const item of term.items) {
    if (item.kind === 'ellipsis') {
      output.push(...broadcast);
      continue;
    }
    if (!used.has(item.label)) fail('einsum_output_label_unknown', where(item.span), item.label);
    if (output.includes(item.label)) fail('einsum_output_label_repeated', where(item.span), item.label);
    output.push(item.label);
  }
  if (broadcast.length > 0 && !hasEllipsis(term))
    fail('einsum_output_missing_ellipsis', where(term.span), broadcastSizes(broadcast, axes));
  return output;
}

function broadcastSizes(broadcast: readonly IndexName[], axes: readonly Axis[]): number[] {
  return broadcast.map((label) => axes.find((a) => a.label === label && a.size !== 1)?.size ?? 1);
}

/**
 * A size-1 axis whose label is larger elsewhere gets a fresh label of size 1 that occurs nowhere
 * else, so it is summed over its single element: numpy's broadcasting. Repeated labels of one
 * operand share one fresh label, keeping the diagonal.
 */
function renameBroadcastSingletons(axes: readonly Axis[], sizes: ReadonlyMap<IndexName, number>, names: NameSupply): IndexName[] {
  const renamed = new Map<IndexName, IndexName>();
  return axes.map((axis) => {
    if (axis.size !== 1 || sizes.get(axis.label) === 1) return axis.label;
    const fresh = renamed.get(axis.label) ?? names.fresh(`${axis.label}'`);
    renamed.set(axis.label, fresh);
    return fresh;
  });
}

function termText(source: string, term: EinsumTerm): string {
  return source.slice(term.span.start, term.span.end);
}
