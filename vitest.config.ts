import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests beside the code, and tests that need the real Kafka broker
// (`*.kafka.test.ts` anywhere, and everything under test/), which share one broker per run.
const KAFKA_TESTS = ['**/*.kafka.test.ts', 'test/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'deploy/*/src/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', ...KAFKA_TESTS],
        },
      },
      {
        test: {
          name: 'kafka',
          include: KAFKA_TESTS,
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/kafka-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
