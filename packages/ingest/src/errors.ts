/** Every error the ingest step raises (each answered to the sender by the adapter's error handler). */
export const INGEST_ERRORS = {
  KAFKA_UNAVAILABLE: { code: 'ROSETTA_ERR_INGEST_KAFKA_UNAVAILABLE', statusCode: 503 },
  TOO_LARGE: { code: 'ROSETTA_ERR_INGEST_TOO_LARGE', statusCode: 413 },
  INVALID_FIELD: { code: 'ROSETTA_ERR_INGEST_INVALID_FIELD', statusCode: 400 },
} as const;

/** Kafka did not acknowledge: the sender must retry later; nothing of the request counts as accepted. */
export class IngestUnavailableError extends Error {
  readonly code = INGEST_ERRORS.KAFKA_UNAVAILABLE.code;
  readonly statusCode = INGEST_ERRORS.KAFKA_UNAVAILABLE.statusCode;
  /** Seconds a well-behaved sender should wait before retrying. */
  readonly retryAfterSeconds = 5;
  constructor(cause: unknown) {
    super(`Kafka did not acknowledge the raw record(s): ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** The raw record would pass the broker's record limit: retrying cannot help, so the sender gets 413. */
export class IngestTooLargeError extends Error {
  readonly code = INGEST_ERRORS.TOO_LARGE.code;
  readonly statusCode = INGEST_ERRORS.TOO_LARGE.statusCode;
  constructor(bytes: number, limit: number) {
    super(`the raw record would be ${bytes} bytes, over the ${limit}-byte record limit`);
  }
}

/**
 * The record breaks the raw-record schema (a field over its limit, a character outside its rule): the sender
 * gets 400 naming the field, instead of an acknowledgement the normalizer would then dead-letter.
 */
export class IngestInvalidError extends Error {
  readonly code = INGEST_ERRORS.INVALID_FIELD.code;
  readonly statusCode = INGEST_ERRORS.INVALID_FIELD.statusCode;
}
