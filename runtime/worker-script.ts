/**
 * The text of a pool worker's module (loaded from a data: URL in Node, a Blob URL in browsers — a
 * module load, not eval, so a CSP without 'unsafe-eval' allows it: `worker-src blob:` in browsers).
 * It holds arenas the main thread attached (a shared memory and the compiled modules of the plan's
 * split kernels, at most `arenaLimit`, the oldest dropped first — the pool mirrors that), runs one
 * part per `run` message against its own instance, and reports in `signal[slot]`: 1 done, 2 failed
 * (the main thread then runs the part itself). No user text and no generated source enters it.
 */
export const arenaLimit = 32;

export const workerScript = `
const nodePort = typeof process === 'object' && typeof process.getBuiltinModule === 'function'
  ? process.getBuiltinModule('node:worker_threads').parentPort : null;
const send = (message) => (nodePort ? nodePort.postMessage(message) : self.postMessage(message));
(function serve() {
  const arenas = new Map();
  let signal;
  function handle(m) {
    if (m.type === 'init') { signal = new Int32Array(m.signal); send('ready'); return; }
    if (m.type === 'attach') {
      arenas.set(m.id, { memory: m.memory, modules: m.modules, entries: [] });
      if (arenas.size > ${arenaLimit}) arenas.delete(arenas.keys().next().value);
      return;
    }
    if (m.type === 'detach') { arenas.delete(m.id); return; }
    let status = 1;
    try {
      const arena = arenas.get(m.id);
      const entry = arena.entries[m.module] ??= new WebAssembly.Instance(arena.modules[m.module], { env: { memory: arena.memory } }).exports.kernel;
      entry(...m.addresses);
    } catch {
      status = 2;
    }
    Atomics.store(signal, m.slot, status);
    Atomics.notify(signal, m.slot);
  }
  if (nodePort) nodePort.on('message', handle); else self.onmessage = (event) => handle(event.data);
})();
`;
