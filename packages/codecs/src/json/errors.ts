import { CodecError } from '../codec-error.ts';

export const JSON_ERRORS = {
  MALFORMED: 'ROSETTA_ERR_JSON_MALFORMED',
  LIMIT_EXCEEDED: 'ROSETTA_ERR_JSON_LIMIT_EXCEEDED',
} as const;

export class JsonCodecError extends CodecError<(typeof JSON_ERRORS)[keyof typeof JSON_ERRORS]> {}
