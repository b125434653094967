import { loadServiceConfigOrExit, serviceDescriptor } from '@rosetta/service-config';
import { type LifecycleServiceConfig, lifecycleConfigSpec } from './config.ts';

export const lifecycleService = serviceDescriptor<LifecycleServiceConfig>({
  name: lifecycleConfigSpec.service,
  load(file) {
    // Typed by the spec alone (the contextual type would make TypeScript infer the schema back from it).
    const config = loadServiceConfigOrExit(lifecycleConfigSpec, { file });
    return config;
  },
  main: new URL('./main.ts', import.meta.url),
  health: (config) => config.http,
  banner: ({ http }) =>
    `lifecycle: rosetta.outcomes.v1 → rosetta.updates.v1; API http://${http.host}:${http.port}/v1 (OpenAPI /docs)`,
});
