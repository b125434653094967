import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKafka } from '@rosetta/kafka';
import { freePort } from '@rosetta/local-kafka';
import { afterAll, expect, inject, it } from 'vitest';
import { LOCAL_PSK, pskEntries, writeSecurityFile } from '../support/dtls-gateway.ts';
import { ensureLeshanClient, LeshanClient } from '../support/leshan-client.ts';
import { makeLwm2mPki } from '../support/lwm2m-pki.ts';
import { readUntil } from '../support/read-until.ts';

// `rosetta start` against the test broker (KAFKA_BROKERS), on free ports: every service in its own supervised
// process, every admin port served, a killed service restarted without disturbing the others, Ctrl-C stops all.
const brokers = inject('kafkaBrokers');
const kafka = createKafka({ brokers, clientId: 'start-cli' });
const main = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));
let start: ChildProcess | undefined;
afterAll(() => {
  if (start?.exitCode === null) start.kill('SIGKILL');
});

const until = async (condition: () => boolean | Promise<boolean>, timeoutMs: number) => {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
};
const status = (url: string) =>
  fetch(url)
    .then((res) => res.status)
    .catch(() => 0);

it('runs one supervised process per service with every admin port, restarts a killed one, and stops all on SIGINT', async () => {
  const tenant = `start-${randomUUID().slice(0, 8)}`;
  const [omadm, webhook, coap, lwm2mAdmin, normalizerAdmin, coaps, dtlsAdmin, lifecycle] = await Promise.all(
    Array.from({ length: 8 }, () => freePort()),
  );
  // deploy/local's development PSKs, plus a raw public key device and X.509 devices (a CA made here), with the server
  // credentials RPK and X.509 need: the security file and server key that deploy/local leaves to the developer.
  const dir = mkdtempSync(join(tmpdir(), 'start-'));
  const pki = makeLwm2mPki(dir, 'urn:dev:start-x509');
  const securityFile = join(dir, 'lwm2m-security.json');
  writeSecurityFile(securityFile, {
    psk: pskEntries(LOCAL_PSK),
    rpk: [{ publicKey: pki.rpkDevice.publicKeyBase64, endpoint: 'urn:dev:start-rpk' }],
    x509: { trustAnchors: readFileSync(pki.caCert, 'utf8') },
  });
  start = spawn(process.execPath, ['--import', 'tsx', main, 'start'], {
    env: {
      ...process.env,
      KAFKA_BROKERS: brokers.join(','),
      OMADM_PORT: String(omadm),
      WEBHOOK_PORT: String(webhook),
      LWM2M_PORT: String(coap),
      LWM2M_ADMIN_PORT: String(lwm2mAdmin),
      LWM2M_DTLS_PORT: String(coaps),
      LWM2M_DTLS_ADMIN_PORT: String(dtlsAdmin),
      LWM2M_DTLS_SESSION_SOCKET: join(dir, 'sessions.sock'),
      LWM2M_DTLS_SECURITY_FILE: securityFile,
      LWM2M_DTLS_SERVER_CREDENTIALS: pki.serverCredentials,
      NORMALIZER_ADMIN_PORT: String(normalizerAdmin),
      LIFECYCLE_PORT: String(lifecycle),
      LIFECYCLE_GROUP_ID: `l-${tenant}`,
      NORMALIZER_GROUP_ID: `g-${tenant}`,
      ROSETTA_INSTANCE_ID: tenant,
      // Topics of its own: its normalizer starts from the beginning and must not re-normalize the shared history.
      ROSETTA_TOPIC_PREFIX: tenant,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  start.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  start.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  expect(await until(() => output.includes('Rosetta is running'), 120_000), output.slice(-2000)).toBe(true);
  expect(output).toMatch(/Node v24\.\d+\.\d+; Kafka \(env\) at \S+; client kafkajs/);
  const pids = JSON.parse(/one process per service: (\{[^}]*\})/.exec(output)?.[1] ?? '{}') as Record<
    string,
    number
  >;
  expect(Object.keys(pids).sort()).toEqual([
    'dtls-gateway',
    'lifecycle',
    'lwm2m-adapter',
    'normalizer',
    'omadm-adapter',
    'webhook-adapter',
  ]);
  expect(new Set(Object.values(pids)).size).toBe(6);
  for (const port of [omadm, webhook, lwm2mAdmin, normalizerAdmin, dtlsAdmin, lifecycle])
    expect(await until(async () => (await status(`http://127.0.0.1:${port}/readyz`)) === 200, 30_000)).toBe(
      true,
    );

  // One service dies the hard way: it comes back, and the others keep working meanwhile.
  process.kill(pids['omadm-adapter'] ?? 0, 'SIGKILL');
  expect(await until(() => /omadm-adapter exited \(signal SIGKILL\); restarting/.test(output), 10_000)).toBe(
    true,
  );
  const sent = await fetch(`http://127.0.0.1:${webhook}/webhooks/knox-efota`, {
    method: 'POST',
    headers: { authorization: 'Bearer local-dev-token', 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId: `${tenant}-d1`, agentError: { code: -2402 } }),
  });
  expect(sent.status).toBe(202);
  expect(await until(async () => (await status(`http://127.0.0.1:${omadm}/readyz`)) === 200, 60_000)).toBe(
    true,
  );
  const outcomes = await readUntil(
    kafka,
    `${tenant}.outcomes.v1`,
    (m) => m.key?.toString().endsWith(`/${tenant}-d1`) ?? false,
    1,
    60_000,
  );
  expect(outcomes).toHaveLength(1);

  // coaps through the DTLS gateway: libcoap's client registers with deploy/local's development PSK; Eclipse Leshan's
  // client, over PSK, raw public key and X.509, registers and reports an integrity failure that reaches the outcomes
  // topic.
  const libcoap = await promisify(execFile)(
    'coap-client-openssl',
    [
      '-v',
      '6',
      '-B',
      '4',
      '-m',
      'post',
      '-t',
      '40',
      '-e',
      '</3/0>',
      '-u',
      'local-psk-2',
      '-k',
      'local-dev-psk-key-2',
    ].concat(`coaps://127.0.0.1:${coaps}/rd?ep=urn:dev:local-psk-2&lt=60&lwm2m=1.1`),
    { encoding: 'utf8', timeout: 20_000 },
  );
  expect(libcoap.stdout + libcoap.stderr).toMatch(/c:2\.01/);
  ensureLeshanClient();
  const devices: [string, string[]][] = [
    ['urn:dev:local-psk', ['psk', 'local-psk', Buffer.from('local-dev-psk-key').toString('hex')]],
    ['urn:dev:start-rpk', ['rpk', pki.rpkDevice.publicKeyDer, pki.rpkDevice.keyDer, pki.serverPublicKeyDer]],
    ['urn:dev:start-x509', ['x509', pki.x509Device.certDer, pki.x509Device.keyDer, pki.serverCertDer]],
  ];
  for (const [endpoint, security] of devices) {
    const leshan = LeshanClient.start(coaps ?? 0, endpoint, security);
    try {
      await leshan.waitFor(/registered \S+/);
      await leshan.send('state 1');
      await leshan.send('fw 0 5');
      const lwm2m = await readUntil(
        kafka,
        `${tenant}.outcomes.v1`,
        (m) =>
          m.key?.toString() === `local/${endpoint}` &&
          JSON.parse(m.value?.toString() ?? '{}').outcome?.code === 'PACKAGE_INTEGRITY_FAILED',
        1,
        60_000,
      );
      expect(lwm2m, `${security[0]}: ${endpoint}`).toHaveLength(1);
    } finally {
      await leshan.stop();
    }
  }

  // The lifecycle service followed the same outcomes: the Leshan device's update stands failed on its API.
  const updateOf = () =>
    fetch(`http://127.0.0.1:${lifecycle}/v1/updates/local/${encodeURIComponent('urn:dev:local-psk')}`)
      .then(async (res) => (res.ok ? ((await res.json()) as { updates: { status: string }[] }) : undefined))
      .catch(() => undefined);
  expect(
    await until(async () => (await updateOf())?.updates.some((u) => u.status === 'failed') ?? false, 30_000),
  ).toBe(true);
  // So does the Knox result the webhook adapter took at the start: one update, failed, at its canonical code.
  const knox = (await (
    await fetch(`http://127.0.0.1:${lifecycle}/v1/updates/local/${tenant}-d1`)
  ).json()) as {
    updates: { status: string; last: { code: string; sourceCode: string } }[];
  };
  expect(knox.updates).toMatchObject([
    { status: 'failed', last: { code: 'PACKAGE_INTEGRITY_FAILED', sourceCode: '-2402' } },
  ]);
  // …and counted the run's outcomes in its mapping drift window (this run's tenant among them).
  const drift = (await (
    await fetch(`http://127.0.0.1:${lifecycle}/v1/drift?vocabulary=lwm2m-fw`)
  ).json()) as {
    series: { tenant: string; outcomes: number }[];
  };
  expect(drift.series.find((s) => s.tenant === 'local')?.outcomes).toBeGreaterThan(0);
  start.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => start?.once('exit', (c) => resolve(c)));
  expect(code).toBe(0);
  for (const pid of Object.values(pids)) expect(() => process.kill(pid, 0)).toThrow();
}, 240_000);
