import { describe, expect, it } from 'vitest';
import { createGraph } from '../../compiler/2-network/graph.js';
import { checkKernel } from '../../compiler/5-lower/check-loops.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerNetwork, type NetworkLowering } from '../../compiler/5-lower/lower-network.js';
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
});
