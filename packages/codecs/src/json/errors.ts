export const JSON_ERRORS = {
  MALFORMED: 'ROSETTA_ERR_JSON_MALFORMED',
  LIMIT_EXCEEDED: 'ROSETTA_ERR_JSON_LIMIT_EXCEEDED',
} as const;

export class JsonCodecError extends Error {
  constructor(
    readonly code: (typeof JSON_ERRORS)[keyof typeof JSON_ERRORS],
    message: string,
  ) {
    super(message);
    this.name = 'JsonCodecError';
  }
}
