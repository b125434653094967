import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NoSecLwm2mAdapter, startLwm2mAdapter } from './app.ts';

// Malformed and hostile input over real UDP: libcoap's coap-client (Debian libcoap3-bin) for CoAP-level mistakes,
// raw datagrams for what is not CoAP at all. Registration publishes nothing, so the publisher only counts.
let adapter: NoSecLwm2mAdapter;
const logs: Record<string, unknown>[] = [];
let published = 0;

beforeAll(async () => {
  adapter = await startLwm2mAdapter({
    port: 0,
    host: '127.0.0.1',
    config: { tenants: { acme: { endpoints: ['urn:imei:*', 'ok-*'] } }, maxPayloadBytes: 256 },
    publisher: {
      publish: async () => {
        published += 1;
      },
      close: async () => undefined,
    },
    log: (line) => logs.push(line),
  });
});
afterAll(() => adapter.close());

/**
 * Runs coap-client (asynchronously: the adapter answers from this same process) and returns what it printed;
 * libcoap prints "<code> <diagnostic payload>" for error responses.
 */
async function coapClient(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)('coap-client-notls', args, {
      encoding: 'utf8',
      timeout: 10_000,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}
const rd = (query: string) => `coap://127.0.0.1:${adapter.port}/rd${query}`;
const register = (query: string, payload: string, format = '40') =>
  coapClient(['-m', 'post', '-t', format, '-e', payload, '-B', '3', rd(query)]);

describe('LwM2M registration interface (seed 004 response codes)', () => {
  it('registers an allowed endpoint listing Object 5 (2.01) and keeps it', async () => {
    const before = adapter.registrations.size();
    const out = await register(
      '?ep=ok-1&lt=60&lwm2m=1.1&b=U',
      '</>;rt="oma.lwm2m";ct=110,</1/0>,</3/0>,</5>;ver=1.1',
    );
    expect(out).not.toMatch(/4\.\d\d|5\.\d\d/);
    expect(adapter.registrations.size()).toBe(before + 1);
    expect(adapter.registrations.byEndpoint('ok-1')).toMatchObject({
      tenant: 'acme',
      lifetime: 60,
      version: '1.1',
      objects: [5],
    });
  });

  it.each([
    ['an endpoint outside the allowlist', '?ep=intruder&lt=60&lwm2m=1.1', '</5>', '40', /4\.03/],
    ['a missing ep', '?lt=60', '</5>', '40', /4\.00 missing mandatory parameter ep/],
    ['an unknown parameter', '?ep=ok-2&colour=red', '</5>', '40', /4\.00 unknown parameter colour/],
    ['a non-numeric lifetime', '?ep=ok-3&lt=soon', '</5>', '40', /4\.00 lt must be a positive integer/],
    ['no LwM2M version', '?ep=ok-9&lt=60', '</5>', '40', /4\.00 missing mandatory parameter lwm2m/],
    [
      'an unknown LwM2M version',
      '?ep=ok-9&lwm2m=9.9',
      '</5>',
      '40',
      /4\.00 lwm2m must be 1\.0, 1\.1 or 1\.2/,
    ],
    ['bad link-format', '?ep=ok-4&lwm2m=1.1', '</1/0', '40', /4\.00 link-format/],
    ['a content format that is not link-format', '?ep=ok-5&lwm2m=1.1', '{"a":1}', '50', /4\.15/],
  ])('refuses %s', async (_name, query, payload, format, expected) => {
    expect(await register(query, payload, format)).toMatch(expected);
  });

  it('refuses an oversized registration payload with 4.13', async () => {
    expect(await register('?ep=ok-6&lwm2m=1.1', `</5>,${'</3/0>,'.repeat(60)}</4>`)).toMatch(/4\.13/);
  });

  it('answers 4.04 for an unknown registration on Update and De-register', async () => {
    expect(await coapClient(['-m', 'post', rd('/deadbeef')])).toMatch(/4\.04/);
    expect(await coapClient(['-m', 'delete', rd('/deadbeef')])).toMatch(/4\.04/);
  });

  it('drops garbage and truncated datagrams with a log line, and keeps serving', async () => {
    const socket = createSocket('udp4');
    const send = (bytes: Buffer) =>
      new Promise<void>((resolve) => socket.send(bytes, adapter.port, '127.0.0.1', () => resolve()));
    await send(Buffer.from('\xff\x00garbage', 'latin1'));
    await send(Buffer.from([0x40])); // a CoAP header cut after one byte
    await send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await new Promise((r) => setTimeout(r, 200));
    socket.close();
    expect(logs.filter((l) => l.msg === 'dropped a datagram that is not CoAP').length).toBeGreaterThanOrEqual(
      2,
    );
    expect(await register('?ep=ok-7&lt=60&lwm2m=1.1', '</5>')).not.toMatch(/4\.\d\d|5\.\d\d/);
    expect(adapter.registrations.byEndpoint('ok-7')).toBeDefined();
  });

  it('answers nothing to a datagram that is not CoAP, and never reflects an answer to localhost', async () => {
    // node-coap would send its 5.00 to localhost:<sender's port> for any sender: bind a trap there to catch it.
    const sender = createSocket('udp4');
    await new Promise<void>((resolve) => sender.bind(0, '127.0.0.2', () => resolve()));
    const trap = createSocket('udp4');
    await new Promise<void>((resolve) => trap.bind(sender.address().port, '127.0.0.1', () => resolve()));
    const received: string[] = [];
    sender.on('message', () => received.push('sender'));
    trap.on('message', () => received.push('localhost'));
    sender.send(Buffer.from('\xff\x00garbage', 'latin1'), adapter.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 300));
    sender.close();
    trap.close();
    expect(received).toEqual([]);
  });

  it('de-registers (2.02) and a re-registration replaces the old one', async () => {
    await register('?ep=ok-8&lt=60&lwm2m=1.1', '</5>');
    const first = adapter.registrations.byEndpoint('ok-8');
    await register('?ep=ok-8&lt=120&lwm2m=1.1', '</5>');
    const second = adapter.registrations.byEndpoint('ok-8');
    expect(second?.id).not.toBe(first?.id);
    expect(adapter.registrations.get(first?.id ?? '')).toBeUndefined();
    expect(await coapClient(['-m', 'delete', rd(`/${second?.id}`)])).not.toMatch(/4\.\d\d/);
    expect(adapter.registrations.byEndpoint('ok-8')).toBeUndefined();
    expect(published).toBe(0);
  });
});
