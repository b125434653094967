import { JsonCodecError, parseJson } from '@rosetta/codecs/json';
import { HttpIngressError } from './errors.ts';

/**
 * A request body parsed as JSON within a nesting budget (the length is fastify's bodyLimit), or a 400 with `code`:
 * what a content-type parser hands to `done`.
 */
export function parseJsonBody(body: string, maxDepth: number, code: string): unknown {
  try {
    return parseJson(body, { maxDepth, maxLength: Number.MAX_SAFE_INTEGER });
  } catch (error) {
    const message = error instanceof JsonCodecError ? error.message : String(error);
    throw new HttpIngressError(400, code, `body is not accepted: ${message}`);
  }
}
