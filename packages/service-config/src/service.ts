import { fileURLToPath } from 'node:url';
import type { KafkaSection, Listener } from './shared.ts';

/** What a launcher (`rosetta start`) learns about a service from its own configuration. */
export interface ServiceLaunch {
  /** Where it answers GET /healthz. */
  health: Listener;
  /** One line: what it serves, where. */
  banner: string;
  kafka: KafkaSection;
  /** Processes that serve beside it (the LwM2M adapter's DTLS gateway), started and stopped with it. */
  companions: Companion[];
}

/** A process of another language beside a service, with its own health endpoint. */
export interface Companion {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  health: Listener;
  banner: string;
  /** Builds what the command needs when it is missing (first start only). */
  prepare?: () => void;
}

/** A service as a launcher sees it: its entry point, and how to read its configuration the way that entry does. */
export interface ServiceDescriptor {
  name: string;
  /** Path of the process entry point (src/main.ts). */
  main: string;
  /** Loads the configuration from `file` with the same spec and environment overrides as `main`, or exits. */
  launch(file: string): ServiceLaunch;
}

export function serviceDescriptor<Config extends { kafka: KafkaSection }>(service: {
  name: string;
  main: URL;
  /** The service's own loader (loadServiceConfigOrExit with its spec). */
  load: (file: string) => Config;
  health: (config: Config) => Listener;
  banner: (config: Config) => string;
  companions?: (config: Config) => Companion[];
}): ServiceDescriptor {
  return {
    name: service.name,
    main: fileURLToPath(service.main),
    launch(file) {
      const config = service.load(file);
      return {
        health: service.health(config),
        banner: service.banner(config),
        kafka: config.kafka,
        companions: service.companions?.(config) ?? [],
      };
    },
  };
}
