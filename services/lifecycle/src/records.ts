import type { OutgoingRecord } from '@rosetta/kafka';
import {
  type Campaign,
  type CampaignChange,
  type UpdateState,
  validateCampaign,
  validateCampaignChange,
  validateUpdate,
} from '@rosetta/lifecycle';
import { CE_HEADER, type Outcome, outcomeId, toCloudEvent } from '@rosetta/outcome-schema';

export const UPDATE_EVENT_TYPE = 'dev.rosetta.update.v1';
export const UPDATE_DATASCHEMA = 'https://rosetta.dev/schemas/update.v1.schema.json';
export const CAMPAIGN_EVENT_TYPE = 'dev.rosetta.campaign.v1';
export const CAMPAIGN_DATASCHEMA = 'https://rosetta.dev/schemas/campaign.v1.schema.json';

/** CloudEvents binary-mode headers of a lifecycle record; the id is derived from what caused it. */
function cloudEvent(
  type: string,
  dataschema: string,
  id: string,
  subject: string,
  time: string,
  tenant: string,
): Record<string, string> {
  return {
    [CE_HEADER.specversion]: '1.0',
    [CE_HEADER.id]: id,
    [CE_HEADER.source]: '/rosetta/lifecycle',
    [CE_HEADER.type]: type,
    [CE_HEADER.subject]: subject,
    [CE_HEADER.time]: time,
    [CE_HEADER.dataschema]: dataschema,
    [CE_HEADER.contentType]: 'application/json',
    [CE_HEADER.tenant]: tenant,
  };
}

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
    headers: cloudEvent(
      UPDATE_EVENT_TYPE,
      UPDATE_DATASCHEMA,
      outcomeId(['update', state.key, cause]),
      state.device,
      state.updatedAt,
      state.tenant,
    ),
  };
}

/** A device update's move within its campaign, keyed by the campaign (the topic's partitioner groups a campaign). */
export function campaignChangeRecord(change: CampaignChange, topic: string): OutgoingRecord {
  return { topic, key: `${change.tenant}/${change.campaign}`, value: JSON.stringify(change) };
}

/**
 * A campaign's new results on the compacted campaigns topic, on the change's partition number (also the changelog the
 * campaign aggregation restores from). `cause` names the change that moved it.
 */
export function campaignRecord(
  campaign: Campaign,
  topic: string,
  partition: number,
  cause: string,
): OutgoingRecord {
  return {
    topic,
    partition,
    key: campaign.key,
    value: JSON.stringify(campaign),
    headers: cloudEvent(
      CAMPAIGN_EVENT_TYPE,
      CAMPAIGN_DATASCHEMA,
      outcomeId(['campaign', campaign.key, cause]),
      campaign.id,
      campaign.lastReport,
      campaign.tenant,
    ),
  };
}

/** An outcome the lifecycle inferred, on the outcomes topic like every other (keyed by its device). */
export function outcomeRecord(outcome: Outcome, topic: string, recordedTime: string): OutgoingRecord {
  return { topic, ...toCloudEvent(outcome, recordedTime) };
}

/** JSON that `validate` accepts, as T; undefined otherwise (logged and skipped by callers). */
const parser =
  <T>(validate: (value: unknown) => string[]) =>
  (value: Buffer): T | undefined => {
    try {
      const candidate: unknown = JSON.parse(value.toString('utf8'));
      return validate(candidate).length === 0 ? (candidate as T) : undefined;
    } catch {
      return undefined;
    }
  };

export const parseUpdate = parser<UpdateState>(validateUpdate);
export const parseCampaign = parser<Campaign>(validateCampaign);
export const parseCampaignChange = parser<CampaignChange>(validateCampaignChange);
