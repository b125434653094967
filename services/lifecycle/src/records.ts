import type { OutgoingRecord } from '@rosetta/kafka';
import { type UpdateState, validateUpdate } from '@rosetta/lifecycle';
import { CE_HEADER, type Outcome, outcomeId, toCloudEvent } from '@rosetta/outcome-schema';

export const UPDATE_EVENT_TYPE = 'dev.rosetta.update.v1';
export const UPDATE_DATASCHEMA = 'https://rosetta.dev/schemas/update.v1.schema.json';

/**
 * An update's new state on the compacted updates topic: keyed by the update, on the input partition's number (the
 * topic is also the changelog a restarted instance restores that partition from), as a CloudEvent in binary mode.
 * The event id is derived from the report that caused the change, so a rewritten change keeps its id.
 */
export function updateRecord(state: UpdateState, topic: string, partition: number): OutgoingRecord {
  const cause = state.history.at(-1)?.report.outcomeId ?? state.updatedAt;
  return {
    topic,
    partition,
    key: state.key,
    value: JSON.stringify(state),
    headers: {
      [CE_HEADER.specversion]: '1.0',
      [CE_HEADER.id]: outcomeId(['update', state.key, cause]),
      [CE_HEADER.source]: '/rosetta/lifecycle',
      [CE_HEADER.type]: UPDATE_EVENT_TYPE,
      [CE_HEADER.subject]: state.device,
      [CE_HEADER.time]: state.updatedAt,
      [CE_HEADER.dataschema]: UPDATE_DATASCHEMA,
      [CE_HEADER.contentType]: 'application/json',
      [CE_HEADER.tenant]: state.tenant,
    },
  };
}

/** An outcome the lifecycle inferred, on the outcomes topic like every other (keyed by its device). */
export function outcomeRecord(outcome: Outcome, topic: string, recordedTime: string): OutgoingRecord {
  return { topic, ...toCloudEvent(outcome, recordedTime) };
}

/** A record of the updates topic back as a state; undefined when it is not one (logged and skipped by callers). */
export function parseUpdate(value: Buffer): UpdateState | undefined {
  try {
    const candidate: unknown = JSON.parse(value.toString('utf8'));
    return validateUpdate(candidate).length === 0 ? (candidate as UpdateState) : undefined;
  } catch {
    return undefined;
  }
}
