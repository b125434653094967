import { CodecError } from '../codec-error.ts';

export const EAS_ERRORS = {
  DTD_FORBIDDEN: 'ROSETTA_ERR_EAS_DTD_FORBIDDEN',
  MALFORMED: 'ROSETTA_ERR_EAS_MALFORMED',
  NOT_PROVISION: 'ROSETTA_ERR_EAS_NOT_PROVISION',
  NO_STATUS: 'ROSETTA_ERR_EAS_NO_STATUS',
} as const;

export class EasCodecError extends CodecError<(typeof EAS_ERRORS)[keyof typeof EAS_ERRORS]> {}
