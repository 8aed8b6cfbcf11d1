import { matrixInputMessages } from '../diagnostics/codes/matrix-input.js';
import { failFrom, type FailIn } from '../diagnostics/ricci-error.js';

/**
 * `fail` for matrix-notation input: it knows only the `matrix_input_*` messages, which the general
 * catalogue leaves out, so a bundle that never translates matrix notation (`grad` alone) carries none.
 */
export const fail: FailIn<typeof matrixInputMessages> = /* @__PURE__ */ failFrom(matrixInputMessages);
