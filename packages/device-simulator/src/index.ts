export { type FleetOptions, type RegisterSummary, SimFleet } from './fleet.ts';
export { SimDevice } from './sim-device.ts';
export {
  type DeviceTransport,
  dtlsTransport,
  type PskCredential,
  type Server,
  udpTransport,
} from './transport.ts';
