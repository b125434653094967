import { CodecError } from '../codec-error.ts';

export const SYNCML_ERRORS = {
  MALFORMED: 'ROSETTA_ERR_SYNCML_MALFORMED',
  DTD_FORBIDDEN: 'ROSETTA_ERR_SYNCML_DTD_FORBIDDEN',
  NOT_SYNCML: 'ROSETTA_ERR_SYNCML_NOT_SYNCML',
  WBXML_MALFORMED: 'ROSETTA_ERR_WBXML_MALFORMED',
  /** Decoding would pass one of the SyncMLLimits: the message is refused, not truncated. */
  LIMIT_EXCEEDED: 'ROSETTA_ERR_SYNCML_LIMIT_EXCEEDED',
} as const;

export class SyncMLError extends CodecError<(typeof SYNCML_ERRORS)[keyof typeof SYNCML_ERRORS]> {}
