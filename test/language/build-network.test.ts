import { describe, expect, it } from 'vitest';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import type { ContractNode, Node } from '../../compiler/2-network/network.js';
import type { ProgramNetwork } from '../../compiler/2-network/program.js';

const build = (source: string): ProgramNetwork => buildProgram(parseRicci(source));
const nodeOf = (net: ProgramNetwork, name: string): Node => net.definitions.get(name)!.node;
function contract(n: Node): ContractNode {
  if (n.kind !== 'contract') throw new Error(`expected a contract, got ${n.kind}`);
  return n;
}

describe('building networks from the Ricci language', () => {
  it('makes a Hadamard product one Contract whose shared index is a hyperedge kept in the output', () => {
    const h = contract(nodeOf(build('h[i] = x[i] y[i] z[i]'), 'h'));
    expect(h.factors.map((f) => f.indices)).toEqual([['i'], ['i'], ['i']]);
    expect(h.out).toEqual(['i']);
  });

  it('infers an undeclared matrix in inv(X)[i,j] as a square input named after its index; det(X) alone is n×n', () => {
    const net = build('f = a[i] inv(X)[i,j] b[j]');
    const [n] = net.inputs.get('a')!.shape;
    expect(net.inputs.get('X')!.shape).toEqual([n, n]);
    expect(net.inputs.get('b')!.shape).toEqual([n]);
    expect(build('f = det(X)').inputs.get('X')!.shape).toEqual(['n', 'n']);
    expect(() => build('f = det(X)\ng = X[i]')).toThrow(/unknown_tensor/);
  });

  it('sizes an undeclared matrix under det/logdet from its indexed use elsewhere', () => {
    const net = build('r[i] = x[i] - m[i]\nL = 0.5 * logdet(S) + 0.5 * r[i] inv(S)[i,j] r[j]');
    const [n] = net.inputs.get('x')!.shape;
    expect(net.inputs.get('S')!.shape).toEqual([n, n]);
    const [rows, cols] = build('f = det(X) + X[i,j] y[j]').inputs.get('X')!.shape;
    expect(rows).toBe(cols);
  });

  it('sums an index that is in two factors and not on the left, in one Contract', () => {
    const L = contract(nodeOf(build('L = x[i] W[i,j] y[j]'), 'L'));
    expect(L.factors.map((f) => (f.node.kind === 'input' ? f.node.name : f.node.kind))).toEqual(['x', 'W', 'y']);
    expect(L.out).toEqual([]);
  });

  it('sums an index free on the right but not on the left (within the terms that carry it)', () => {
    const s = contract(nodeOf(build('s = X[i,j]'), 's'));
    expect(s.factors).toHaveLength(1);
    expect(s.out).toEqual([]);
    // per term: t[i] = x[i] + Σⱼ y[j], an Add whose second term sums y (before: Σⱼ of the whole Add)
    const t = nodeOf(build('t[i] = x[i] + y[j]'), 't');
    expect(t.kind).toBe('add');
    if (t.kind !== 'add') return;
    expect(t.terms.map((term) => term.node.kind)).toEqual(['input', 'contract']);
    expect(contract(t.terms[1]!.node).out).toEqual([]);
  });

  it('orders a definition\'s axes as its left-hand side, rebuilding the product rather than wrapping it', () => {
    const C = contract(nodeOf(build('C[k,i] = A[i,j] B[j,k]'), 'C'));
    expect(C.factors.map((f) => f.node.kind)).toEqual(['input', 'input']);
    const [a, b] = C.factors.map((f) => f.indices);
    expect(C.out).toEqual([b![1], a![0]]);
  });

  it('builds division as pow −1, ^ as pow, a literal as a Const factor and delta as a Delta node', () => {
    const r = contract(nodeOf(build('r[i] = 2 x[i]^3 / y[i] delta[i,j] z[j]'), 'r'));
    const kinds = r.factors.map((f) => (f.node.kind === 'map' && f.node.fn.name === 'pow' ? `pow${f.node.fn.exponent}` : f.node.kind));
    expect(kinds).toEqual(['const', 'pow3', 'pow-1', 'delta', 'input']);
  });

  it('uses an earlier definition\'s node directly and shares equal subexpressions', () => {
    const net = build('f[a,j] = X[a,i] W[i,j] + b[a,j]\nL = f[a,j] y[j,a]\ng[p,q] = X[p,r] W[r,q] + b[p,q]');
    const L = contract(nodeOf(net, 'L'));
    expect(L.factors[0]!.node).toBe(nodeOf(net, 'f'));
    expect(nodeOf(net, 'g')).toBe(nodeOf(net, 'f'));
  });

  it('names the sizes of undeclared tensors after their indices and unifies them with declarations', () => {
    const net = build('W: [m, 10]\nL = x[i] W[i,j] y[j] z[k]\nK = u[k] v[k]');
    const shapes = Object.fromEntries([...net.inputs].map(([name, node]) => [name, node.shape]));
    expect(shapes).toEqual({ W: ['m', 10], x: ['m'], y: [10], z: ['k'], u: ['k2'], v: ['k2'] });
  });

  it('keeps inputs in order of appearance and records symmetric declarations', () => {
    const net = build('b = y[i] x[i]\nA: [n, n] symmetric\nq = x[i] A[i,j] x[j]');
    expect([...net.inputs.keys()]).toEqual(['y', 'x', 'A']);
    expect(net.inputs.get('A')!.symmetric).toBe(true);
    expect(net.inputs.get('x')!.shape).toEqual(['n']);
  });

  it('treats parentheses as a scope: the inner product is summed before the outer one', () => {
    const s = contract(nodeOf(build('s = (x[i] y[i]) z[i]'), 's'));
    const inner = contract(s.factors[0]!.node);
    expect(inner.out).toEqual([]);
  });
});
