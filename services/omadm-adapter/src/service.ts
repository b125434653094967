import { serviceDescriptor } from '@rosetta/service-config';
import { type OmadmServiceConfig, omadmConfigSpec } from './config.ts';

export const omadmService = serviceDescriptor<OmadmServiceConfig>({
  spec: omadmConfigSpec,
  main: new URL('./main.ts', import.meta.url),
  health: (config) => config.http,
  banner: ({ http }) =>
    `omadm-adapter: http://${http.host}:${http.port}/omadm (SyncML DM XML/WBXML), /omadm/alerts (JSON); health on the same port`,
});
