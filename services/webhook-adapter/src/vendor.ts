import type { Vocabulary } from '@rosetta/outcome-schema';
import { createRawRecord, type RawRecord, toInstant } from '@rosetta/raw-record';
import { WebhookError } from './errors.ts';

export interface RequestContext {
  tenant: string;
  receivedAt: string;
  contentType: string;
  /** The request body exactly as received (text). */
  body: string;
  query: Record<string, string | undefined>;
  peer: string;
  traceparent?: string;
}

/** One vendor: its route, the JSON Schema of what it accepts (the OpenAPI documentation), and its parsing. */
export interface Vendor {
  vocabulary: Vocabulary;
  path: string;
  summary: string;
  /** JSON Schema for an application/json body; XML bodies are checked by the vendor's parser. */
  jsonSchema: Record<string, unknown>;
  examples: unknown[];
  acceptsXml?: boolean;
  /** Parsed body → one raw record per event; throws WebhookError('BAD_BODY') naming the field. */
  toRecords(body: unknown, context: RequestContext): RawRecord[];
}

export function rawRecord(
  vocabulary: Vocabulary,
  context: RequestContext,
  recordId: string,
  received: string,
  results: RawRecord['results'],
): RawRecord {
  return createRawRecord({
    vocabulary,
    tenant: context.tenant,
    recordId,
    receivedAt: context.receivedAt,
    traceparent: context.traceparent,
    received: { contentType: context.contentType, encoding: 'utf8', body: received, peer: context.peer },
    results,
  });
}

/** A single event or an array of them: the shape every vendor route accepts. */
export function oneOrMany(item: Record<string, unknown>): Record<string, unknown> {
  return { oneOf: [item, { type: 'array', minItems: 1, maxItems: 1000, items: item }] };
}

export function asList<T>(body: T | T[]): T[] {
  return Array.isArray(body) ? body : [body];
}

/** `{ occurredAt }` from an optional date-time field, or 400 naming the field when it names no instant. */
export function occurredAt(value: string | undefined, field: string): { occurredAt?: string } {
  if (value === undefined) return {};
  const instant = toInstant(value);
  if (!instant) throw new WebhookError('BAD_BODY', `${field} is not a date-time Rosetta can represent`);
  return { occurredAt: instant };
}
