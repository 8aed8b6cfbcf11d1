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

/** The whole catalogue: one entry per stable error code, grouped by stage in ./codes/. */
export const messages = {
  ...einsumMessages,
  ...networkMessages,
  ...languageMessages,
  ...inputMessages,
  ...calculusMessages,
  ...contractionOrderMessages,
  ...lowerMessages,
  ...emitMessages,
  ...emitPythonMessages,
  ...matrixInputMessages,
  ...diagramsMessages,
  ...driverMessages,
} as const;

export type Messages = typeof messages;
/**
 * Every stable error code, one per catalogue entry in ./codes/ (what `RicciError.code` holds).
 * @example
 * import { isRicciError, type RicciErrorCode } from 'ricci';
 * const retryable: RicciErrorCode[] = ['input_shape_disagrees', 'input_size_conflict'];
 * const shouldRetry = (e: unknown): boolean => isRicciError(e) && retryable.includes(e.code);
 * shouldRetry(new Error('x')); // → false
 */
export type Code = keyof Messages;
