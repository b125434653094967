/** What every decoder here throws for input it refuses: a documented `code` from its own table, and why. */
export abstract class CodecError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
