export { EAS_ERRORS, EasCodecError } from './errors.ts';
export { decodeProvision, type ProvisionStatuses } from './provision.ts';
