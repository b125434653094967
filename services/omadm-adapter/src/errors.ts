import { HttpIngressError, sendError } from '@rosetta/http-ingress';
import type { FastifyReply } from 'fastify';

/**
 * Every error the OMA-DM adapter answers with over HTTP (SyncML decoding errors keep the codec's own codes, and a
 * refused device gets a SyncML 401/407 answer, not one of these). Body: { statusCode, code, error, message }.
 */
export const OMADM_ERRORS = {
  BAD_JSON: { code: 'ROSETTA_ERR_OMADM_BAD_JSON', statusCode: 400 },
  FIELD_TOO_LONG: { code: 'ROSETTA_ERR_OMADM_FIELD_TOO_LONG', statusCode: 400 },
  UNAUTHENTICATED: { code: 'ROSETTA_ERR_OMADM_UNAUTHENTICATED', statusCode: 401 },
  UNSUPPORTED_MEDIA_TYPE: { code: 'ROSETTA_ERR_OMADM_UNSUPPORTED_MEDIA_TYPE', statusCode: 415 },
  INTERNAL: { code: 'ROSETTA_ERR_OMADM_INTERNAL', statusCode: 500 },
} as const;

export type OmadmErrorKind = keyof typeof OMADM_ERRORS;

export class OmadmError extends HttpIngressError {
  constructor(kind: OmadmErrorKind, message: string) {
    super(OMADM_ERRORS[kind].statusCode, OMADM_ERRORS[kind].code, message);
  }
}

export function refuse(reply: FastifyReply, kind: OmadmErrorKind, message: string) {
  const { statusCode, code } = OMADM_ERRORS[kind];
  return sendError(reply, statusCode, code, message);
}
