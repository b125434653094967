/** Every error the mappings package raises, with one prefix and an area. */
export const MAPPINGS_ERRORS = {
  TABLE_INVALID: 'ROSETTA_ERR_MAPPINGS_TABLE_INVALID',
  UNKNOWN_VOCABULARY: 'ROSETTA_ERR_MAPPINGS_UNKNOWN_VOCABULARY',
  UNKNOWN_PROFILE: 'ROSETTA_ERR_MAPPINGS_UNKNOWN_PROFILE',
  CODE_KEY_UNKNOWN: 'ROSETTA_ERR_MAPPINGS_CODE_KEY_UNKNOWN',
} as const;

export type MappingsErrorCode = (typeof MAPPINGS_ERRORS)[keyof typeof MAPPINGS_ERRORS];

export class MappingsError extends Error {
  constructor(
    readonly code: MappingsErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'MappingsError';
  }
}
