import { emitPythonMessages } from '../diagnostics/codes/emit-python.js';
import { failFrom, type FailIn } from '../diagnostics/ricci-error.js';

/** `fail` for the NumPy export: only the `python_*` messages, which the general catalogue leaves out. */
export const fail: FailIn<typeof emitPythonMessages> = /* @__PURE__ */ failFrom(emitPythonMessages);
