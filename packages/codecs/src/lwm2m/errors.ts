import { CodecError } from '../codec-error.ts';

export const LWM2M_ERRORS = {
  MALFORMED: 'ROSETTA_ERR_LWM2M_MALFORMED_PAYLOAD',
  UNSUPPORTED_FORMAT: 'ROSETTA_ERR_LWM2M_UNSUPPORTED_FORMAT',
  BAD_LINK_FORMAT: 'ROSETTA_ERR_LWM2M_BAD_LINK_FORMAT',
} as const;

export class Lwm2mCodecError extends CodecError<(typeof LWM2M_ERRORS)[keyof typeof LWM2M_ERRORS]> {}
