import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForExit } from '@rosetta/local-kafka';
import {
  dtlsGatewayCommand,
  ensureDtlsGateway,
  type Lwm2mAdapter,
  startLwm2mAdapter,
} from '@rosetta/lwm2m-adapter';
import type { Metrics } from '@rosetta/telemetry';

/** The development PSK credentials of deploy/local (identity, key as text, bound endpoint). */
export const LOCAL_PSK = [
  { identity: 'local-psk', key: 'local-dev-psk-key', endpoint: 'urn:dev:local-psk' },
  { identity: 'local-psk-2', key: 'local-dev-psk-key-2', endpoint: 'urn:dev:local-psk-2' },
] as const;

export interface SecurityFile {
  psk?: { identity: string; key: string; endpoint: string }[];
  rpk?: { publicKey: string; endpoint: string }[];
  x509?: { trustAnchors: string };
}

/** A running DTLS gateway (services/dtls-gateway) in front of an adapter's session channel. */
export interface RunningGateway {
  port: number;
  adminPort: number;
  securityFile: string;
  sessionSocket: string;
  output(): string;
  /** Parsed Prometheus samples of the gateway, `name{labels}` → value. */
  metrics(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

/** Where the adapter listens for the gateway's session channel, and the gateway's security file. */
export function gatewayPaths(): { dir: string; sessionSocket: string; securityFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rosetta-dtls-'));
  return { dir, sessionSocket: join(dir, 'sessions.sock'), securityFile: join(dir, 'security.json') };
}

export function writeSecurityFile(path: string, file: SecurityFile): void {
  writeFileSync(path, JSON.stringify(file));
}

/** PSK keys are written as hex in the file; the tests name them as text, as libcoap's -k takes them. */
export const pskEntries = (entries: readonly { identity: string; key: string; endpoint: string }[]) =>
  entries.map((e) => ({ ...e, key: Buffer.from(e.key).toString('hex') }));

export async function startDtlsGateway(options: {
  sessionSocket: string;
  securityFile: string;
  serverCredentials?: string;
  maxSessions?: number;
  idleSeconds?: number;
}): Promise<RunningGateway> {
  ensureDtlsGateway();
  const [port, adminPort] = [await freePort(), await freePort()];
  const run = dtlsGatewayCommand({
    enabled: true,
    listen: { host: '127.0.0.1', port },
    sessionSocket: options.sessionSocket,
    securityFile: options.securityFile,
    ...(options.serverCredentials ? { serverCredentials: options.serverCredentials } : {}),
    admin: { host: '127.0.0.1', port: adminPort },
    maxSessions: options.maxSessions ?? 1000,
    idleSeconds: options.idleSeconds ?? 600,
  });
  const child: ChildProcess = spawn(run.command, run.args, {
    // One retransmission: a handshake with a wrong key fails in seconds instead of half a minute.
    env: { ...process.env, ...run.env, DTLS_HANDSHAKE_RETRANSMISSIONS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const metrics = async () => {
    const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
    return new Map(
      text
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => {
          const at = line.lastIndexOf(' ');
          return [line.slice(0, at), Number(line.slice(at + 1))] as const;
        }),
    );
  };
  for (const end = Date.now() + 30_000; ; ) {
    const ready = await fetch(`http://127.0.0.1:${adminPort}/readyz`)
      .then((res) => res.ok)
      .catch(() => false);
    if (ready) break;
    if (child.exitCode !== null || Date.now() > end)
      throw new Error(`the DTLS gateway did not become ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    port,
    adminPort,
    securityFile: options.securityFile,
    sessionSocket: options.sessionSocket,
    output: () => output,
    metrics,
    stop: async () => {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) child.kill('SIGKILL');
    },
  };
}

/**
 * An LwM2M adapter (urn:dev:* admitted, nothing published) behind a DTLS gateway with this security file: what the
 * broker-less coaps tests run against. `noSec` adds the adapter's plain CoAP listener.
 */
export async function startCoapsStack(
  security: SecurityFile,
  options: { noSec?: boolean; metrics?: Metrics; maxSessions?: number; idleSeconds?: number } = {},
): Promise<{ adapter: Lwm2mAdapter; gateway: RunningGateway; dir: string; stop(): Promise<void> }> {
  const paths = gatewayPaths();
  writeSecurityFile(paths.securityFile, security);
  const adapter = await startLwm2mAdapter({
    ...(options.noSec ? { port: 0, host: '127.0.0.1' } : {}),
    secure: { sessionSocket: paths.sessionSocket },
    config: { tenants: { dev: { endpoints: ['urn:dev:*'] } } },
    publisher: { publish: async () => undefined, close: async () => undefined },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    log: () => undefined,
  });
  const gateway = await startDtlsGateway({
    sessionSocket: paths.sessionSocket,
    securityFile: paths.securityFile,
    ...(options.maxSessions ? { maxSessions: options.maxSessions } : {}),
    ...(options.idleSeconds ? { idleSeconds: options.idleSeconds } : {}),
  });
  return {
    adapter,
    gateway,
    dir: paths.dir,
    stop: async () => {
      await gateway.stop();
      await adapter.close();
    },
  };
}
