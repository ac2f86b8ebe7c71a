import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // End-to-end suites start servers and browsers; two cores are shared, so run files one by one.
    fileParallelism: false,
  },
});
