import { isRicciError, type RicciError } from '../../compiler/diagnostics/ricci-error.js';

/** The RicciError `run` throws; any other throw is passed on, and no throw fails the test. */
export function ricciErrorOf(run: () => unknown): RicciError {
  try {
    run();
  } catch (e) {
    if (isRicciError(e)) return e;
    throw e;
  }
  throw new Error('expected a RicciError');
}
