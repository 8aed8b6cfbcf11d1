import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // 'ricci' is the package itself (examples and the playground import it by name), as in tsconfig's paths
  resolve: { alias: [
    { find: /^ricci$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    { find: /^ricci\/threads$/, replacement: fileURLToPath(new URL('./src/threads.ts', import.meta.url)) },
    { find: /^ricci\/graphviz$/, replacement: fileURLToPath(new URL('./src/graphviz.ts', import.meta.url)) },
  ] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/support/fast-check-seed.ts'],
  },
});
