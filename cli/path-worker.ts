import { parentPort, workerData } from 'node:worker_threads';
import { isRicciError } from '../src/index.js';
import { describeSearch, type SearchRequest } from './path-search.js';

/** The contraction-path search off the main thread, so the main thread can draw progress. */
const request = workerData as SearchRequest;
try {
  parentPort!.postMessage({ ok: describeSearch(request) });
} catch (e) {
  parentPort!.postMessage({ error: isRicciError(e) ? { code: e.code, message: e.message } : { code: 'internal', message: String(e) } });
}
