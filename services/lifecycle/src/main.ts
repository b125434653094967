import {
  CAMPAIGN_CHANGES_TOPIC,
  CAMPAIGNS_TOPIC,
  createTopics,
  followTopics,
  OUTCOMES_TOPIC,
  rosettaTopics,
  UPDATES_TOPIC,
} from '@rosetta/kafka';
import { validateOutcome } from '@rosetta/outcome-schema';
import { loadServiceConfigOrExit } from '@rosetta/service-config';
import {
  closeHttpGracefully,
  createLogFn,
  createMetrics,
  exitAfterShutdown,
  kafkaReadinessProbe,
} from '@rosetta/telemetry';
import { buildLifecycleApi } from './api.ts';
import { startLifecycle } from './app.ts';
import { lifecycleConfigSpec } from './config.ts';
import { DriftTracker } from './drift.ts';
import { parseUpdate } from './records.ts';
import { UpdatesView } from './updates-view.ts';

const config = loadServiceConfigOrExit(lifecycleConfigSpec);
const { brokers } = config.kafka;
const log = createLogFn('lifecycle');
const metrics = createMetrics('lifecycle');
await createTopics({ brokers, clientId: 'rosetta-lifecycle-topics' }, rosettaTopics());
const lifecycle = await startLifecycle({
  brokers,
  client: config.kafka.client,
  groupId: config.groupId,
  deadlines: config.deadlines,
  tenantDeadlines: config.tenantDeadlines,
  tickMs: config.tickMs,
  log,
});
// The API answers from every update (all partitions), materialized from the compacted topic in this process.
const view = new UpdatesView();
const follower = await followTopics(
  { brokers, clientId: 'rosetta-lifecycle-view', client: config.kafka.client },
  [UPDATES_TOPIC],
  (record) => {
    const key = record.key?.toString('utf8');
    if (!key) return;
    if (record.value === null) view.apply(key, null);
    else {
      const state = parseUpdate(record.value);
      if (state) view.apply(key, state);
      else log({ level: 'warn', msg: 'updates record is not an update; not shown', offset: record.offset });
    }
  },
);
const readiness = await kafkaReadinessProbe(brokers, 'rosetta-lifecycle-admin', [
  OUTCOMES_TOPIC,
  UPDATES_TOPIC,
  CAMPAIGN_CHANGES_TOPIC,
  CAMPAIGNS_TOPIC,
]);
const ready = async () => {
  const [kafka, pipeline] = [await readiness.ready(), lifecycle.readiness()];
  return { ok: kafka.ok && pipeline.ok, reasons: [...kafka.reasons, ...pipeline.reasons] };
};
// Mapping drift: every outcome of the last window, then each new one (each replica counts all of them).
const drift = new DriftTracker({ windowMs: config.drift.windowMs });
const driftFeed = await followTopics(
  { brokers, clientId: 'rosetta-lifecycle-drift', client: config.kafka.client },
  [OUTCOMES_TOPIC],
  (record) => {
    const checked = validateOutcome(parseJson(record.value));
    if (checked.ok) drift.add(checked.outcome, Number(record.timestamp));
  },
  Date.now() - config.drift.windowMs,
);
const driftGauges = setInterval(() => {
  metrics.driftShare.reset();
  metrics.driftOutcomes.reset();
  for (const s of drift.snapshot(Date.now())) {
    const labels = { vocabulary: s.vocabulary, tenant: s.tenant };
    metrics.driftOutcomes.set(labels, s.outcomes);
    metrics.driftShare.set({ ...labels, kind: 'unmapped' }, s.unmappedShare);
    metrics.driftShare.set({ ...labels, kind: 'broader' }, s.broaderShare);
  }
}, 5000);
const token = process.env.LIFECYCLE_API_TOKEN;
const app = await buildLifecycleApi({
  view,
  drift,
  metrics,
  ready,
  logger: true,
  ...(token ? { token } : {}),
});
await app.listen(config.http);
log({ msg: 'lifecycle running', http: config.http, apiToken: token ? 'required' : 'none' });

// SIGTERM: stop answering, let the open transaction finish (or abort), leave the group so partitions move at once.
exitAfterShutdown([
  () => closeHttpGracefully(app),
  async () => {
    await lifecycle.stop();
    log({ msg: 'lifecycle stopped', ...lifecycle.counters });
  },
  () => follower.stop(),
  async () => {
    clearInterval(driftGauges);
    await driftFeed.stop();
  },
  () => readiness.close(),
]);

function parseJson(value: Buffer | null): unknown {
  try {
    return JSON.parse(value?.toString('utf8') ?? 'null');
  } catch {
    return undefined;
  }
}
