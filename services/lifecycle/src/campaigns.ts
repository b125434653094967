import {
  CAMPAIGN_CHANGES_TOPIC,
  CAMPAIGNS_TOPIC,
  CommittedPositions,
  type IncomingRecord,
  type KafkaClientName,
  type PipelineEvents,
  startTransactionalPipeline,
  superviseTransactionalPipeline,
} from '@rosetta/kafka';
import { applyCampaignChange, type Campaign } from '@rosetta/lifecycle';
import { PartitionedStates, readChangelog } from './partitioned-states.ts';
import { campaignRecord, parseCampaign, parseCampaignChange } from './records.ts';

export interface CampaignsOptions {
  brokers: string[];
  client?: KafkaClientName;
  groupId: string;
  changesTopic?: string;
  campaignsTopic?: string;
  log: (line: Record<string, unknown>) => void;
  restartBackoff?: { initialMs: number; maxMs: number };
}

export interface CampaignCounters {
  changes: number;
  /** Change records that are not valid changes, or changelog records that are not campaigns: skipped and logged. */
  invalid: number;
  restored: number;
  restarts: number;
}

export interface CampaignAggregation {
  counters: Readonly<CampaignCounters>;
  readiness(): { ok: boolean; reasons: string[] };
  stop(): Promise<void>;
}

/**
 * Campaign results from the lifecycle's campaign changes (keyed, so partitioned, by campaign), exactly once: each
 * change's campaign is updated and written to the compacted campaigns topic, on the change's partition number, in
 * the change partition's transaction; the campaigns topic is the changelog a partition is restored from when claimed.
 */
export async function startCampaignAggregation(options: CampaignsOptions): Promise<CampaignAggregation> {
  const { log } = options;
  const changesTopic = options.changesTopic ?? CAMPAIGN_CHANGES_TOPIC;
  const campaignsTopic = options.campaignsTopic ?? CAMPAIGNS_TOPIC;
  const counters: CampaignCounters = { changes: 0, invalid: 0, restored: 0, restarts: 0 };
  const campaigns = new PartitionedStates<Campaign>();
  const connection = {
    brokers: options.brokers,
    clientId: 'rosetta-lifecycle-campaigns',
    ...(options.client ? { client: options.client } : {}),
  };

  const transform = (input: IncomingRecord) => {
    counters.changes += 1;
    const change = input.value ? parseCampaignChange(input.value) : undefined;
    if (!change) {
      counters.invalid += 1;
      log({
        level: 'warn',
        msg: 'not a campaign change; skipped',
        partition: input.partition,
        offset: input.offset,
      });
      return [];
    }
    const key = `${change.tenant}/${change.campaign}`;
    const next = applyCampaignChange(campaigns.get(input.partition, key), change);
    campaigns.set(input.partition, key, next);
    return [campaignRecord(next, campaignsTopic, input.partition, `${input.partition}/${input.offset}`)];
  };

  const restore = async (partition: number) => {
    const states = await readChangelog(connection, campaignsTopic, partition, parseCampaign, (offset) => {
      counters.invalid += 1;
      log({ level: 'warn', msg: 'campaigns record is not a campaign; skipped', partition, offset });
    });
    campaigns.restored(partition, states);
    counters.restored += states.size;
  };

  const committedPositions = new CommittedPositions();
  const pipeline = await superviseTransactionalPipeline(
    (events: PipelineEvents) =>
      startTransactionalPipeline(connection, {
        groupId: options.groupId,
        topics: [changesTopic],
        transform,
        committedPositions,
        partitionHooks: {
          claimed: (_topic, partition) => restore(partition),
          released: (_topic, partition) => campaigns.drop(partition),
        },
        ...events,
      }),
    {
      name: 'campaigns',
      log,
      ...(options.restartBackoff ? { backoff: options.restartBackoff } : {}),
      onRestarted: () => (counters.restarts += 1),
    },
  );
  return { counters, readiness: () => pipeline.readiness(), stop: () => pipeline.stop() };
}
