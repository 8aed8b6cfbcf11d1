import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGraph } from '../../compiler/2-network/graph.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { toDiagramModel } from '../../compiler/views/diagram/to-diagram-model.js';
import { toDerivativeModel } from '../../compiler/views/diagram/open-variable.js';
import { arrangeVertices } from '../../compiler/views/diagram/arrange.js';
import { chainCase } from './diagram-cases.js';
import { diagramCases } from './diagram-cases.js';
import { flatNetwork, networkCounts } from './diagram-networks.js';

describe('diagram model', () => {
  it('has one vertex per factor, one leg per free index, a hub exactly where an index has ≠ 2 endpoints', () => {
    fc.assert(fc.property(flatNetwork, (expr) => {
      const model = toDiagramModel(expr);
      const counts = networkCounts(expr);
      expect(model.vertices.length).toBe(counts.tensors);
      expect(model.legs.map((l) => l.index)).toEqual(expr.indices);
      expect(model.hubs.length).toBe(counts.hubs);
      expect(new Set(model.edges.map((e) => e.index)).size).toBe(counts.indices);
      // every port is wired exactly once
      const ports = model.edges.flatMap((e) => [e.from, e.to]).filter((p) => p.kind === 'port');
      expect(ports.length).toBe(model.vertices.reduce((s, v) => s + v.indices.length, 0));
    }), { numRuns: 200 });
  });

  it('orders the row as a permutation no swap of neighbours can shorten (Σ shared indices × distance)', () => {
    fc.assert(fc.property(flatNetwork, (expr) => {
      const model = toDiagramModel(expr);
      const order = arrangeVertices(model);
      expect([...order].sort((a, b) => a - b)).toEqual(model.vertices.map((_, k) => k));
      const cost = (o: readonly number[]): number => {
        let total = 0;
        for (let a = 0; a < o.length; a++)
          for (let b = a + 1; b < o.length; b++) {
            const [u, v] = [model.vertices[o[a]!]!, model.vertices[o[b]!]!];
            total += (b - a) * [...new Set(u.indices)].filter((i) => v.indices.includes(i)).length;
          }
        return total;
      };
      const best = cost(order);
      for (let p = 0; p + 1 < order.length; p++) {
        const swapped = [...order];
        [swapped[p], swapped[p + 1]] = [swapped[p + 1]!, swapped[p]!];
        expect(cost(swapped)).toBeGreaterThanOrEqual(best);
      }
    }), { numRuns: 150 });
    // a scrambled chain is put back in chain order
    const g = createGraph();
    const straight = chainCase(12, g).expr;
    const product = straight.node;
    if (product.kind !== 'contract') throw new Error('chainCase builds a product');
    const scramble = [5, 2, 9, 0, 11, 7, 3, 10, 1, 6, 8, 4];
    const chain = toDiagramModel({ node: g.contract(scramble.map((k) => product.factors[k]!), straight.indices), indices: straight.indices });
    const names = arrangeVertices(chain).map((k) => { const v = chain.vertices[k]!; return v.kind === 'tensor' ? v.name : ''; });
    expect(names.join(' ')).toMatch(/^M0 M1 M2 .* M11$|^M11 M10 .* M0$/);
  });

  it('draws each vertex by its order and names it after the tensor', () => {
    const model = toDiagramModel(diagramCases().find((c) => c.name === 'order-three')!.expr);
    expect(model.vertices.map((v) => [v.kind, v.shape])).toEqual([['tensor', 'polygon'], ['tensor', 'circle'], ['delta', 'dot']]);
    expect(model.vertices[0]!.kind === 'tensor' && model.vertices[0]!.name).toBe('T');
  });

  it('makes a trace a self-loop and a Hadamard product a hub joined to the open leg', () => {
    const cases = diagramCases();
    const trace = toDiagramModel(cases.find((c) => c.name === 'trace')!.expr);
    expect(trace.edges).toHaveLength(1);
    expect(trace.edges[0]!.from).toMatchObject({ kind: 'port', vertex: 'v0' });
    expect(trace.edges[0]!.to).toMatchObject({ kind: 'port', vertex: 'v0' });
    const hadamard = toDiagramModel(cases.find((c) => c.name === 'hadamard')!.expr);
    expect(hadamard.hubs.map((h) => h.index)).toEqual(['i']);
    expect(hadamard.edges.every((e) => e.to.kind === 'hub')).toBe(true);
  });

  it('flattens nested products and renames their summed indices apart', () => {
    const model = toDiagramModel(diagramCases().find((c) => c.name === 'nested')!.expr);
    expect(model.vertices.map((v) => (v.kind === 'tensor' ? v.name : v.kind))).toEqual(['x', 'W', 'A', 'A']);
    // x[i] W[i,a] A[a,c] A[c,e]: four distinct indices, a chain with one open leg.
    expect(new Set(model.edges.map((e) => e.index)).size).toBe(4);
    expect(model.hubs).toHaveLength(0);
  });

  it('keeps sums, elementwise and matrix functions as boxes around their sub-diagrams', () => {
    const layer = toDiagramModel(diagramCases().find((c) => c.name === 'layer')!.expr);
    const tanh = layer.vertices[0]!;
    expect(tanh.kind).toBe('function');
    if (tanh.kind !== 'function') return;
    expect(tanh.fn).toBe('tanh');
    const sum = tanh.argument.vertices[0]!;
    expect(sum.kind === 'sum' && sum.terms.map((t) => t.coefficient)).toEqual([1, -2]);
    const logdet = toDiagramModel(diagramCases().find((c) => c.name === 'logdet-inv')!.expr).vertices[0]!;
    expect(logdet.kind === 'sum' && logdet.terms.map((t) => t.diagram.vertices.map((v) => (v.kind === 'function' ? v.fn : v.kind)))).toEqual([['inv', 'constant'], ['logdet']]);
  });

  it('opens the variable: ∂/∂W of x[i] W[i,j] y[j] leaves x and y with legs k and l', () => {
    const expr = diagramCases().find((c) => c.name === 'bilinear')!.expr;
    const model = toDerivativeModel(expr, 'W', ['k', 'l']);
    expect(model.vertices.map((v) => (v.kind === 'tensor' ? v.name : v.kind))).toEqual(['x', 'y']);
    expect(model.legs.map((l) => l.index)).toEqual(['k', 'l']);
    expect(model.edges.map((e) => e.index).sort()).toEqual(['k', 'l']);
  });

  it('gives one term per occurrence when the variable appears twice (product rule)', () => {
    const g = createGraph();
    const A = g.input('A', [3, 3]);
    const x = g.input('x', [3]);
    const expr = { node: g.contract([{ node: x, indices: ['i'] }, { node: A, indices: ['i', 'j'] }, { node: A, indices: ['j', 'k'] }], ['k']), indices: ['k'] };
    const model = toDerivativeModel(expr, 'A', ['p', 'q']);
    const sum = model.vertices[0]!;
    expect(sum.kind === 'sum' && sum.terms.map((t) => t.diagram.vertices.length)).toEqual([2, 2]);
    expect(model.legs.map((l) => l.index)).toEqual(['k', 'p', 'q']);
  });

  it('reports a variable that is not a factor', () => {
    const expr = diagramCases().find((c) => c.name === 'bilinear')!.expr;
    try {
      toDerivativeModel(expr, 'Q', ['k']);
      expect.unreachable();
    } catch (e) {
      expect(isRicciError(e) && e.code).toBe('diagram_variable_absent');
      expect((e as Error).message).toContain("'Q'");
      expect((e as Error).message).toContain('x, W, y');
    }
  });
});
