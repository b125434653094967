import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every Rosetta metric, defined once; services get the object and increment, never name a metric themselves. */
export function createMetrics(service: string, version = '1.0.0') {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const r = [registry];
  const metrics = {
    registry,
    received: new Counter({
      name: 'rosetta_results_received_total',
      help: 'Results received from sources',
      labelNames: ['vocabulary', 'tenant'],
      registers: r,
    }),
    accepted: new Counter({
      name: 'rosetta_results_accepted_total',
      help: 'Results written to a raw topic and acknowledged to the sender',
      labelNames: ['vocabulary', 'tenant'],
      registers: r,
    }),
    refused: new Counter({
      name: 'rosetta_results_refused_total',
      help: 'Requests refused, by reason (error code)',
      labelNames: ['vocabulary', 'reason'],
      registers: r,
    }),
    published: new Counter({
      name: 'rosetta_outcomes_published_total',
      help: 'Canonical outcomes published',
      labelNames: ['vocabulary', 'tenant', 'status'],
      registers: r,
    }),
    unmapped: new Counter({
      name: 'rosetta_outcomes_unmapped_total',
      help: 'Outcomes whose source code is not in the tables',
      labelNames: ['vocabulary', 'tenant'],
      registers: r,
    }),
    deadLettered: new Counter({
      name: 'rosetta_dead_letters_total',
      help: 'Raw records sent to the dead-letter topic',
      labelNames: ['stage'],
      registers: r,
    }),
    ackLatency: new Histogram({
      name: 'rosetta_ack_latency_seconds',
      help: 'Request received → sender answered (raw record acknowledged)',
      labelNames: ['vocabulary'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: r,
    }),
    normalizationLatency: new Histogram({
      name: 'rosetta_normalization_latency_seconds',
      help: 'Raw record received → canonical outcome produced',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: r,
    }),
    producerErrors: new Counter({
      name: 'rosetta_kafka_producer_errors_total',
      help: 'Kafka produce requests that failed',
      registers: r,
    }),
    registrations: new Gauge({
      name: 'rosetta_lwm2m_registrations',
      help: 'LwM2M devices currently registered',
      registers: r,
    }),
    observations: new Gauge({
      name: 'rosetta_lwm2m_observations',
      help: 'LwM2M observations the server currently follows',
      registers: r,
    }),
    notifications: new Counter({
      name: 'rosetta_lwm2m_notifications_total',
      help: 'LwM2M Object 5 notifications received',
      registers: r,
    }),
    cacheEntries: new Gauge({
      name: 'rosetta_bounded_cache_entries',
      help: 'Entries in an in-memory map that senders can grow (each has a cap; see the README)',
      labelNames: ['cache'],
      registers: r,
    }),
    cacheEvictions: new Counter({
      name: 'rosetta_bounded_cache_evictions_total',
      help: 'Entries dropped from a capped in-memory map because it was full',
      labelNames: ['cache'],
      registers: r,
    }),
    omadmAlertsIgnored: new Counter({
      name: 'rosetta_omadm_alerts_ignored_total',
      help: 'OMA-DM Generic Alert items whose type no routing row knows (recorded raw, no outcome)',
      registers: r,
    }),
    lwm2mDropped: new Counter({
      name: 'rosetta_lwm2m_notifications_dropped_total',
      help: 'LwM2M notifications not published, by reason (stale Observe sequence, value not of the resource type)',
      labelNames: ['reason'],
      registers: r,
    }),
    lwm2mDatagramsDropped: new Counter({
      name: 'rosetta_lwm2m_datagrams_dropped_total',
      help: 'LwM2M datagrams dropped on arrival, by reason (adapter-behind: its receive queue was full)',
      labelNames: ['reason'],
      registers: r,
    }),
    lwm2mReregistrations: new Counter({
      name: 'rosetta_lwm2m_reregistrations_total',
      help: 'Registrations of an endpoint already registered from another address (taken over)',
      registers: r,
    }),
    lwm2mSecurityRefused: new Counter({
      name: 'rosetta_lwm2m_security_refused_total',
      help: 'LwM2M requests refused because the session may not speak for the endpoint, by reason',
      labelNames: ['reason'],
      registers: r,
    }),
    lwm2mSendRefused: new Counter({
      name: 'rosetta_lwm2m_send_refused_total',
      help: 'LwM2M Send requests refused, by reason (no registration, object not registered, not SenML, undecodable)',
      labelNames: ['reason'],
      registers: r,
    }),
    driftShare: new Gauge({
      name: 'rosetta_mapping_drift_share',
      help: 'Share of outcomes over the drift window whose source code hit no table row (kind=unmapped) or a broader one',
      labelNames: ['vocabulary', 'tenant', 'kind'],
      registers: r,
    }),
    driftOutcomes: new Gauge({
      name: 'rosetta_mapping_drift_outcomes',
      help: 'Outcomes in the drift window',
      labelNames: ['vocabulary', 'tenant'],
      registers: r,
    }),
    buildInfo: new Gauge({
      name: 'rosetta_build_info',
      help: 'Build information',
      labelNames: ['version'],
      registers: r,
    }),
  };
  metrics.buildInfo.set({ version }, 1);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
