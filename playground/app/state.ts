/** What the page shows is a function of this state; the URL's hash holds it, so a link shares a derivation. */
export type Notation = 'ricci' | 'matrix';
export type Kind = 'grad' | 'jacobian' | 'hessian';
export type LayoutChoice = 'denominator' | 'numerator' | 'mixed';
export type Vectors = 'column' | 'row';

export interface PlaygroundState {
  readonly source: string;
  readonly notation: Notation;
  /** The definition to differentiate; '' = the last one. */
  readonly of: string;
  /** The variable; '' = the first input. */
  readonly wrt: string;
  readonly kind: Kind;
  readonly layout: LayoutChoice;
  readonly vectors: Vectors;
  /** Seed of the random inputs of the numeric check. */
  readonly seed: number;
  /** Definitions whose adjoints δz = ∂of/∂z the result is written in, comma-separated ('' = none): backprop's recursion. */
  readonly adjoints: string;
}

export const defaultState: PlaygroundState = {
  source: 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]',
  notation: 'ricci',
  of: '',
  wrt: 'W',
  kind: 'grad',
  layout: 'denominator',
  vectors: 'column',
  seed: 1,
  adjoints: '',
};

const choices = {
  notation: ['ricci', 'matrix'],
  kind: ['grad', 'jacobian', 'hessian'],
  layout: ['denominator', 'numerator', 'mixed'],
  vectors: ['column', 'row'],
} as const;

/** `#src=…&notation=…`: only what differs from the defaults, so short derivations give short links. */
export function encodeState(state: PlaygroundState): string {
  const params = new URLSearchParams();
  params.set('src', state.source);
  for (const key of ['notation', 'of', 'wrt', 'kind', 'layout', 'vectors', 'adjoints'] as const)
    if (state[key] !== defaultState[key] || key === 'wrt') params.set(key, state[key]);
  if (state.seed !== defaultState.seed) params.set('seed', String(state.seed));
  return `#${params.toString()}`;
}

/** The state a hash describes; anything missing or not one of the choices falls back to the default. */
export function decodeState(hash: string): PlaygroundState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const pick = <K extends keyof typeof choices>(key: K): (typeof choices)[K][number] => {
    const value = params.get(key);
    return (choices[key] as readonly string[]).includes(value ?? '') ? value as (typeof choices)[K][number] : defaultState[key];
  };
  const seed = Number(params.get('seed'));
  return {
    source: params.get('src') ?? defaultState.source,
    notation: pick('notation'),
    of: params.get('of') ?? defaultState.of,
    wrt: params.get('wrt') ?? (params.has('src') ? '' : defaultState.wrt),
    kind: pick('kind'),
    layout: pick('layout'),
    vectors: pick('vectors'),
    seed: Number.isInteger(seed) && seed > 0 ? seed : defaultState.seed,
    adjoints: params.get('adjoints') ?? defaultState.adjoints,
  };
}
