import { defineConfig } from 'vitest/config';

// Four projects. `unit`: pure tests beside the code (no sockets, no processes). `integration`: tests that open local
// sockets or start processes but need no broker (`*.integration.test.ts` anywhere). `kafka`: tests that need the real
// broker (`*.kafka.test.ts` anywhere, and the rest of test/), which share one broker per run, one file at a time.
// `own-broker`: the few that start brokers of their own (to kill one, secure one, or run another version); they run
// one at a time too, beside the `kafka` project, since they mostly wait on their broker.
const INTEGRATION_TESTS = ['**/*.integration.test.ts'];
const OWN_BROKER_TESTS = [
  'test/fault/broker-kill.test.ts',
  'test/e2e/kafka-security.test.ts',
  'deploy/kafka/src/kafka-3.9.kafka.test.ts',
];
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
          exclude: ['**/node_modules/**', ...KAFKA_TESTS, ...INTEGRATION_TESTS],
        },
      },
      {
        test: {
          name: 'integration',
          include: INTEGRATION_TESTS,
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'kafka',
          include: KAFKA_TESTS,
          exclude: ['**/node_modules/**', ...INTEGRATION_TESTS, ...OWN_BROKER_TESTS],
          globalSetup: ['test/setup/kafka-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'own-broker',
          include: OWN_BROKER_TESTS,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
