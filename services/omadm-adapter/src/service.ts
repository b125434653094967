import { loadServiceConfigOrExit, serviceDescriptor } from '@rosetta/service-config';
import { type OmadmServiceConfig, omadmConfigSpec } from './config.ts';

export const omadmService = serviceDescriptor<OmadmServiceConfig>({
  name: omadmConfigSpec.service,
  load(file) {
    // Typed by the spec alone (the contextual type would make TypeScript infer the schema back from it).
    const config = loadServiceConfigOrExit(omadmConfigSpec, { file });
    return config;
  },
  main: new URL('./main.ts', import.meta.url),
  health: (config) => config.http,
  banner: ({ http }) =>
    `omadm-adapter: http://${http.host}:${http.port}/omadm (SyncML DM XML/WBXML), /omadm/alerts (JSON); health on the same port`,
});
