import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Conformance tests start servers; keep the 2-core machine from oversubscribing.
    maxWorkers: 2,
  },
});
