/**
 * The text of a pool worker's module (loaded from a data: URL in Node, a Blob URL in browsers — a
 * module load, not eval, so a CSP without 'unsafe-eval' allows it: `worker-src blob:` in browsers).
 * It holds arenas the main thread attached (a shared memory and the compiled modules of the plan's
 * split kernels, at most `arenaLimit`, the oldest dropped first — the pool mirrors that), runs the
 * units of a `run` message (worker-pool.ts's PartTask: its own part, or slices taken from a shared
 * counter, each after the calling thread has staged it) against its own instance, touching only
 * the arena (a run's messages carry numbers, never a buffer), flags each unit done, and reports in `signal[slot]`: 1 done, 2 failed, counting the units it ran in `signal[slot + 1]` (the main thread then runs the units not flagged done). No user text and no generated source enters it.
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
    let control, g = -1;
    try {
      const arena = arenas.get(m.id);
      const entry = arena.entries[m.module] ??= new WebAssembly.Instance(arena.modules[m.module], { env: { memory: arena.memory } }).exports.kernel;
      control = new Int32Array(arena.memory.buffer, m.control, 2 + m.units);
      const args = m.addresses.slice();
      const { slots, slotBytes, staged } = m.ring;
      for (g = m.claim ? Atomics.add(control, 0, 1) : m.first; g < m.units; g = m.claim ? Atomics.add(control, 0, 1) : m.units) {
        if (m.waitStaged) for (let s = Atomics.load(control, 1); s <= g; s = Atomics.load(control, 1)) Atomics.wait(control, 1, s);
        const slot = (g % slots) * slotBytes;
        for (let b = 0; b < args.length; b++) args[b] = m.addresses[b] + (staged[b] ? slot : (g - m.first) * m.strides[b]);
        entry(...args);
        Atomics.store(control, 2 + g, 1);
        Atomics.notify(control, 2 + g);
        Atomics.add(signal, m.slot + 1, 1);
      }
    } catch {
      status = 2;
      // the unit it was on is not done: the calling thread (which may be waiting for its slot) runs it
      if (control !== undefined && g >= 0 && g < m.units) { Atomics.store(control, 2 + g, 2); Atomics.notify(control, 2 + g); }
    }
    Atomics.store(signal, m.slot, status);
    Atomics.notify(signal, m.slot);
  }
  if (nodePort) nodePort.on('message', handle); else self.onmessage = (event) => handle(event.data);
})();
`;
