import { outcomeId } from '@rosetta/outcome-schema';
import type { RawRecord } from './raw-record.ts';

/** What an adapter knows about a message it received; optional fields left undefined are left out of the record. */
export interface NewRawRecord
  extends Omit<RawRecord, 'rawVersion' | 'receivedAt' | 'profile' | 'traceparent'> {
  /** Defaults to now. */
  receivedAt?: string;
  profile?: string | undefined;
  traceparent?: string | undefined;
}

/** The one way to build a raw record: every adapter calls it, so the record's shape is decided in one place. */
export function createRawRecord(fields: NewRawRecord): RawRecord {
  const { receivedAt, profile, traceparent, ...rest } = fields;
  return {
    rawVersion: 1,
    ...rest,
    receivedAt: receivedAt ?? new Date().toISOString(),
    ...(profile ? { profile } : {}),
    ...(traceparent ? { traceparent } : {}),
  };
}

/** Identifies the source record a result came from; with the device and the result's position it makes the id. */
export interface ResultSource {
  vocabulary: string;
  tenant: string;
  recordId: string;
}

/**
 * The canonical outcome id of a record's `index`-th result. The adapters answer their sender with it before the
 * normalizer has run, and the normalizer (and import) give the outcome the same id: one function for both.
 */
export function resultOutcomeId(source: ResultSource, deviceId: string, index: number): string {
  return outcomeId([source.vocabulary, source.tenant, deviceId, source.recordId, String(index)]);
}
