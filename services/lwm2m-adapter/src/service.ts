import { loadServiceConfigOrExit, serviceDescriptor } from '@rosetta/service-config';
import { type Lwm2mServiceConfig, lwm2mConfigSpec } from './config.ts';

export const lwm2mService = serviceDescriptor<Lwm2mServiceConfig>({
  name: lwm2mConfigSpec.service,
  load(file) {
    // Typed by the spec alone (the contextual type would make TypeScript infer the schema back from it).
    const config = loadServiceConfigOrExit(lwm2mConfigSpec, { file });
    return config;
  },
  main: new URL('./main.ts', import.meta.url),
  health: (config) => config.admin,
  banner: ({ coap, admin }) =>
    `lwm2m-adapter: coap://${coap.host}:${coap.port} (LwM2M registration interface /rd, NoSec); admin http://${admin.host}:${admin.port}`,
});
