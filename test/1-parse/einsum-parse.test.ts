import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelsOf, type EinsumTerm } from '../../compiler/1-parse/einsum-ast.js';
import { parseEinsum } from '../../compiler/1-parse/einsum-parse.js';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';

const text = (source: string, term: EinsumTerm): string => source.slice(term.span.start, term.span.end);

describe('parseEinsum', () => {
  it('splits terms, finds the output and gives every item its span', () => {
    const source = ' ij , j...k -> ...ik';
    const ast = parseEinsum(source);
    expect(ast.inputs.map((t) => text(source, t))).toEqual(['ij', 'j...k']);
    expect(text(source, ast.output!)).toBe('...ik');
    expect(ast.inputs[1]!.items).toEqual([
      { kind: 'label', label: 'j', span: { start: 6, end: 7 } },
      { kind: 'ellipsis', span: { start: 7, end: 10 } },
      { kind: 'label', label: 'k', span: { start: 10, end: 11 } },
    ]);
  });

  it('keeps empty terms (scalars) and leaves the output undefined in implicit mode', () => {
    const ast = parseEinsum(',ab,');
    expect(ast.inputs.map(labelsOf)).toEqual([[], ['a', 'b'], []]);
    expect(ast.output).toBeUndefined();
    expect(parseEinsum('ij->').output!.items).toEqual([]);
  });

  it('ignores spaces anywhere between items (numpy gh-10794), for any spacing', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (spaces) => {
      const parts = ['ij', ',', '...', 'jk', '->', '...', 'i', 'k'];
      const source = parts.map((p, k) => (spaces[k] ? ` ${p}` : p)).join('');
      const ast = parseEinsum(source);
      expect(ast.inputs.map(labelsOf)).toEqual([['i', 'j'], ['j', 'k']]);
      expect(labelsOf(ast.output!)).toEqual(['i', 'k']);
    }), { numRuns: 100 });
  });
});

describe('resolveEinsum', () => {
  it('makes the implicit output explicit: once-used labels by char code, uppercase first', () => {
    expect(resolveEinsum('ba', [[2, 3]]).output).toEqual(['a', 'b']);
    expect(resolveEinsum('bA,ac', [[2, 3], [4, 5]]).output).toEqual(['A', 'a', 'b', 'c']);
    expect(resolveEinsum('ii', [[3, 3]]).output).toEqual([]);
    expect(resolveEinsum('ij,jk', [[2, 3], [3, 4]]).output).toEqual(['i', 'k']);
  });

  it('expands ... to fresh labels, right-aligned across operands, first in an implicit output', () => {
    const spec = resolveEinsum('...ij,j...', [[5, 6, 2, 3], [3, 6]]);
    const [e0, e1] = spec.inputs[0]!;
    expect(spec.inputs).toEqual([[e0, e1, 'i', 'j'], ['j', e1]]);
    expect(spec.output).toEqual([e0, e1, 'i']);
    for (const e of [e0!, e1!]) expect(e).not.toMatch(/^[a-zA-Z]$/);
    expect(spec.sizes.get(e0!)).toBe(5);
    expect(spec.sizes.get(e1!)).toBe(6);
  });

  it('renames a size-1 axis that broadcasts against a larger one to a singleton label used only there', () => {
    const spec = resolveEinsum('ij,jk->ik', [[2, 1], [3, 4]]);
    const fresh = spec.inputs[0]![1]!;
    expect(fresh).not.toBe('j');
    expect(spec.inputs).toEqual([['i', fresh], ['j', 'k']]);
    expect(spec.sizes.get(fresh)).toBe(1);
    expect(spec.sizes.get('j')).toBe(3);
  });

  it('keeps a diagonal of size-1 axes a diagonal when renamed', () => {
    const spec = resolveEinsum('iij,i->j', [[1, 1, 2], [3]]);
    expect(spec.inputs[0]![0]).toBe(spec.inputs[0]![1]);
    expect(spec.inputs[0]![0]).not.toBe('i');
  });

  it('lets size 0 win over size 1 and keeps every label with exactly one size', () => {
    const spec = resolveEinsum('ij,j', [[2, 0], [1]]);
    expect(spec.sizes.get('j')).toBe(0);
    expect(spec.output).toEqual(['i']);
  });
});
