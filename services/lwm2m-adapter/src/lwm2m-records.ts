import { contentRecordId } from '@rosetta/ingest';
import { createRawRecord, type RawRecord, type RawResult } from '@rosetta/raw-record';
import type { Lwm2mConfig } from './config.ts';
import type { Registration } from './registry.ts';

/** The device a registration's results are written for: its endpoint name, and what /3/0 said about it. */
export function deviceOf(r: Registration): RawResult['device'] {
  return { id: r.endpoint, endpoint: r.endpoint, ...r.device };
}

/**
 * The raw record of one report from a registered device: tenant and profile from its registration, a record id
 * from its registration and the report's own parts (so a retransmission gets the same outcome ids).
 */
export function lwm2mRecord(
  config: Lwm2mConfig,
  r: Registration,
  vocabulary: 'lwm2m-fw' | 'lwm2m-sw' | 'lwm2m-coap',
  parts: string[],
  received: RawRecord['received'],
  results: RawResult[],
): RawRecord {
  return createRawRecord({
    vocabulary,
    tenant: r.tenant,
    recordId: contentRecordId(r.tenant, r.endpoint, r.id, ...parts),
    profile: config.tenants[r.tenant]?.profile,
    received,
    results,
  });
}
