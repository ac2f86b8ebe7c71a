import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test by name, so a skipped test's reason (in its title) is visible in the CI log.
    reporters: ['verbose'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Files run side by side: most of the suite waits on lab hosts, services and browsers rather than the
    // CPU, and every lab-using file has its own loopback block (test/support/addresses.ts), so they cannot collide.
    // Three workers on two cores keep the waiting overlapped without starving the timed tests.
    fileParallelism: true,
    maxWorkers: 3,
  },
});
