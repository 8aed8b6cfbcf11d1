import { diagramsMessages } from '../../diagnostics/codes/diagrams.js';
import { failFrom, ricciErrorFrom, type FailIn } from '../../diagnostics/ricci-error.js';

/** `fail` and `ricciError` for the diagrams: only the `diagram_*` messages, which the general catalogue leaves out. */
export const fail: FailIn<typeof diagramsMessages> = /* @__PURE__ */ failFrom(diagramsMessages);
export const diagramError = /* @__PURE__ */ ricciErrorFrom(diagramsMessages);
