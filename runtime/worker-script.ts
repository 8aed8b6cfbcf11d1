/**
 * The text of a pool worker's module (loaded from a data: URL in Node, a Blob URL in browsers — a
 * module load, not eval, so a CSP without 'unsafe-eval' allows it: `worker-src blob:` in browsers).
 * It holds arenas the main thread attached (a shared memory and the compiled modules of the plan's
 * split kernels, at most `arenaLimit`, the oldest dropped first — the pool mirrors that), runs the
 * units of a task (worker-pool.ts's PartTask: its own part, or slices taken from a shared
 * counter, each after the calling thread has staged it) against its own instance, touching only
 * the arena (a task is numbers, never a buffer), flags each unit done, and reports in `signal[slot]`: 1 done, 2 failed, counting the units it ran in `signal[slot + 1]` (the main thread then runs the units not flagged done). No user text and no generated source enters it.
 *
 * Between tasks it waits on its door (`Atomics.wait`, up to `doorWaitMs`, then back to its event
 * loop: an idle worker neither spins nor blocks forever): the calling thread writes the task into
 * the worker's box and turns the door from `doorWaiting` to `doorTask` — a wake in microseconds,
 * where a message took 0.05–0.3 ms (2.5 ms under load). Every message to the worker is counted in
 * the word after its door before it is posted, and a worker that has read fewer leaves the door for
 * its event loop (a waiting worker receives no message), so an `attach` is in before a task that
 * needs it. A worker not at its door (running, away, starting) is handed its task by a message.
 */
export const arenaLimit = 32;

/** Door states (Int32 at 2·worker of the pool's door array; the messages posted to the worker follow it). */
export const doorAway = 0;
export const doorWaiting = 1;
export const doorTask = 2;

/** Float64 words of a worker's task box: the header (arena id, status slot, module, first, claim, units, waitStaged, control, ring slots, slot bytes, buffers n), then addresses, strides and staged flags, n each. */
export const taskHeader = 11;
export const taskBoxLength = 64;

/** How long an idle worker waits on its door before going back to its event loop (a task then comes by message). */
export const doorWaitMs = 1000;

export const workerScript = `
const nodePort = typeof process === 'object' && typeof process.getBuiltinModule === 'function'
  ? process.getBuiltinModule('node:worker_threads').parentPort : null;
const send = (message) => (nodePort ? nodePort.postMessage(message) : self.postMessage(message));
(function serve() {
  const arenas = new Map();
  let signal, door, box, at = 0, state = 0, mail = 1, received = 0;
  function handle(m) {
    received++;
    if (m.type === 'init') {
      signal = new Int32Array(m.signal); door = new Int32Array(m.door); box = new Float64Array(m.box);
      state = 2 * m.worker; mail = state + 1; at = m.worker * ${taskBoxLength};
      // in shared memory as well as by message: a calling thread that never yields to its event loop sees it
      Atomics.store(new Int32Array(m.started), m.worker, 1);
      send('ready');
    } else if (m.type === 'attach') {
      arenas.set(m.id, { memory: m.memory, modules: m.modules, entries: [] });
      if (arenas.size > ${arenaLimit}) arenas.delete(arenas.keys().next().value);
    } else if (m.type === 'detach') arenas.delete(m.id);
    else run(m);
    waitAtDoor();
  }
  /** Runs the tasks handed over at the door until a message is waiting, or none came for ${doorWaitMs} ms. */
  function waitAtDoor() {
    Atomics.compareExchange(door, state, ${doorAway}, ${doorWaiting});
    for (;;) {
      if (Atomics.load(door, mail) !== received) { Atomics.compareExchange(door, state, ${doorWaiting}, ${doorAway}); return; }
      const now = Atomics.load(door, state);
      if (now === ${doorTask}) {
        const task = unpack();
        Atomics.store(door, state, ${doorAway});
        run(task);
      } else if (now !== ${doorWaiting}) return;
      else if (Atomics.wait(door, state, ${doorWaiting}, ${doorWaitMs}) === 'timed-out'
        && Atomics.compareExchange(door, state, ${doorWaiting}, ${doorAway}) === ${doorWaiting}) return;
    }
  }
  function unpack() {
    const n = box[at + 10], h = at + ${taskHeader};
    const list = (k) => Array.from(box.subarray(h + k * n, h + (k + 1) * n));
    return {
      id: box[at], slot: box[at + 1], module: box[at + 2], first: box[at + 3], claim: box[at + 4] === 1, units: box[at + 5],
      waitStaged: box[at + 6] === 1, control: box[at + 7], addresses: list(0), strides: list(1),
      ring: { slots: box[at + 8], slotBytes: box[at + 9], staged: list(2).map((s) => s === 1) },
    };
  }
  function run(m) {
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
    // at the door before it reports: the calling thread's next task, right after, finds it there
    Atomics.compareExchange(door, state, ${doorAway}, ${doorWaiting});
    Atomics.store(signal, m.slot, status);
    Atomics.notify(signal, m.slot);
  }
  if (nodePort) nodePort.on('message', handle); else self.onmessage = (event) => handle(event.data);
})();
`;
