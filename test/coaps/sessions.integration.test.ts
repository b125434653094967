import { dtlsTransport, SimDevice } from '@rosetta/device-simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { pskEntries, startCoapsStack, writeSecurityFile } from '../support/dtls-gateway.ts';

// What ends a DTLS session, seen from both sides: a reload that removes its credentials, and the gateway's session cap.
// Devices are the simulator's (node-dtls-client PSK sessions that stay open), so a session outlives one request.
const credentials = ['a', 'b', 'c'].map((name) => ({
  identity: `sessions-${name}`,
  key: `sessions-key-${name}`,
  endpoint: `urn:dev:sessions-${name}`,
}));
type Stack = Awaited<ReturnType<typeof startCoapsStack>>;
let stack: Stack | undefined;
const devices: SimDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) d.close();
  await stack?.stop();
});

function device(s: Stack, index: number): SimDevice {
  const c = credentials[index];
  if (!c) throw new Error(`no credential ${index}`);
  const d = new SimDevice(
    c.endpoint,
    dtlsTransport({ host: '127.0.0.1', port: s.gateway.port }, { ...c, key: Buffer.from(c.key) }, 3000),
  );
  devices.push(d);
  return d;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

const gatewaySessions = async (s: Stack) => (await s.gateway.metrics()).get('rosetta_dtls_sessions');
const adapterSessions = (s: Stack) => s.adapter.sessions?.sessions;

describe('DTLS sessions end', () => {
  it('when a reload removes their credentials: at once, in the gateway and in the adapter', async () => {
    stack = await startCoapsStack({ psk: pskEntries(credentials) });
    const s = stack;
    const [a, b] = [device(s, 0), device(s, 1)];
    expect(await a.register()).toBe('2.01');
    expect(await b.register()).toBe('2.01');
    expect(adapterSessions(s)).toBe(2);
    writeSecurityFile(s.gateway.securityFile, { psk: pskEntries(credentials.slice(1)) });
    expect(await until(() => adapterSessions(s) === 1)).toBe(true);
    expect(await gatewaySessions(s)).toBe(1);
    // The revoked device's next request finds no session; the other one keeps its own.
    expect(await a.register(300, 1)).not.toBe('2.01');
    expect(await b.register(300, 1)).toBe('2.01');
    expect(s.adapter.registrations.byEndpoint('urn:dev:sessions-b')).toMatchObject({ security: 'dtls' });
  }, 60_000);

  it('at the session cap: a new handshake evicts the session idle longest, which ends in the adapter too', async () => {
    stack = await startCoapsStack({ psk: pskEntries(credentials) }, { maxSessions: 2, idleSeconds: 1 });
    const s = stack;
    const [a, b, c] = [device(s, 0), device(s, 1), device(s, 2)];
    expect(await a.register()).toBe('2.01');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await b.register()).toBe('2.01');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // both idle past the threshold, a the longest
    expect(await c.register()).toBe('2.01');
    expect(await until(() => adapterSessions(s) === 2)).toBe(true);
    expect(await gatewaySessions(s)).toBe(2);
    expect(await b.register(300, 1)).toBe('2.01');
    expect(await a.register(300, 1)).not.toBe('2.01');
  }, 60_000);

  it('on SIGTERM, a request already sent still gets its answer before the gateway stops', async () => {
    stack = await startCoapsStack({ psk: pskEntries(credentials) });
    const s = stack;
    const a = device(s, 0);
    expect(await a.register()).toBe('2.01');
    const [answer] = await Promise.all([a.register(300, 1), s.gateway.stop()]);
    expect(answer).toBe('2.01');
    expect(s.gateway.output()).toMatch(/dtls gateway stopped/);
  }, 60_000);

  it('at the session cap with no idle session: a new handshake is refused and the sessions stay', async () => {
    stack = await startCoapsStack({ psk: pskEntries(credentials) }, { maxSessions: 2, idleSeconds: 600 });
    const s = stack;
    const [a, b, c] = [device(s, 0), device(s, 1), device(s, 2)];
    expect(await a.register()).toBe('2.01');
    expect(await b.register()).toBe('2.01');
    expect(await c.register(300, 1)).toBe('handshake-failed');
    expect(adapterSessions(s)).toBe(2);
    expect(await a.register(300, 1)).toBe('2.01');
  }, 60_000);
});
