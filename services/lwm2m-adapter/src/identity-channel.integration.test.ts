import { mkdtempSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityChannel, listenIdentityChannel } from './identity-channel.ts';

// The identity channel over a real unix socket, as the DTLS gateway uses it.
let channel: IdentityChannel;
const path = join(mkdtempSync(join(tmpdir(), 'identity-')), 'identity.sock');

beforeAll(async () => {
  channel = await listenIdentityChannel(path, () => undefined);
});
afterAll(() => channel.close());

async function open(): Promise<{ socket: Socket; lines: string[] }> {
  const socket = connect(path);
  const lines: string[] = [];
  socket.on('data', (chunk) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, lines };
}

async function until(check: () => boolean): Promise<void> {
  for (const end = Date.now() + 3000; !check(); ) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('identity channel', () => {
  it('is a socket file only its owner and group may open', () => {
    expect(statSync(path).mode & 0o777).toBe(0o660);
  });

  it('binds a port, answers bound, and unbinds', async () => {
    const { socket, lines } = await open();
    socket.write('{"op":"bind","port":41000,"endpoint":"urn:dev:a","identity":"psk:a"}\n');
    await until(() => lines.length > 0);
    expect(JSON.parse(lines[0] ?? '')).toEqual({ op: 'bound', port: 41000 });
    expect(channel.sessionOf(41000)).toEqual({ endpoint: 'urn:dev:a', identity: 'psk:a' });
    socket.write('{"op":"unbind","port":41000}\n');
    await until(() => channel.sessionOf(41000) === undefined);
    socket.destroy();
  });

  it('refuses what is not a message of the protocol', async () => {
    const { socket, lines } = await open();
    socket.write('{"op":"bind","port":"41001","endpoint":"urn:dev:a","identity":"psk:a"}\n');
    await until(() => lines.length > 0);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ op: 'refused' });
    expect(channel.sessionOf(41001)).toBeUndefined();
    socket.destroy();
  });

  it("a connection's bindings end with it", async () => {
    const { socket, lines } = await open();
    socket.write('{"op":"bind","port":41002,"endpoint":"urn:dev:b","identity":"psk:b"}\n');
    await until(() => lines.length > 0);
    expect(channel.connected).toBe(true);
    socket.destroy();
    await until(() => channel.sessionOf(41002) === undefined);
  });

  it('closes a connection that sends a line over the limit, without binding anything', async () => {
    const { socket } = await open();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(`{"op":"bind","port":41003,"endpoint":"${'x'.repeat(10_000)}`);
    await closed;
    expect(channel.sessionOf(41003)).toBeUndefined();
  });
});
