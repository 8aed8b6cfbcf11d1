import { describe, expect, it } from 'vitest';
import { createGraph } from '../../compiler/2-network/graph.js';
import { checkKernel } from '../../compiler/5-lower/check-loops.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerNetwork, lowerNetworks, type NetworkLowering } from '../../compiler/5-lower/lower-network.js';
import { compileNetwork, compileSharedNetwork } from '../../compiler/driver/index.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';

const lowering = (inputs: NetworkLowering['inputs']): NetworkLowering => ({
  inputs, binding: new Map(), dtype: 'float64', params: defaultLoweringParameters,
  choosePath: (p) => p.inputs.slice(1).map(() => [0, 1]), external: new Map(),
});

describe('lowerNetwork', () => {
  it('lowers Add, Map, δ and a fused Contract to kernels the checker accepts, releasing each buffer once', () => {
    const g = createGraph();
    const [A, v] = [g.input('A', [5, 5]), g.input('v', [5])];
    const Av = g.contract([{ node: g.constant(3), indices: [] }, { node: A, indices: ['i', 'j'] }, { node: v, indices: ['j'] }], ['i']);
    const mapped = g.map({ name: 'sigmoid' }, Av);
    const root = g.add([{ node: mapped, indices: ['i'], coefficient: 1 }, { node: g.delta(5), indices: ['i', 'i'], coefficient: -1 }], ['i']);
    const plan = lowerNetwork(root, lowering([{ name: 'A', shape: [5, 5], stride: [5, 1] }, { name: 'v', shape: [5], stride: [1] }]));
    for (const kernel of plan.kernels) expect(checkKernel(kernel)).toEqual([]);
    expect(plan.kernels.map((k) => k.name.replace(/^node\d+_?/, ''))).toEqual(['step1_tiled_4x4', 'identity', 'sum_2']);
    const released = plan.layout.steps.flatMap((s) => s.release);
    expect(released.sort()).toEqual(plan.layout.buffers.map((_, k) => k));
  });

  it('refuses a matrix function that was not provided as an external input', () => {
    const g = createGraph();
    const inv = g.matfn('inv', g.input('M', [3, 3]));
    expect(() => lowerNetwork(inv, lowering([{ name: 'M', shape: [3, 3], stride: [3, 1] }]))).toThrow(RicciError);
    expect(() => lowerNetwork(inv, lowering([{ name: 'M', shape: [3, 3], stride: [3, 1] }]))).toThrow(/network_node_unsupported/);
  });

  it('fuses a Map over an Add used only there into the sum\'s store: tanh(X W + b) in two kernels, bit for bit the unfused values', () => {
    const g = createGraph();
    const [X, W, b] = [g.input('X', [6, 5]), g.input('W', [5, 7]), g.input('b', [7])];
    const z = g.add([{ node: g.contract([{ node: X, indices: ['a', 'j'] }, { node: W, indices: ['j', 'i'] }], ['a', 'i']), indices: ['a', 'i'], coefficient: 1 },
      { node: b, indices: ['i'], coefficient: 1 }], ['a', 'i']);
    const h = g.map({ name: 'tanh' }, z);
    const inputs = [{ name: 'X', shape: [6, 5], stride: [5, 1] }, { name: 'W', shape: [5, 7], stride: [7, 1] }, { name: 'b', shape: [7], stride: [1] }];
    const alone = lowerNetwork(h, lowering(inputs));
    expect(alone.kernels.map((k) => k.name.replace(/^node\d+_?/, ''))).toEqual(['step1_tiled_4x4', 'sum_2']);
    expect(JSON.stringify(alone.kernels[1]!.body)).toContain('"map":{"name":"tanh"}');
    for (const kernel of alone.kernels) expect(checkKernel(kernel)).toEqual([]);
    // with z a root too, the Add is stored and tanh is a separate pass over it
    const both = lowerNetworks([h, z], lowering(inputs));
    expect(both.kernels.map((k) => k.name.replace(/^node\d+_?/, ''))).toEqual(['step1_tiled_4x4', 'sum_2', 'map1_tiled_4x4']);
    const values = (n: number, s: number): Float64Array => Float64Array.from({ length: n }, (_, k) => Math.sin(s + 1.7 * k) * 2);
    const given = { X: { data: values(30, 1), shape: [6, 5], stride: [5, 1], offset: 0 }, W: { data: values(35, 2), shape: [5, 7], stride: [7, 1], offset: 0 }, b: { data: values(7, 3), shape: [7], stride: [1], offset: 0 } };
    const shapes = { X: [6, 5], W: [5, 7], b: [7] };
    const fused = compileNetwork([h], shapes, { backend: 'js' }).run(given)[0]!;
    const unfused = compileSharedNetwork([h, z], shapes, { backend: 'js' }).run(given)[0]!;
    expect(Array.from(fused.data)).toEqual(Array.from(unfused.data));
    expect(fused.data.some((x) => x !== 0)).toBe(true);
  });
});
