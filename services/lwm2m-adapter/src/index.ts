export { type Lwm2mAdapter, type Lwm2mAdapterOptions, startLwm2mAdapter } from './app.ts';
export type { Lwm2mConfig } from './config.ts';
export { memoryRegistrationStore, type Registration, type RegistrationStore } from './registry.ts';
