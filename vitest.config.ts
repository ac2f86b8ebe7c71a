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
    // A worker keeps its modules from one test file to the next (the suite spent 140 s importing the same
    // engine again per file): a file that mocks a module starts from vi.resetModules(), and a file that
    // sets an environment variable others read (XDG_CONFIG_HOME) puts it back in afterAll.
    isolate: false,
  },
});
