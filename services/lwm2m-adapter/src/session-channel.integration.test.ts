import { mkdtempSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetrics } from '@rosetta/telemetry';
import { generate, type ParsedPacket, parse } from 'coap-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lwm2mAdapter, startLwm2mAdapter } from './app.ts';
import { encodeFrame, FRAME_KIND, type Frame, FrameReader } from './session-frames.ts';

// The session channel over a real unix socket, this test playing the DTLS gateway: OPEN a session with an identity,
// carry CoAP bytes as DATA both ways, CLOSE it. The adapter has no NoSec listener: the channel is its only way in.
const path = join(mkdtempSync(join(tmpdir(), 'sessions-')), 'sessions.sock');
const metrics = createMetrics('lwm2m-adapter');
let adapter: Lwm2mAdapter;

beforeAll(async () => {
  adapter = await startLwm2mAdapter({
    secure: { sessionSocket: path },
    config: { tenants: { dev: { endpoints: ['urn:dev:*'] } } },
    publisher: { publish: async () => undefined, close: async () => undefined },
    metrics,
    log: () => undefined,
  });
});
afterAll(() => adapter.close());

/** A fake gateway: one connection, the frames it received, and a way to wait for the next answer to a session. */
async function gateway() {
  const socket: Socket = connect(path);
  const reader = new FrameReader();
  const received: Frame[] = [];
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    const read = reader.push(chunk);
    if ('frames' in read) received.push(...read.frames);
  });
  socket.on('close', () => {
    closed = true;
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let messageId = 100;
  return {
    socket,
    received,
    get closed() {
      return closed;
    },
    open: (session: number, endpoint: string) =>
      socket.write(
        encodeFrame(
          FRAME_KIND.open,
          session,
          Buffer.from(JSON.stringify({ endpoint, identity: `psk:${endpoint}` })),
        ),
      ),
    close: (session: number) => socket.write(encodeFrame(FRAME_KIND.close, session)),
    /** Sends a confirmable request into the adapter from `session` and resolves with the adapter's answer. */
    request: async (session: number, packet: Parameters<typeof generate>[0]): Promise<ParsedPacket> => {
      messageId += 1;
      const id = messageId;
      socket.write(
        encodeFrame(FRAME_KIND.data, session, generate({ confirmable: true, messageId: id, ...packet })),
      );
      for (const end = Date.now() + 3000; Date.now() < end; ) {
        const answer = received.find((f) => f.session === session && parse(f.payload).messageId === id);
        if (answer) return parse(answer.payload);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no answer for session ${session}`);
    },
  };
}

const register = (endpoint: string) => ({
  code: 'POST',
  options: [
    { name: 'Uri-Path', value: Buffer.from('rd') },
    { name: 'Content-Format', value: Buffer.from([40]) },
    { name: 'Uri-Query', value: Buffer.from(`ep=${endpoint}`) },
    { name: 'Uri-Query', value: Buffer.from('lt=300') },
    { name: 'Uri-Query', value: Buffer.from('lwm2m=1.1') },
  ],
  payload: Buffer.from('</1/0>,</3/0>,</5/0>'),
});
const locationOf = (answer: ParsedPacket) =>
  answer.options
    .filter((o) => o.name === 'Location-Path')
    .map((o) => o.value.toString())
    .join('/');
const refused = async (reason: string) =>
  (await metrics.lwm2mSecurityRefused.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

describe('session channel', () => {
  it('is a socket file only its owner and group may open', () => {
    expect(statSync(path).mode & 0o777).toBe(0o660);
  });

  it('registers an opened session under its endpoint, and sends the device requests back into that session', async () => {
    const g = await gateway();
    g.open(7, 'urn:dev:a');
    const answer = await g.request(7, register('urn:dev:a'));
    expect(answer.code).toBe('2.01');
    expect(adapter.registrations.byEndpoint('urn:dev:a')).toMatchObject({ security: 'dtls', port: 7 });
    // The adapter's own requests to the device (the /3/0 read, the /5/0 observation) travel as DATA of session 7.
    for (const end = Date.now() + 3000; Date.now() < end; ) {
      if (g.received.some((f) => f.session === 7 && parse(f.payload).code === '0.01')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(g.received.filter((f) => parse(f.payload).code === '0.01').map((f) => f.session)).toContain(7);
    expect(adapter.sessions?.sessions).toBe(1);
    g.socket.destroy();
  });

  it('answers 4.01 to a datagram of a session never opened, and registers nothing', async () => {
    const g = await gateway();
    const before = await refused('no-session');
    expect((await g.request(9, register('urn:dev:never'))).code).toBe('4.01');
    expect(adapter.registrations.byEndpoint('urn:dev:never')).toBeUndefined();
    expect(await refused('no-session')).toBe(before + 1);
    g.socket.destroy();
  });

  it('answers 4.03 to a session that claims an endpoint its credentials are not bound to', async () => {
    const g = await gateway();
    g.open(1, 'urn:dev:b');
    expect((await g.request(1, register('urn:dev:someone-else'))).code).toBe('4.03');
    expect(adapter.registrations.byEndpoint('urn:dev:someone-else')).toBeUndefined();
    g.socket.destroy();
  });

  it('a closed session speaks for no one: its Update gets 4.01', async () => {
    const g = await gateway();
    g.open(3, 'urn:dev:c');
    const location = locationOf(await g.request(3, register('urn:dev:c')));
    g.close(3);
    const update = {
      code: 'POST',
      options: location
        .split('/')
        .map((segment) => ({ name: 'Uri-Path' as const, value: Buffer.from(segment) })),
    };
    expect((await g.request(3, update)).code).toBe('4.01');
    g.socket.destroy();
  });

  it("sessions are numbered per connection: another connection's session 3 is not this one's", async () => {
    const [first, second] = [await gateway(), await gateway()];
    first.open(3, 'urn:dev:d');
    expect((await first.request(3, register('urn:dev:d'))).code).toBe('2.01');
    expect((await second.request(3, register('urn:dev:d'))).code).toBe('4.01');
    first.socket.destroy();
    second.socket.destroy();
  });

  it('closes a connection that breaks the protocol, and its sessions end with it', async () => {
    const g = await gateway();
    g.open(4, 'urn:dev:e');
    expect((await g.request(4, register('urn:dev:e'))).code).toBe('2.01');
    const sessions = adapter.sessions?.sessions ?? 0;
    g.socket.write(Buffer.from([0, 0, 0, 5, 77, 0, 0, 0, 4])); // kind 77
    for (const end = Date.now() + 3000; !g.closed && Date.now() < end; )
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(g.closed).toBe(true);
    expect(adapter.sessions?.sessions).toBe(sessions - 1);
  });
});
