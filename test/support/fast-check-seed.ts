import fc from 'fast-check';

/**
 * Property tests are deterministic by default so CI runs the cases that were run here; set
 * FC_SEED to explore other seeds (a failure prints its seed and path for replay).
 */
fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261122) });
