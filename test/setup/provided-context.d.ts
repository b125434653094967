// What the Kafka global setup provides to every test of the `kafka` project (inject('kafkaBrokers')).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    kafkaOrigin: string;
    /** Working directory of the local broker, so fault tests can kill and restart it; empty otherwise. */
    kafkaWorkDir: string;
  }
}
