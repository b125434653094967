export const LWM2M_ERRORS = {
  MALFORMED: 'ROSETTA_ERR_LWM2M_MALFORMED_PAYLOAD',
  UNSUPPORTED_FORMAT: 'ROSETTA_ERR_LWM2M_UNSUPPORTED_FORMAT',
  BAD_LINK_FORMAT: 'ROSETTA_ERR_LWM2M_BAD_LINK_FORMAT',
} as const;

export class Lwm2mCodecError extends Error {
  constructor(
    readonly code: (typeof LWM2M_ERRORS)[keyof typeof LWM2M_ERRORS],
    message: string,
  ) {
    super(message);
    this.name = 'Lwm2mCodecError';
  }
}
