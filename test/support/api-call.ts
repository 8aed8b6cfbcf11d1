/**
 * A public-API call written as JSON (test/errors/api): values JSON cannot hold are tagged —
 * { "$": "NaN" | "Infinity" | "-Infinity" | "-0" | "undefined" }, { "$": "float64", "data": [...] },
 * { "$": "throwing-getter" } (an ndarray-shaped object whose `data` getter throws).
 */
export interface ApiCall {
  readonly call: string;
  readonly args: readonly unknown[];
  /** Each step calls a method of the value so far, or a public function given the value first (`function`). */
  readonly then?: readonly ({ readonly method: string; readonly args: readonly unknown[] } | { readonly function: string; readonly args: readonly unknown[] })[];
}

export function decodeArguments(args: readonly unknown[]): unknown[] {
  return args.map(decode);
}

function decode(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(decode);
  if (typeof x !== 'object' || x === null) return x;
  if ('$' in x) return tagged(x as { readonly $: string; readonly data?: number[] });
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, decode(v)]));
}

function tagged(x: { readonly $: string; readonly data?: number[] }): unknown {
  switch (x.$) {
    case 'NaN': return NaN;
    case 'Infinity': return Infinity;
    case '-Infinity': return -Infinity;
    case '-0': return -0;
    case 'undefined': return undefined;
    case 'float64': return Float64Array.from(x.data ?? []);
    case 'throwing-getter': return { get data(): never { throw new Error('getter failed'); }, shape: [1], stride: [1], offset: 0 };
    default: throw new Error(`unknown tag ${x.$}`);
  }
}
