import { SYNCML_ERRORS, SyncMLError } from './errors.ts';

/**
 * Work a SyncML message may cost before anything in it is trusted (credentials are checked after decoding).
 * Enforced while decoding, so a hostile message is refused after at most a small constant times its own size.
 */
export interface SyncMLLimits {
  /** Element nesting; SyncML DM needs about 8 (SyncML/SyncBody/Atomic/Alert/Item/Meta/MetInf/Type). */
  maxDepth: number;
  /** Elements in the whole message. */
  maxElements: number;
  /** Attributes on one element (SyncML uses at most xmlns). */
  maxAttributes: number;
  /** Characters of one text node. */
  maxTextLength: number;
  /** Characters of text in the whole decoded message (WBXML string-table references count each time). */
  maxDecodedLength: number;
}

export const DEFAULT_SYNCML_LIMITS: Readonly<SyncMLLimits> = Object.freeze({
  maxDepth: 32,
  maxElements: 5_000,
  maxAttributes: 8,
  maxTextLength: 256 * 1024,
  maxDecodedLength: 1024 * 1024,
});

export function overLimit(what: string, limit: number): SyncMLError {
  return new SyncMLError(SYNCML_ERRORS.LIMIT_EXCEEDED, `${what} exceeds the limit of ${limit}`);
}

/** Counts what a decoder produced against the limits and throws the typed error the moment one is passed. */
export class DecodeBudget {
  private elements = 0;
  private decoded = 0;
  constructor(readonly limits: Readonly<SyncMLLimits>) {}

  element(depth: number, attributes = 0): void {
    this.elements += 1;
    if (this.elements > this.limits.maxElements) throw overLimit('element count', this.limits.maxElements);
    if (depth > this.limits.maxDepth) throw overLimit('element nesting', this.limits.maxDepth);
    if (attributes > this.limits.maxAttributes)
      throw overLimit('attributes on one element', this.limits.maxAttributes);
  }

  /** `nodeLength` is the text node's length so far, including this piece. */
  text(pieceLength: number, nodeLength: number): void {
    this.decoded += pieceLength;
    if (nodeLength > this.limits.maxTextLength) throw overLimit('text length', this.limits.maxTextLength);
    if (this.decoded > this.limits.maxDecodedLength)
      throw overLimit('decoded text', this.limits.maxDecodedLength);
  }
}
