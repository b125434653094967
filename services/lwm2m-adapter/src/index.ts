export {
  type Lwm2mAdapter,
  type Lwm2mAdapterOptions,
  type NoSecLwm2mAdapter,
  startLwm2mAdapter,
} from './app.ts';
export { type Lwm2mConfig, type Lwm2mServiceConfig, lwm2mConfigSpec } from './config.ts';
export { dtlsGatewayCommand, ensureDtlsGateway, type GatewayCommand } from './dtls-gateway.ts';
export { memoryRegistrationStore, type Registration, type RegistrationStore } from './registry.ts';
export { lwm2mService } from './service.ts';
