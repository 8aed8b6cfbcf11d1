import { calculusMessages } from './codes/calculus.js';
import { diagramsMessages } from './codes/diagrams.js';
import { driverMessages } from './codes/driver.js';
import { contractionOrderMessages } from './codes/contraction-order.js';
import { einsumMessages } from './codes/einsum.js';
import { emitMessages } from './codes/emit.js';
import { emitPythonMessages } from './codes/emit-python.js';
import { inputMessages } from './codes/inputs.js';
import { languageMessages } from './codes/language.js';
import { lowerMessages } from './codes/lower.js';
import { networkMessages } from './codes/network.js';
import { matrixInputMessages } from './codes/matrix-input.js';

/**
 * The catalogue every stage's `fail` knows (ricci-error.ts): all but matrix-notation input's, the
 * NumPy export's and the diagrams', which raise through their own (1-parse/matrix-input-errors.ts,
 * 6-emit-python/python-errors.ts, views/diagram/diagram-errors.ts), so a bundle of `grad` carries none.
 */
export const coreMessages = {
  ...einsumMessages,
  ...networkMessages,
  ...languageMessages,
  ...inputMessages,
  ...calculusMessages,
  ...contractionOrderMessages,
  ...lowerMessages,
  ...emitMessages,
  ...driverMessages,
} as const;

/** The whole catalogue: one entry per stable error code, grouped by stage in ./codes/. */
export const messages: typeof coreMessages & typeof matrixInputMessages & typeof emitPythonMessages & typeof diagramsMessages =
  /* @__PURE__ */ Object.assign({}, coreMessages, matrixInputMessages, emitPythonMessages, diagramsMessages);

export type Messages = typeof messages;
export type CoreCode = keyof typeof coreMessages;
/**
 * Every stable error code, one per catalogue entry in ./codes/ (what `RicciError.code` holds).
 * @example
 * import { isRicciError, type RicciErrorCode } from 'ricci';
 * const retryable: RicciErrorCode[] = ['input_shape_disagrees', 'input_size_conflict'];
 * const shouldRetry = (e: unknown): boolean => isRicciError(e) && retryable.includes(e.code);
 * shouldRetry(new Error('x')); // → false
 */
export type Code = keyof Messages;
