import {
  CAMPAIGN_CHANGES_TOPIC,
  CAMPAIGNS_TOPIC,
  createTopics,
  followTopics,
  OUTCOMES_TOPIC,
  rosettaTopics,
  UPDATES_TOPIC,
} from '@rosetta/kafka';
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
const token = process.env.LIFECYCLE_API_TOKEN;
const app = await buildLifecycleApi({ view, metrics, ready, logger: true, ...(token ? { token } : {}) });
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
  () => readiness.close(),
]);
