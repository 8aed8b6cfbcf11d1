import { fromMatrixNotation, type MatrixInputOptions } from '../../compiler/1-parse/matrix-input.js';
import ndarray from 'ndarray';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { evaluateNetwork } from '../../compiler/2-network/evaluate-network.js';
import type { StridedArray } from '../../runtime/strided-array.js';
import type { Derivative } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { randomInputs } from '../../src/random-inputs.js';
import type { TensorLike } from '../../src/tensor-like.js';
import { renderSteps } from '../../src/index.js';

/**
 * The round-trip oracle: what ricci prints must read back. A printed derivative's right-hand
 * side, pasted as the body of a new definition after the program it came from (same inputs,
 * same definitions), must evaluate — through the reference evaluator — to the derivative's own
 * reference value on random inputs. A matrix-notation line, pasted into `fromMatrixNotation`
 * with every input's and definition's shape declared, must do the same in its layout.
 */
export interface RoundTrip {
  readonly key: string;
  readonly printed: string;
  /** Whether the pasted definition needed its shape declared (`pasted: [m, m, n]`; see needsShape). */
  readonly declared?: boolean;
  /** 'equal' passed; otherwise the stage that failed and, for a RicciError, its code. */
  readonly verdict: 'equal' | 'unreadable' | 'wrong-value';
  readonly code?: string;
  readonly error?: number;
}

/** Relative error allowed between the pasted form and the derivative (both reference evaluations). */
export const roundTripTolerance = 1e-10;

interface Values { readonly data: ArrayLike<number>; readonly shape: readonly number[] }

/**
 * max |a−b| / max |b| over entries, Infinity when the counts differ: a relative error. Below a
 * scale of 1e-3 the difference is taken at that scale: an expression that cancels to 0 (P − P, as
 * a step may print) rounds to ±1e-16 in one evaluation order and to 0 in another.
 */
export function relativeError(a: Values, b: Values): number {
  if (a.data.length !== b.data.length) return Infinity;
  const scale = Math.max(1e-3, ...Array.from(b.data, Math.abs));
  let worst = 0;
  for (let k = 0; k < b.data.length; k++) {
    const d = Math.abs(a.data[k]! - b.data[k]!) / scale;
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}

/** A name no statement of the source uses, for the pasted definition. */
function freshName(source: string): string {
  let name = 'pasted';
  while (new RegExp(`\\b${name}\\b`, 'u').test(source)) name += '_';
  return name;
}

/** The text after the printed header: `dL/dx[i] = …` or `δz[i] = dC/dz[i] = …`. */
export function printedBody(d: Derivative): string {
  const text = d.toString();
  const headerEnd = text.indexOf(' = ', d.symbol === undefined ? 0 : text.indexOf(' = ') + 3);
  return text.slice(headerEnd + 3);
}

function failure(key: string, printed: string, e: unknown): RoundTrip {
  if (isRicciError(e)) return { key, printed, verdict: 'unreadable', code: e.code };
  throw e;
}

/**
 * Index notation: `g[i,j,k] = <printed body>` appended to the source must equal the derivative.
 * The inputs are drawn once per seed (randomInputs: symmetric and distribution inputs as declared).
 */
export function indexRoundTrip(key: string, source: string, d: Derivative, seed = 1, sizes: Readonly<Record<string, number>> = {}): RoundTrip {
  const printed = d.toString();
  const { values } = randomInputs(d, { seed, sizes: { ...sizes } });
  const expected = d.evaluateReference(values as Record<string, TensorLike>);
  const name = freshName(source);
  const indices = d.result.indices;
  const definition = `${name}${indices.length === 0 ? '' : `[${indices.join(',')}]`} = ${printedBody(d)}`;
  const declaration = `${name}: [${d.result.node.shape.join(', ')}]`;
  const read = (withShape: boolean): Values =>
    evaluate(`${source}\n${withShape ? `${declaration}\n` : ''}${definition}`, values as Record<string, TensorLike>)[name]!;
  let value: Values;
  let declared = false;
  try {
    try {
      value = read(false);
    } catch (e) {
      if (!(isRicciError(e) && needsShape.includes(e.code))) throw e;
      declared = true;
      value = read(true);
    }
  } catch (e) {
    return { ...failure(key, printed, e), declared };
  }
  if (value.shape.join() !== expected.shape.join()) return { key, printed, verdict: 'wrong-value', error: Infinity, declared };
  const error = relativeError(value, { data: expected.data, shape: expected.shape });
  return { key, printed, verdict: error <= roundTripTolerance ? 'equal' : 'wrong-value', error, declared };
}

/**
 * What a pasted definition's declared shape answers: a size nothing in the text binds (an index
 * only δ carries), a left index the body lacks (a derivative constant along it, broadcast).
 */
const needsShape = ['size_unbound', 'symbol_unbound', 'left_index_not_free'];

/** A row-major value as an ndarray (a 0-d value as its number). */
function tensor(v: Values): TensorLike {
  return v.shape.length === 0 ? v.data[0]! : ndarray(Float64Array.from(v.data), [...v.shape]);
}

/** Rules whose formulas are not values of the language: the differential (dW) and the adjoint's own name. */
const notValues = new Set(['differential', 'identify', 'adjoint']);

/**
 * Every formula of a derivation's steps (before and after, as renderSteps prints them), pasted as
 * `pasted[free indices] = …` after the program, against the reference value of the step's own
 * expression (the sizes bound as drawn, for an expression no input of it binds).
 */
export function stepsRoundTrip(key: string, source: string, d: Derivative, seed = 1, sizes: Readonly<Record<string, number>> = {}): RoundTrip[] {
  const drawn = randomInputs(d, { seed, sizes: { ...sizes } });
  const values = drawn.values as Record<string, TensorLike>;
  const rendered = renderSteps(d).steps;
  return d.steps.flatMap((step, k) => (notValues.has(step.rule) ? [] : [[step.before, rendered[k]!.before.text], [step.after, rendered[k]!.after.text]] as const)
    .map(([expr, text], side): RoundTrip => {
      const label = `${key} #${k + 1} ${step.rule} ${side === 0 ? 'before' : 'after'}`;
      const exact = evaluateNetwork([expr.node], drawn.values as Record<string, StridedArray>, new Map(Object.entries(drawn.sizes)))[0]!;
      const indices = expr.indices.length === 0 ? '' : `[${expr.indices.join(',')}]`;
      const read = (withShape: boolean): Values => evaluate(`${source}\n${withShape ? `pasted: [${expr.node.shape.join(', ')}]\n` : ''}pasted${indices} = ${text}`, values)['pasted']!;
      let value: Values;
      try {
        try {
          value = read(false);
        } catch (e) {
          if (!(isRicciError(e) && needsShape.includes(e.code))) throw e;
          value = read(true);
        }
      } catch (e) {
        return failure(label, text, e);
      }
      const error = relativeError(value, exact);
      return { key: label, printed: text, verdict: error <= roundTripTolerance ? 'equal' : 'wrong-value', error };
    }));
}

/** A dense value as rows × cols, row-major (what a matrix-notation value reads as). */
export interface MatrixValue { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> }

/**
 * Matrix notation: the first line's right-hand side, read by `fromMatrixNotation` with `shapes`
 * (every name the line may mention), evaluated on `env`, must equal `expected`.
 */
export function matrixRoundTrip(key: string, line: string, shapes: Readonly<Record<string, readonly (string | number)[]>>,
  env: Readonly<Record<string, Values>>, expected: MatrixValue, options: MatrixInputOptions = {}): RoundTrip {
  const body = line.slice(line.lastIndexOf(' = ') + 3);
  let value: Values;
  try {
    const p = fromMatrixNotation(body, shapes, options);
    const mentioned = new Set(p.program.statements.filter((s) => s.kind === 'declaration').map((s) => s.name.text));
    const inputs = Object.fromEntries(Object.entries(env).filter(([k]) => mentioned.has(k) || (shapes[k]?.length === 0 && new RegExp(`\\b${k}\\b`, 'u').test(p.source))));
    value = evaluate(p.program, Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tensor(v)])))[p.name]!;
  } catch (e) {
    return failure(key, line, e);
  }
  const shape = value.shape;
  const fits = shape.length === 2 ? shape[0] === expected.rows && shape[1] === expected.cols
    : shape.length === 1 ? shape[0] === expected.rows * expected.cols && (expected.cols === 1 || expected.rows === 1)
      : expected.rows * expected.cols === 1;
  if (!fits) return { key, printed: line, verdict: 'wrong-value', error: Infinity };
  const error = relativeError(value, { data: expected.data, shape: [expected.data.length] });
  return { key, printed: line, verdict: error <= roundTripTolerance ? 'equal' : 'wrong-value', error };
}
