import {
  CAMPAIGN_CHANGES_TOPIC,
  CommittedPositions,
  type IncomingRecord,
  type KafkaClientName,
  OUTCOMES_TOPIC,
  type OutgoingRecord,
  type PipelineEvents,
  startTransactionalPipeline,
  superviseTransactionalPipeline,
  UPDATES_TOPIC,
} from '@rosetta/kafka';
import {
  applyOutcome,
  campaignChange,
  type DeadlineOverrides,
  inferredOutcome,
  LIFECYCLE_RULES,
  type LifecycleRules,
  overdue,
  TIMED_OUT_CODE,
  timedOutOutcome,
  type UpdateState,
  updateKey,
} from '@rosetta/lifecycle';
import { type CanonicalCode, standardTranslator } from '@rosetta/mappings';
import { validateOutcome } from '@rosetta/outcome-schema';
import { type CampaignCounters, startCampaignAggregation } from './campaigns.ts';
import { readChangelog } from './partitioned-states.ts';
import { campaignChangeRecord, outcomeRecord, parseUpdate, updateRecord } from './records.ts';
import { UpdateStore } from './update-store.ts';

export interface LifecycleServiceOptions {
  brokers: string[];
  client?: KafkaClientName;
  groupId?: string;
  outcomesTopic?: string;
  updatesTopic?: string;
  campaignChangesTopic?: string;
  campaignsTopic?: string;
  rules?: LifecycleRules;
  /** Stage deadlines that replace the rules' (LIFECYCLE_DEADLINES). */
  deadlines?: DeadlineOverrides;
  /** Per tenant, stage deadlines that replace all others (LIFECYCLE_TENANT_DEADLINES). */
  tenantDeadlines?: Record<string, DeadlineOverrides>;
  /** How often deadlines are checked (default 1,000 ms). */
  tickMs?: number;
  /** The clock deadlines are judged by (default Date.now). */
  now?: () => number;
  log?: (line: Record<string, unknown>) => void;
  /** Back-off between restarts of a pipeline that stopped: doubles from `initialMs` up to `maxMs`. */
  restartBackoff?: { initialMs: number; maxMs: number };
}

export interface LifecycleCounters {
  consumed: number;
  /** Outcomes that changed an update (late ones included: they extend its history). */
  changed: number;
  /** Outcomes already applied (redelivered, or the echo of an inferred one). */
  unchanged: number;
  /** Results inferred by the rules after a report (timeouts are counted apart). */
  inferred: number;
  /** Records that are not valid outcomes (input) or updates (changelog): skipped and logged. */
  invalid: number;
  timedOut: number;
  /** Update states read back from the changelog when partitions were claimed. */
  restored: number;
  restarts: number;
}

export interface LifecycleService {
  counters: Readonly<LifecycleCounters>;
  campaignCounters: Readonly<CampaignCounters>;
  /** Active updates this instance holds (the partitions it owns). */
  activeUpdates(): number;
  readiness(): { ok: boolean; reasons: string[] };
  stop(): Promise<void>;
}

export const LIFECYCLE_GROUP = 'rosetta-lifecycle';

/**
 * The lifecycle service: rosetta.outcomes.v1 → one current state per device update on the compacted
 * rosetta.updates.v1, exactly once. The updates topic is also the changelog: each input partition's states are
 * written to the same partition number and read back when the partition is claimed, so a replica that takes over
 * continues where its predecessor committed. Deadlines live in the states; one that passes writes the timed-out
 * state and an inferred UPDATE_TIMED_OUT outcome in the partition's own transaction, so it fires once.
 */
export async function startLifecycle(options: LifecycleServiceOptions): Promise<LifecycleService> {
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  const outcomesTopic = options.outcomesTopic ?? OUTCOMES_TOPIC;
  const updatesTopic = options.updatesTopic ?? UPDATES_TOPIC;
  const campaignChangesTopic = options.campaignChangesTopic ?? CAMPAIGN_CHANGES_TOPIC;
  const groupId = options.groupId ?? LIFECYCLE_GROUP;
  const rules = options.rules ?? LIFECYCLE_RULES;
  const now = options.now ?? Date.now;
  const canonical = canonicalRows(rules);
  const timedOutRow = canonical.get(TIMED_OUT_CODE);
  if (!timedOutRow) throw new Error(`${TIMED_OUT_CODE} is missing from the canonical table`);
  const lifecycle = {
    rules,
    ...(options.deadlines ? { deadlines: options.deadlines } : {}),
    ...(options.tenantDeadlines ? { tenantDeadlines: options.tenantDeadlines } : {}),
  };
  const counters: LifecycleCounters = {
    consumed: 0,
    changed: 0,
    unchanged: 0,
    inferred: 0,
    invalid: 0,
    timedOut: 0,
    restored: 0,
    restarts: 0,
  };
  const store = new UpdateStore();
  const connection = {
    brokers: options.brokers,
    clientId: 'rosetta-lifecycle',
    ...(options.client ? { client: options.client } : {}),
  };

  const transform = (input: IncomingRecord) => {
    counters.consumed += 1;
    let candidate: unknown;
    try {
      candidate = JSON.parse(input.value?.toString('utf8') ?? 'null');
    } catch {
      candidate = undefined;
    }
    const checked = validateOutcome(candidate);
    if (!checked.ok) {
      counters.invalid += 1;
      log({
        level: 'warn',
        msg: 'not an outcome; skipped',
        partition: input.partition,
        offset: input.offset,
      });
      return [];
    }
    const outcome = checked.outcome;
    const previous = store.get(input.partition, updateKey(outcome, rules));
    const next = applyOutcome(previous, outcome, lifecycle);
    if (!next) {
      counters.unchanged += 1;
      return [];
    }
    counters.changed += 1;
    const records = changed(input.partition, previous, next);
    const rule = next.history.at(-1)?.inferred;
    const row = rule === undefined ? undefined : canonical.get(next.last.code);
    if (rule === undefined || !row) return records;
    // A rule inferred a result after this report: published on the outcomes topic like any other, in this transaction.
    counters.inferred += 1;
    const recordedAt = new Date(now()).toISOString();
    const note = rules.inference.rules.find((r) => r.id === rule)?.note ?? rule;
    return [
      ...records,
      outcomeRecord(inferredOutcome(next, row, rules.version, recordedAt, note), outcomesTopic, recordedAt),
    ];
  };

  /** An update's new state: kept, written to its changelog partition, and its campaign told (when it has one). */
  const changed = (
    partition: number,
    previous: UpdateState | undefined,
    next: UpdateState,
  ): OutgoingRecord[] => {
    store.set(partition, next.key, next);
    const change = campaignChange(previous, next);
    return [
      updateRecord(next, updatesTopic, partition),
      ...(change ? [campaignChangeRecord(change, campaignChangesTopic)] : []),
    ];
  };

  /** A claimed partition's states, read back from its changelog partition up to the end committed so far. */
  const restore = async (partition: number) => {
    const states = await readChangelog(connection, updatesTopic, partition, parseUpdate, (offset) => {
      counters.invalid += 1;
      log({ level: 'warn', msg: 'changelog record is not an update; skipped', partition, offset });
    });
    store.restored(partition, states);
    counters.restored += states.size;
    log({ level: 'info', msg: 'partition restored', partition, updates: states.size });
  };

  const committedPositions = new CommittedPositions();
  const start = (events: PipelineEvents) =>
    startTransactionalPipeline(connection, {
      groupId,
      topics: [outcomesTopic],
      transform,
      committedPositions,
      partitionHooks: {
        claimed: (_topic, partition) => restore(partition),
        released: (_topic, partition) => store.drop(partition),
      },
      ...events,
    });

  /** Every passed deadline: the timed-out state and its inferred outcome, committed in the partition's transaction. */
  const fireDeadlines = () => {
    const current = pipeline.current();
    if (!current) return;
    const at = now();
    const recordedAt = new Date(at).toISOString();
    const byPartition = new Map<number, OutgoingRecord[]>();
    for (const { partition, state } of store.due(at)) {
      const timedOut = overdue(state, at);
      if (!timedOut) continue;
      counters.timedOut += 1;
      const outcome = timedOutOutcome(timedOut, timedOutRow, rules.version, recordedAt);
      const records = byPartition.get(partition) ?? [];
      records.push(...changed(partition, state, timedOut), outcomeRecord(outcome, outcomesTopic, recordedAt));
      byPartition.set(partition, records);
    }
    // One transaction per partition and tick, however many deadlines passed together. A failed commit fails the
    // pipeline; its successor restores the states from before, and fires them again.
    for (const [partition, records] of byPartition)
      void current.commit(outcomesTopic, partition, records).catch(() => undefined);
  };
  const pipeline = await superviseTransactionalPipeline(start, {
    name: 'lifecycle',
    log,
    ...(options.restartBackoff ? { backoff: options.restartBackoff } : {}),
    onRestarted: () => (counters.restarts += 1),
  });
  const ticker = setInterval(fireDeadlines, options.tickMs ?? 1000);
  const campaigns = await startCampaignAggregation({
    brokers: options.brokers,
    ...(options.client ? { client: options.client } : {}),
    groupId: `${groupId}.campaigns`,
    changesTopic: campaignChangesTopic,
    ...(options.campaignsTopic ? { campaignsTopic: options.campaignsTopic } : {}),
    log,
    ...(options.restartBackoff ? { restartBackoff: options.restartBackoff } : {}),
  });
  return {
    counters,
    campaignCounters: campaigns.counters,
    activeUpdates: () => store.size,
    readiness: () => {
      const [updates, campaign] = [pipeline.readiness(), campaigns.readiness()];
      return { ok: updates.ok && campaign.ok, reasons: [...updates.reasons, ...campaign.reasons] };
    },
    async stop() {
      clearInterval(ticker);
      await Promise.all([pipeline.stop(), campaigns.stop()]);
    },
  };
}

/** The canonical rows the lifecycle writes: UPDATE_TIMED_OUT and every code a rule infers, each checked to exist. */
export function canonicalRows(rules: LifecycleRules): Map<string, CanonicalCode> {
  const rows = new Map(standardTranslator().canonical.codes.map((c) => [c.code, c]));
  for (const rule of rules.inference.rules) {
    const row = rule.infer && rows.get(rule.infer.code);
    if (rule.infer && row?.status !== rule.infer.status)
      throw new Error(
        `inference rule ${rule.id}: ${rule.infer.code} is not a canonical code of status ${rule.infer.status}`,
      );
  }
  return rows;
}
