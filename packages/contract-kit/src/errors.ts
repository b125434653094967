/** Every error the contract kit raises, with one prefix. */
export const CONTRACT_ERRORS = {
  /** A case's files are incomplete or contradictory. */
  CASE_INVALID: 'ROSETTA_ERR_CONTRACT_CASE_INVALID',
  /** A new case cannot be scaffolded (unknown vocabulary, bad name, already there). */
  SCAFFOLD_REFUSED: 'ROSETTA_ERR_CONTRACT_SCAFFOLD_REFUSED',
} as const;

export class ContractError extends Error {
  constructor(
    readonly code: (typeof CONTRACT_ERRORS)[keyof typeof CONTRACT_ERRORS],
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}
