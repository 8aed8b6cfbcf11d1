import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { classifyIndices } from '../../compiler/5-lower/classify-indices.js';
import { checkKernel } from '../../compiler/5-lower/check-loops.js';
import type { Kernel, Stmt } from '../../compiler/5-lower/loop-ir.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { coalesceIndices, dropUnitIndices } from '../../compiler/5-lower/normalize-step.js';
import { stridesByIndex, type StepSpec } from '../../compiler/5-lower/step-spec.js';
import { rowMajorStrides } from '../../runtime/strided-array.js';

function kernelFor(subscripts: string, shapes: number[][]): Kernel {
  const spec = resolveEinsum(subscripts, shapes);
  return lowerEinsum(spec, [[0, 1]], shapes.map(rowMajorStrides), 'float64', defaultLoweringParameters).kernels[0]!;
}

/** Rewrites every statement bottom-up. */
function mapStmts(body: readonly Stmt[], f: (s: Stmt) => Stmt): Stmt[] {
  return body.map((s) => f(s.kind === 'loop' || s.kind === 'tile' ? { ...s, body: mapStmts(s.body, f) } : s));
}

describe('the loop-IR checker', () => {
  const kernel = kernelFor('ij,jk->ik', [[7, 9], [9, 6]]);

  it('accepts what the lowering produces', () => {
    expect(checkKernel(kernel)).toEqual([]);
  });

  it('finds an output that is one element too small for the stores', () => {
    const [out, ...rest] = kernel.buffers;
    const shrunk = { ...kernel, buffers: [{ ...out!, reach: { min: 0, max: 7 * 6 - 2 } }, ...rest] };
    expect(checkKernel(shrunk)).toContainEqual(expect.stringMatching(/outside its reach 0\.\.40/));
  });

  it('finds loads shifted past the end of an input', () => {
    const shifted = { ...kernel, body: mapStmts(kernel.body, (s) => s.kind === 'multiplyAdd'
      ? { ...s, loads: s.loads.map((l) => ({ ...l, address: { ...l.address, offset: l.address.offset + 9 } })) } : s) };
    expect(checkKernel(shifted).length).toBeGreaterThan(0);
  });

  it('finds a loop whose extent is not a multiple of its step and a pointer used with the wrong buffer', () => {
    const broken = { ...kernel, body: mapStmts(kernel.body, (s) => s.kind === 'loop' && s.step === 4 ? { ...s, extent: s.extent + 1 } : s) };
    expect(checkKernel(broken)).toContainEqual(expect.stringMatching(/not a multiple of step 4/));
    const swapped = { ...kernel, body: mapStmts(kernel.body, (s) => s.kind === 'tile'
      ? { ...s, store: s.store.map((a) => ({ ...a, buffer: kernel.buffers[1]!.name })) } : s) };
    expect(checkKernel(swapped)).toContainEqual(expect.stringMatching(/stores into input 'x1'/));
    // buffers addressed from the common root share its pointers; one with its own base (a negative stride) does not
    const reversed = lowerEinsum(resolveEinsum('ij,jk->ik', [[7, 9], [9, 6]]), [[0, 1]], [[9, 1], [-6, 1]], 'float64', defaultLoweringParameters).kernels[0]!;
    expect(reversed.commonBase?.buffers).toEqual(['out1', 'x1']);
    expect(checkKernel(reversed)).toEqual([]);
    const crossed = { ...reversed, body: mapStmts(reversed.body, (s) => s.kind === 'multiplyAdd'
      ? { ...s, loads: s.loads.map((l) => ({ ...l, address: { ...l.address, buffer: 'x2' } })) } : s) };
    expect(checkKernel(crossed)).toContainEqual(expect.stringMatching(/walks 'out1' or 'x1' but addresses 'x2'/));
  });

  it('accepts values loaded before a loop (hoisted) and finds them used before they are loaded', () => {
    const vecmat = kernelFor('i,ij->j', [[9], [9, 6]]);
    const hoisting = (stmts: readonly Stmt[]): boolean => stmts.some((s) =>
      (s.kind === 'multiplyAdd' && s.updates.length === 0) || ((s.kind === 'loop' || s.kind === 'tile') && hoisting(s.body)));
    expect(hoisting(vecmat.body)).toBe(true);
    expect(checkKernel(vecmat)).toEqual([]);
    // the hoisted loads moved after the loop that uses them
    const late = (stmts: readonly Stmt[]): Stmt[] => {
      const at = stmts.findIndex((s) => s.kind === 'multiplyAdd' && s.updates.length === 0);
      const moved = at < 0 ? [...stmts] : [...stmts.slice(0, at), ...stmts.slice(at + 1), stmts[at]!];
      return moved.map((s) => (s.kind === 'loop' || s.kind === 'tile' ? { ...s, body: late(s.body) } : s));
    };
    expect(checkKernel({ ...vecmat, body: late(vecmat.body) })).toContainEqual(expect.stringMatching(/used before it is loaded/));
  });

  it('finds an accumulator that is never updated', () => {
    const idle = { ...kernel, body: mapStmts(kernel.body, (s) => s.kind === 'multiplyAdd' ? { ...s, updates: s.updates.slice(1) } : s) };
    expect(checkKernel(idle)).toContainEqual(expect.stringMatching(/is never updated/));
  });
});

describe('index classification and coalescing', () => {
  const step = (inputs: string[], output: string, sizes: Record<string, number>): StepSpec => {
    const sizeMap = new Map(Object.entries(sizes));
    const shape = (t: string): number[] => [...t].map((l) => sizes[l]!);
    return {
      operands: inputs.map((t) => ({ strides: stridesByIndex([...t], rowMajorStrides(shape(t))), reach: { min: 0, max: 0 } })),
      output: [...output],
      outputStrides: stridesByIndex([...output], rowMajorStrides(shape(output))),
      sizes: sizeMap,
      scale: 1,
      map: undefined,
    };
  };

  it('classifies batch / left / right / contracted and tiles rows × columns', () => {
    const roles = classifyIndices(step(['bij', 'bjk'], 'bik', { b: 2, i: 3, j: 4, k: 5 }));
    expect(roles).toMatchObject({ batch: ['b'], left: ['i'], right: ['k'], contracted: ['j'], rows: 'i', columns: 'k', outer: ['b'] });
  });

  it('merges abcd,cdef→abef into one matrix product (ab)(cd),(cd)(ef)→(ab)(ef)', () => {
    const merged = coalesceIndices(step(['abcd', 'cdef'], 'abef', { a: 2, b: 3, c: 4, d: 5, e: 6, f: 7 }));
    expect(merged.output).toEqual(['a·b', 'e·f']);
    expect(merged.sizes.get('c·d')).toBe(20);
    expect([...merged.operands[0]!.strides]).toEqual([['a·b', 20], ['c·d', 1]]);
  });

  it('does not merge indices whose order differs between operands, and drops size-1 indices', () => {
    const kept = coalesceIndices(step(['ab', 'ba'], 'ab', { a: 3, b: 4 }));
    expect(kept.output).toEqual(['a', 'b']);
    const dropped = dropUnitIndices(step(['aib'], 'ab', { a: 3, i: 1, b: 4 }));
    expect([...dropped.operands[0]!.strides.keys()]).toEqual(['a', 'b']);
  });
});
