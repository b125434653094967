import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedOutcomeIds } from '@rosetta/ingest';
import { createKafka, rawTopic } from '@rosetta/kafka';
import { freePort } from '@rosetta/local-kafka';
import type { Vocabulary } from '@rosetta/outcome-schema';
import type { RawRecord } from '@rosetta/raw-record';
import { expect, inject, it } from 'vitest';
import { startService, waitForExit, waitForLine } from '../support/child-service.ts';
import { readUntil } from '../support/read-until.ts';

// A service that gets SIGTERM while results stream in must not lose any result it acknowledged: it stops accepting,
// finishes the requests in flight (each answered only after Kafka's ack), flushes the producer, then exits 0.
const brokers = inject('kafkaBrokers');
const kafka = createKafka({ brokers, clientId: 'sigterm-drain' });

interface Case {
  service: string;
  main: string;
  vocabulary: Vocabulary;
  env: (tenant: string, token: string, dir: string) => NodeJS.ProcessEnv;
  request: (tenant: string, i: number) => { path: string; body: unknown };
}

const CASES: Case[] = [
  {
    service: 'webhook-adapter',
    main: 'services/webhook-adapter/src/main.ts',
    vocabulary: 'pelion-update',
    env: (tenant, token, dir) => {
      writeFileSync(join(dir, 'creds.json'), JSON.stringify({ tenants: { [tenant]: { tokens: [token] } } }));
      return { WEBHOOK_CREDENTIALS_FILE: join(dir, 'creds.json'), ROSETTA_INSTANCE_ID: tenant };
    },
    request: (tenant, i) => ({
      path: '/webhooks/pelion-update',
      body: {
        object: 'device-event',
        id: `${tenant}-${i}`,
        device_id: `dev-${i % 20}`,
        event_type: 'UPD4_FAIL_504',
      },
    }),
  },
  {
    service: 'omadm-adapter',
    main: 'services/omadm-adapter/src/main.ts',
    vocabulary: 'omadm-fumo',
    env: (tenant, token, dir) => {
      writeFileSync(
        join(dir, 'tenants.json'),
        JSON.stringify({ tenants: { [tenant]: { tokens: [token], devices: {} } } }),
      );
      return {
        OMADM_TENANTS_FILE: join(dir, 'tenants.json'),
        OMADM_SERVER_URI: 'http://127.0.0.1/omadm',
        OMADM_DEFAULT_TENANT: tenant,
      };
    },
    request: (tenant, i) => ({
      path: '/omadm/alerts',
      body: {
        id: `${tenant}-${i}`,
        deviceId: `IMEI:49300510059${String(i % 20).padStart(4, '0')}`,
        alerts: [{ type: 'org.openmobilealliance.dm.firmwareupdate.download', data: 402 }],
      },
    }),
  },
];

it.each(CASES.map((c) => [c.service, c] as const))(
  '%s: SIGTERM mid-stream loses no acknowledged result and exits 0',
  async (_service, c) => {
    const tenant = `term-${randomUUID().slice(0, 8)}`;
    const token = randomUUID();
    const port = await freePort();
    const portVariable = c.service === 'webhook-adapter' ? 'WEBHOOK_PORT' : 'OMADM_PORT';
    const child = startService(c.main, {
      KAFKA_BROKERS: brokers.join(','),
      [portVariable]: String(port),
      ...c.env(tenant, token, mkdtempSync(join(tmpdir(), 'rosetta-sigterm-'))),
    });
    await waitForLine(child, /Server listening/);
    const exited = waitForExit(child);

    const acknowledged = new Set<string>();
    let inFlightAtSignal = -1;
    let inFlight = 0;
    let failures = 0;
    let signalled = false;
    let next = 0;
    const sendOne = async (): Promise<boolean> => {
      const { path, body } = c.request(tenant, next++);
      inFlight += 1;
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
        if (response.status !== 202) return false;
        for (const id of ((await response.json()) as { ids: string[] }).ids) acknowledged.add(id);
        return true;
      } catch {
        return false;
      } finally {
        inFlight -= 1;
      }
    };
    const worker = async () => {
      // Keep sending until the service has gone: answers stop once it closed its listener.
      while (!signalled || failures < 20) {
        if (!(await sendOne()) && signalled) failures += 1;
        if (!signalled && acknowledged.size >= 300) {
          signalled = true;
          inFlightAtSignal = inFlight;
          child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await exited;

    const raw = await readUntil(
      kafka,
      rawTopic(c.vocabulary),
      (m) => m.key?.toString().startsWith(`${tenant}/`) ?? false,
      acknowledged.size,
      30_000,
    );
    const onKafka = new Set(
      raw.flatMap((m) => expectedOutcomeIds(JSON.parse(m.value?.toString() ?? '{}') as RawRecord)),
    );
    const lost = [...acknowledged].filter((id) => !onKafka.has(id));
    console.log(
      `${c.service} SIGTERM: ${JSON.stringify({ sent: next, acknowledged: acknowledged.size, inFlightAtSignal, onKafka: onKafka.size, lost: lost.length, exitCode: child.exitCode })}`,
    );
    expect(inFlightAtSignal).toBeGreaterThan(0);
    expect(child.exitCode).toBe(0);
    expect(lost).toEqual([]);
  },
);
