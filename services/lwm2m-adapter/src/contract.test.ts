import { type ContractCase, loadCases, mismatches, NormalizingPublisher } from '@rosetta/contract-kit';
import { publishRaw } from '@rosetta/ingest';
import { createMetrics } from '@rosetta/telemetry';
import { describe, expect, it } from 'vitest';
import type { Lwm2mConfig } from './config.ts';
import { firmwareReports } from './firmware-reports.ts';
import { deviceOf, lwm2mRecord } from './lwm2m-records.ts';
import type { Registration } from './registry.ts';

// The LwM2M contract cases (test/contract/lwm2m-fw): one notification payload, as a device sends it, through the
// adapter's own report handler (decode → compare with the values held → raw record) and normalize(), against the
// expected acknowledgment and canonical outcomes. The socket path is covered by the adapter's integration tests and
// the Leshan client end to end.
const tenant = 'contract-lwm2m';
const config: Lwm2mConfig = { tenants: { [tenant]: { endpoints: ['*'] } } };

function registration(c: ContractCase, previous: { state?: number; result?: number }): Registration {
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
    firmware: true,
    device: { manufacturer: 'Contract', model: 'LW-1' },
    pkg: {},
    ...previous,
    cancel: [],
    queue: Promise.resolve(),
  };
}

const payloadOf = (c: ContractCase): Buffer =>
  c.inputKind === 'hex' ? Buffer.from(c.input.replace(/\s+/g, ''), 'hex') : Buffer.from(c.input, 'utf8');

describe('contract: lwm2m-fw', () => {
  for (const c of loadCases('lwm2m-fw')) {
    it(c.name, async () => {
      const lwm2m = c.request.lwm2m;
      if (!lwm2m) throw new Error(`${c.name}.request.json names no lwm2m path and format`);
      const outcomes = new NormalizingPublisher();
      const report = firmwareReports({
        metrics: createMetrics('lwm2m-contract'),
        log: () => undefined,
        stats: { notifications: 0 },
        publish: (record) => publishRaw(outcomes, [record]),
        record: (r, parts, received, results) => lwm2mRecord(config, r, 'lwm2m-fw', parts, received, results),
        deviceOf,
      });
      const r = registration(c, lwm2m.previous ?? {});
      const acknowledged = await report(r, lwm2m.path, {
        format: lwm2m.format,
        observe: 1,
        payload: payloadOf(c),
      }).then(
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
