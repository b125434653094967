import type { Device, Operation, Vocabulary } from '@rosetta/outcome-schema';
import { outcomeSchema } from '@rosetta/outcome-schema';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import schema from '../schema/raw-record.v1.schema.json' with { type: 'json' };

export interface RawResult {
  code: string;
  device: Device;
  occurredAt?: string;
  correlation?: Operation['correlation'];
  package?: Operation['package'];
  operationType?: Operation['type'];
  previousCode?: string;
  inferred?: boolean;
}

export interface RawRecord {
  rawVersion: 1;
  vocabulary: Vocabulary;
  tenant: string;
  recordId: string;
  receivedAt: string;
  profile?: string;
  traceparent?: string;
  received: { contentType: string; encoding: 'utf8' | 'base64'; body: string; peer?: string };
  results: RawResult[];
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
ajv.addSchema(outcomeSchema);
const compiled = ajv.compile<RawRecord>(schema);

/**
 * The longest value the raw-record schema accepts per field (and so every adapter at its door). The schema file
 * holds the same numbers; raw-record.test.ts checks they agree.
 */
export const FIELD_LIMITS = {
  tenant: 128,
  code: 128,
  /** Every device field: id, endpoint, imei, serial, manufacturer, model, firmwareVersion. */
  device: 256,
  /** Every correlation field: campaignId, jobId, correlator, eventId. */
  correlation: 256,
  package: 256,
  recordId: 256,
  resultsPerRecord: 1000,
} as const;

const describeErrors = (): string =>
  (compiled.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim()).join('; ');

/** The schema's verdict on a record an adapter is about to write: undefined when valid, else the problem. */
export function rawRecordProblems(record: RawRecord): string | undefined {
  return compiled(record) ? undefined : describeErrors();
}

export type DecodeResult =
  | { ok: true; record: RawRecord }
  | { ok: false; stage: 'parse' | 'validate'; error: string };

/** Decodes the value of a raw-topic record; never throws, so a poison record becomes a dead letter, not a crash. */
export function decodeRawRecord(value: Buffer | null): DecodeResult {
  if (value === null) return { ok: false, stage: 'parse', error: 'empty record value (tombstone)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, stage: 'parse', error: `not JSON: ${(error as Error).message}` };
  }
  if (compiled(parsed)) return { ok: true, record: parsed };
  return { ok: false, stage: 'validate', error: `not a raw record v1: ${describeErrors()}` };
}

export function encodeRawRecord(record: RawRecord): string {
  return JSON.stringify(record);
}
