import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test by name, so a skipped test's reason (in its title) is visible in the CI log.
    reporters: ['verbose'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // End-to-end suites start servers and browsers; two cores are shared, so run files one by one.
    fileParallelism: false,
  },
});
