import type { Outcome } from './outcome.generated.ts';

/** CloudEvents 1.0 Kafka protocol binding, binary mode: attributes travel as ce_* headers. */
export const CE_HEADER = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  subject: 'ce_subject',
  time: 'ce_time',
  dataschema: 'ce_dataschema',
  contentType: 'content-type',
  tenant: 'ce_tenant',
  recordedtime: 'ce_recordedtime',
  mappingversion: 'ce_mappingversion',
  traceparent: 'ce_traceparent',
} as const;

export const OUTCOME_EVENT_TYPE = 'dev.rosetta.outcome.v1';
export const OUTCOME_DATASCHEMA = 'https://rosetta.dev/schemas/outcome.v1.schema.json';

export interface OutcomeRecord {
  key: string;
  headers: Record<string, string>;
  value: string;
}

/** The Kafka key of every record about a device: one device's records share a partition, so stay in order. */
export function deviceKey(tenant: string, deviceId: string): string {
  return `${tenant}/${deviceId}`;
}

export function eventSource(outcome: Pick<Outcome, 'source'>): string {
  return `/rosetta/${outcome.source.protocol}`;
}

/** Encodes an outcome as a CloudEvent in binary mode; recordedTime marks when this copy was produced. */
export function toCloudEvent(outcome: Outcome, recordedTime: string): OutcomeRecord {
  const headers: Record<string, string> = {
    [CE_HEADER.specversion]: '1.0',
    [CE_HEADER.id]: outcome.id,
    [CE_HEADER.source]: eventSource(outcome),
    [CE_HEADER.type]: OUTCOME_EVENT_TYPE,
    [CE_HEADER.subject]: outcome.device.id,
    [CE_HEADER.time]: outcome.occurredAt,
    [CE_HEADER.dataschema]: OUTCOME_DATASCHEMA,
    [CE_HEADER.contentType]: 'application/json',
    [CE_HEADER.tenant]: outcome.tenant,
    [CE_HEADER.recordedtime]: recordedTime,
    [CE_HEADER.mappingversion]: `${outcome.mapping.table}@${outcome.mapping.version}`,
  };
  if (outcome.traceparent) headers[CE_HEADER.traceparent] = outcome.traceparent;
  return { key: deviceKey(outcome.tenant, outcome.device.id), headers, value: JSON.stringify(outcome) };
}
