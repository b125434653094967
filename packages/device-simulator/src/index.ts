export { SimDevice } from './sim-device.ts';
