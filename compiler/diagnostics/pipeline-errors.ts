import { contractionOrderMessages } from './codes/contraction-order.js';
import { driverMessages } from './codes/driver.js';
import { einsumMessages } from './codes/einsum.js';
import { emitMessages } from './codes/emit.js';
import { inputMessages } from './codes/inputs.js';
import { lowerMessages } from './codes/lower.js';
import { networkMessages } from './codes/network.js';
import { failFrom, type FailIn } from './ricci-error.js';

/**
 * `fail` for the numeric pipeline every entry point shares (einsum, input binding, contraction
 * order, lowering, emitting, the driver). It knows only these stages' messages, so a bundle of
 * `einsum` alone carries no language, calculus or view messages (issue 11's size budget).
 */
const pipelineMessages = {
  ...einsumMessages, ...inputMessages, ...networkMessages, ...contractionOrderMessages,
  ...lowerMessages, ...emitMessages, ...driverMessages,
} as const;

export const fail: FailIn<typeof pipelineMessages> = /* @__PURE__ */ failFrom(pipelineMessages);
