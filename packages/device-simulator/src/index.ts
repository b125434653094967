export { type FleetOptions, type RegisterSummary, SimFleet } from './fleet.ts';
export { SimDevice } from './sim-device.ts';
