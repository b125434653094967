import { loadServiceConfigOrExit, serviceDescriptor } from '@rosetta/service-config';
import { type Lwm2mServiceConfig, lwm2mConfigSpec } from './config.ts';
import { dtlsGatewayCommand, ensureDtlsGateway } from './dtls-gateway.ts';

export const lwm2mService = serviceDescriptor<Lwm2mServiceConfig>({
  name: lwm2mConfigSpec.service,
  load(file) {
    // Typed by the spec alone (the contextual type would make TypeScript infer the schema back from it).
    const config = loadServiceConfigOrExit(lwm2mConfigSpec, { file });
    return config;
  },
  main: new URL('./main.ts', import.meta.url),
  health: (config) => config.admin,
  banner: ({ coap, noSec, dtls, admin }) =>
    [
      'lwm2m-adapter: LwM2M registration interface /rd',
      noSec ? `coap://${coap.host}:${coap.port} (NoSec)` : '',
      dtls.enabled ? `coaps://${dtls.listen.host}:${dtls.listen.port} (DTLS gateway)` : '',
      `admin http://${admin.host}:${admin.port}`,
    ]
      .filter(Boolean)
      .join('; '),
  companions: ({ dtls }) =>
    dtls.enabled
      ? [
          {
            name: 'dtls-gateway',
            ...dtlsGatewayCommand(dtls),
            health: dtls.admin,
            banner: `dtls-gateway: coaps://${dtls.listen.host}:${dtls.listen.port} → adapter over ${dtls.sessionSocket}; admin http://${dtls.admin.host}:${dtls.admin.port}`,
            prepare: ensureDtlsGateway,
          },
        ]
      : [],
});
