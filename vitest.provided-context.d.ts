// What the Kafka global setup (test/setup/kafka-global-setup.ts) provides to every test of the `kafka` project
// (inject('kafkaBrokers')); every package's tsconfig gets it through tsconfig.base.json.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    kafkaOrigin: string;
    /** Working directory of the local broker, so fault tests can kill and restart it; empty otherwise. */
    kafkaWorkDir: string;
  }
}
