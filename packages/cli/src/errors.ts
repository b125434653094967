/** Every error the CLI reports, with one prefix and an area. */
export const CLI_ERRORS = {
  BAD_LINE: 'ROSETTA_ERR_CLI_BAD_LINE',
  UNKNOWN_VOCABULARY: 'ROSETTA_ERR_CLI_UNKNOWN_VOCABULARY',
  MISSING_COLUMN: 'ROSETTA_ERR_CLI_MISSING_COLUMN',
  BAD_ROW: 'ROSETTA_ERR_CLI_BAD_ROW',
  LIFECYCLE_UNREACHABLE: 'ROSETTA_ERR_CLI_LIFECYCLE_UNREACHABLE',
  LIFECYCLE_REFUSED: 'ROSETTA_ERR_CLI_LIFECYCLE_REFUSED',
} as const;

export class CliError extends Error {
  constructor(
    readonly code: (typeof CLI_ERRORS)[keyof typeof CLI_ERRORS],
    message: string,
  ) {
    super(message);
  }
}
