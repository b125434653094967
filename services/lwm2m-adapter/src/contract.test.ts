import { decodeSenmlPack } from '@rosetta/codecs/lwm2m';
import { type ContractCase, loadCases, mismatches, NormalizingPublisher } from '@rosetta/contract-kit';
import { publishRaw } from '@rosetta/ingest';
import { createMetrics } from '@rosetta/telemetry';
import { describe, expect, it } from 'vitest';
import type { Lwm2mConfig } from './config.ts';
import { instanceOf } from './followed-objects.ts';
import { deviceOf, lwm2mRecord } from './lwm2m-records.ts';
import { objectReports } from './object-reports.ts';
import type { Registration } from './registry.ts';

// The LwM2M contract cases (test/contract/lwm2m-fw, lwm2m-sw): one notification or Send payload, as a device sends it, through the
// adapter's own report handler (decode → compare with the values held → raw record) and normalize(), against the
// expected acknowledgment and canonical outcomes. The socket path is covered by the adapter's integration tests and
// the Leshan client end to end.
const tenant = 'contract-lwm2m';
const config: Lwm2mConfig = { tenants: { [tenant]: { endpoints: ['*'] } } };

type Previous = NonNullable<NonNullable<ContractCase['request']['lwm2m']>['previous']>;

function registration(c: ContractCase, path: string, previous: Previous): Registration {
  const ref = instanceOf(path);
  if (!ref) throw new Error(`${c.name}: ${path} is not an instance of a followed object`);
  const { result, ...rest } = previous;
  return {
    id: `reg-${c.name}`,
    endpoint: `urn:contract:${c.name}`,
    tenant,
    address: '192.0.2.1',
    port: 5683,
    lifetime: 300,
    version: '1.1',
    binding: 'U',
    expiresAt: Number.MAX_SAFE_INTEGER,
    security: 'nosec',
    device: { manufacturer: 'Contract', model: 'LW-1' },
    objects: [ref.spec.object],
    instances: [
      {
        path: ref.path,
        spec: ref.spec,
        values: { ...rest, ...(result === undefined ? {} : { 'update-result': result }) },
        pkg: {},
      },
    ],
    queue: Promise.resolve(),
  };
}

/** Relative SenML times in Send cases count from here, so expected occurredAt values are fixed. */
const NOW = Date.UTC(2026, 11, 5, 12);

const payloadOf = (c: ContractCase): Buffer =>
  c.inputKind === 'hex' ? Buffer.from(c.input.replace(/\s+/g, ''), 'hex') : Buffer.from(c.input, 'utf8');

describe.each(['lwm2m-fw', 'lwm2m-sw'])('contract: %s', (vocabulary) => {
  for (const c of loadCases(vocabulary)) {
    it(c.name, async () => {
      const lwm2m = c.request.lwm2m;
      if (!lwm2m) throw new Error(`${c.name}.request.json names no lwm2m path and format`);
      const outcomes = new NormalizingPublisher();
      const reports = objectReports({
        metrics: createMetrics('lwm2m-contract'),
        log: () => undefined,
        stats: { notifications: 0 },
        publish: (record) => publishRaw(outcomes, [record]),
        record: (r, vocabulary, parts, received, results) =>
          lwm2mRecord(config, r, vocabulary, parts, received, results),
        deviceOf,
      });
      const r = registration(c, lwm2m.path, lwm2m.previous ?? {});
      const [instance] = r.instances;
      if (!instance) throw new Error('the registration holds the instance');
      const payload = payloadOf(c);
      const handled = lwm2m.send
        ? Promise.resolve()
            .then(() => decodeSenmlPack(lwm2m.format, payload, NOW))
            .then((pack) => reports.sent(r, pack, { format: lwm2m.format, payload }))
        : reports.observed(r, instance, { format: lwm2m.format, observe: 1, payload });
      const acknowledged = await handled.then(
        () => true,
        () => false,
      );
      expect([
        ...mismatches(acknowledged, c.answer.acknowledged ?? true, 'acknowledged'),
        ...mismatches(
          outcomes.all,
          c.outcomes.map((o) => ({ tenant, device: { id: r.endpoint }, ...o })),
          'outcomes',
        ),
        ...mismatches(outcomes.deadLetters, [], 'dead letters'),
      ]).toEqual([]);
    });
  }
});
