/** Every error the webhook adapter answers with; the HTTP body is fastify's { statusCode, code, error, message }. */
export const WEBHOOK_ERRORS = {
  UNAUTHENTICATED: { code: 'ROSETTA_ERR_WEBHOOK_UNAUTHENTICATED', statusCode: 401 },
  SIGNATURE_EXPIRED: { code: 'ROSETTA_ERR_WEBHOOK_SIGNATURE_EXPIRED', statusCode: 401 },
  SIGNATURE_REPLAYED: { code: 'ROSETTA_ERR_WEBHOOK_SIGNATURE_REPLAYED', statusCode: 401 },
  FORBIDDEN_VOCABULARY: { code: 'ROSETTA_ERR_WEBHOOK_FORBIDDEN_VOCABULARY', statusCode: 403 },
  BAD_BODY: { code: 'ROSETTA_ERR_WEBHOOK_BAD_BODY', statusCode: 400 },
  BODY_LIMIT: { code: 'ROSETTA_ERR_WEBHOOK_BODY_LIMIT', statusCode: 400 },
  BAD_TENANT: { code: 'ROSETTA_ERR_WEBHOOK_BAD_TENANT', statusCode: 400 },
  XML_FORBIDDEN_DTD: { code: 'ROSETTA_ERR_WEBHOOK_XML_DTD', statusCode: 400 },
  KAFKA_UNAVAILABLE: { code: 'ROSETTA_ERR_INGEST_KAFKA_UNAVAILABLE', statusCode: 503 },
} as const;

export type WebhookErrorKind = keyof typeof WEBHOOK_ERRORS;

export class WebhookError extends Error {
  readonly code: string;
  readonly statusCode: number;
  constructor(kind: WebhookErrorKind, message: string) {
    super(message);
    this.code = WEBHOOK_ERRORS[kind].code;
    this.statusCode = WEBHOOK_ERRORS[kind].statusCode;
  }
}
