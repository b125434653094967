import { execFileSync } from 'node:child_process';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { afterEach, expect, it } from 'vitest';
import { type ThreadedUdp, type ThreadedUdpOptions, threadedUdp } from './threaded-udp.ts';

// The adapter's UDP socket served by its own thread, over real UDP on loopback.
const opened: ThreadedUdp[] = [];
const logs: Record<string, unknown>[] = [];
let dropped = 0;
async function open(options: Partial<ThreadedUdpOptions> = {}): Promise<ThreadedUdp> {
  const udp = await threadedUdp({
    port: 0,
    host: '127.0.0.1',
    reusePort: false,
    receiveBufferBytes: 1 << 20,
    maxQueuedBytes: 1 << 20,
    onDropped: (count) => {
      dropped += count;
    },
    log: (line) => logs.push(line),
    ...options,
  });
  opened.push(udp);
  return udp;
}
async function device() {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const received: Buffer[] = [];
  socket.on('message', (m) => received.push(m));
  return { socket, received, port: socket.address().port };
}
async function until(check: () => boolean, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end; )
    await new Promise((resolve) => setTimeout(resolve, 10));
}
afterEach(async () => {
  for (const udp of opened.splice(0)) await udp.close();
  dropped = 0;
  logs.length = 0;
});

it('hands over datagrams both ways in order, each with its peer', async () => {
  const udp = await open();
  const d = await device();
  const heard: { text: string; peer: RemoteInfo }[] = [];
  udp.socket.on('message', (m: Buffer, peer: RemoteInfo) => heard.push({ text: m.toString(), peer }));
  for (let i = 0; i < 100; i++) d.socket.send(`up ${i}`, udp.port, '127.0.0.1');
  await until(() => heard.length === 100);
  expect(heard.map((h) => h.text)).toEqual(Array.from({ length: 100 }, (_, i) => `up ${i}`));
  expect(new Set(heard.map((h) => `${h.peer.address}:${h.peer.port}`))).toEqual(
    new Set([`127.0.0.1:${d.port}`]),
  );
  let confirmed = 0;
  for (let i = 0; i < 100; i++)
    udp.socket.send(Buffer.from(`xxdown ${i}`), 2, 6 + String(i).length, d.port, '127.0.0.1', () => {
      confirmed += 1;
    });
  await until(() => d.received.length === 100);
  expect(d.received.map(String)).toEqual(Array.from({ length: 100 }, (_, i) => `down ${i}`));
  expect(confirmed).toBe(100);
  d.socket.close();
});

it('lets what one datagram started run on before the next is handled, as per-datagram callbacks do', async () => {
  const udp = await open();
  let answered = false;
  const seen: string[] = [];
  udp.socket.on('message', (m: Buffer) => {
    if (String(m) === 'observe answer')
      void (async () => {
        await null;
        await Promise.resolve();
        answered = true; // e.g. the observation's cancel is set once its answer is in
      })();
    else seen.push(`update saw answered=${answered}`);
  });
  // Both arrive while this thread is blocked, so they reach it back to back.
  execFileSync(process.execPath, [
    '-e',
    `const s = require('node:dgram').createSocket('udp4');
     s.send('observe answer', ${udp.port}, '127.0.0.1', () => s.send('update', ${udp.port}, '127.0.0.1', () => s.close()));`,
  ]);
  await until(() => seen.length === 1);
  expect(seen).toEqual(['update saw answered=true']);
});

it('sends what it was given before it closes', async () => {
  const udp = await open();
  const d = await device();
  udp.socket.send(Buffer.from('last ACK'), d.port, '127.0.0.1');
  await udp.close();
  await until(() => d.received.length === 1);
  expect(d.received.map(String)).toEqual(['last ACK']);
  d.socket.close();
});

it('drops and counts what arrives while the adapter is behind by maxQueuedBytes, as a full socket buffer would', async () => {
  const udp = await open({ maxQueuedBytes: 1000 });
  let heard = 0;
  udp.socket.on('message', () => {
    heard += 1;
  });
  // Another process sends 50 datagrams of 100 bytes while this thread (the adapter) waits for it, processing nothing.
  execFileSync(process.execPath, [
    '-e',
    `const s = require('node:dgram').createSocket('udp4'); let left = 50;
     for (let i = 0; i < 50; i++) s.send(Buffer.alloc(100, i), ${udp.port}, '127.0.0.1', () => --left || s.close());`,
  ]);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); // the UDP thread reads them meanwhile
  await until(() => heard + dropped === 50);
  expect(heard).toBe(10);
  expect(dropped).toBe(40);
});

it('replaces a thread that dies, on the same port', async () => {
  const udp = await open();
  const d = await device();
  let heard = 0;
  udp.socket.on('message', () => {
    heard += 1;
  });
  await udp.thread()?.terminate();
  await until(() => {
    d.socket.send('again?', udp.port, '127.0.0.1');
    return heard > 0;
  });
  expect(heard).toBeGreaterThan(0);
  expect(logs).toContainEqual(
    expect.objectContaining({ level: 'error', msg: expect.stringMatching(/exited/) }),
  );
  d.socket.close();
});

it('refuses a port another socket holds', async () => {
  const holder = await device();
  await expect(open({ port: holder.port })).rejects.toThrow(/EADDRINUSE/);
  holder.socket.close();
});
