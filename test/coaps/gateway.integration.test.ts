import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_PSK,
  pskEntries,
  type RunningGateway,
  startCoapsStack,
  writeSecurityFile,
} from '../support/dtls-gateway.ts';

// The DTLS gateway against hostile datagrams and changing credentials (Scandium does the DTLS; these check that the
// gateway is configured to keep no state before a cookie, drops and counts garbage, and follows its security file).
const [device, other] = LOCAL_PSK;
let gateway: RunningGateway;

let stop: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  const stack = await startCoapsStack({ psk: pskEntries([device]) });
  ({ gateway, stop } = stack);
}, 180_000);
afterAll(() => stop());

async function registerWith(credentials: {
  identity: string;
  key: string;
  endpoint: string;
}): Promise<string> {
  const args = ['-v', '6', '-B', '4', '-m', 'post', '-t', '40', '-e', '</1/0>', '-u', credentials.identity];
  const url = `coaps://127.0.0.1:${gateway.port}/rd?ep=${credentials.endpoint}&lt=300&lwm2m=1.1`;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'coap-client-openssl',
      [...args, '-k', credentials.key, url],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

const PSK_WITH_AES_128_CCM_8 = [0xc0, 0xa8];
/** TLS_ECDH_anon_WITH_AES_128_CBC_SHA: a suite Scandium does not know. */
const ECDH_ANON = [0xc0, 0x18];
/** TLS_PSK_WITH_AES_256_CCM_8: a suite Scandium knows and the gateway does not enable. */
const PSK_WITH_AES_256_CCM_8 = [0xc0, 0xa9];

/**
 * A DTLS 1.2 ClientHello record offering one cipher suite (RFC 6347 §4.2.1): without a cookie, or the second one,
 * echoing the cookie of the server's HelloVerifyRequest.
 */
function clientHello(options: { cookie?: Buffer; random?: Buffer; suite?: number[] } = {}): Buffer {
  const cookie = options.cookie ?? Buffer.alloc(0);
  const second = cookie.length > 0 ? 1 : 0; // message_seq and record sequence number of the second ClientHello
  const body = Buffer.concat([
    Buffer.from([0xfe, 0xfd]), // client_version DTLS 1.2
    options.random ?? randomBytes(32), // random (the same in both ClientHellos of one handshake)
    Buffer.from([0]), // session_id: empty
    Buffer.from([cookie.length]),
    cookie,
    Buffer.from([0, 2, ...(options.suite ?? PSK_WITH_AES_128_CCM_8)]), // cipher_suites
    Buffer.from([1, 0]), // compression_methods: null
    // extensions: extended_master_secret (RFC 7627), empty
    Buffer.from([0, 4, 0x00, 0x17, 0, 0]),
  ]);
  const length = Buffer.from([0, body.length >> 8, body.length & 0xff]);
  const handshake = Buffer.concat([
    Buffer.from([1]),
    length,
    Buffer.from([0, second]),
    Buffer.from([0, 0, 0]),
    length,
    body,
  ]);
  const header = Buffer.from([
    22,
    0xfe,
    0xfd,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    second,
    handshake.length >> 8,
    handshake.length & 0xff,
  ]);
  return Buffer.concat([header, handshake]);
}

async function exchange(datagrams: Buffer[], waitMs = 500): Promise<Buffer[]> {
  const socket = createSocket('udp4');
  const answers: Buffer[] = [];
  socket.on('message', (m) => answers.push(m));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  for (const datagram of datagrams) socket.send(datagram, gateway.port, '127.0.0.1');
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  socket.close();
  return answers;
}

const metric = async (name: string) => (await gateway.metrics()).get(name) ?? 0;

/** The cookie of a HelloVerifyRequest record: after the record (13) and handshake (12) headers and the version. */
const cookieOf = (helloVerifyRequest: Buffer) =>
  helloVerifyRequest.subarray(28, 28 + (helloVerifyRequest[27] ?? 0));

/** Sends the first ClientHello, answers the HelloVerifyRequest with its cookie, returns what came back to that. */
async function handshakeUpToServerHello(
  socket: ReturnType<typeof createSocket>,
  suite: number[],
): Promise<Buffer[]> {
  const answers: Buffer[] = [];
  socket.on('message', (m) => answers.push(m));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const random = randomBytes(32);
  socket.send(clientHello({ random, suite }), gateway.port, '127.0.0.1');
  for (const end = Date.now() + 3000; answers.length === 0 && Date.now() < end; )
    await new Promise((resolve) => setTimeout(resolve, 20));
  const [helloVerify] = answers.splice(0);
  if (!helloVerify) throw new Error('no HelloVerifyRequest');
  socket.send(clientHello({ cookie: cookieOf(helloVerify), random, suite }), gateway.port, '127.0.0.1');
  await new Promise((resolve) => setTimeout(resolve, 500));
  return answers;
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

describe('DTLS gateway under hostile input', () => {
  it('answers a ClientHello without a cookie with a HelloVerifyRequest and keeps no connection for it', async () => {
    const answers = await exchange(Array.from({ length: 200 }, clientHello));
    expect(answers.length).toBeGreaterThan(0);
    // Record type handshake (22), then the handshake message type at offset 13: hello_verify_request (3).
    for (const answer of answers) expect([answer[0], answer[13]]).toEqual([22, 3]);
    expect(await metric('rosetta_dtls_connections')).toBe(0);
    expect(await metric('rosetta_dtls_sessions')).toBe(0);
  });

  it('drops and counts garbage and truncated records, and keeps serving', async () => {
    const before = await metric('rosetta_dtls_records_dropped_total{reason="invalid"}');
    const garbage = [
      randomBytes(1),
      randomBytes(13),
      randomBytes(300),
      clientHello().subarray(0, 20), // a record header promising more than it carries
      Buffer.concat([Buffer.from([23, 0xfe, 0xfd, 0, 1]), randomBytes(40)]), // application data for no session
    ];
    const answers = await exchange(garbage);
    expect(answers).toEqual([]);
    expect(await metric('rosetta_dtls_records_dropped_total{reason="invalid"}')).toBeGreaterThan(before);
    expect(await registerWith(device)).toMatch(/c:2\.01/);
  });

  it("a client's close_notify ends its session at once (libcoap's client sends one as it exits)", async () => {
    expect(await registerWith(device)).toMatch(/c:2\.01/);
    expect(await until(async () => (await metric('rosetta_dtls_sessions')) === 0, 3000)).toBe(true);
  });
});

describe('DTLS gateway handshake failures, counted by reason', () => {
  it.each([
    ['unknown to Scandium', ECDH_ANON],
    ['not enabled', PSK_WITH_AES_256_CCM_8],
  ])('no_common_suite: a ClientHello offering only a suite %s gets a fatal alert', async (_name, suite) => {
    const before = await metric('rosetta_dtls_handshakes_total{result="no_common_suite"}');
    const socket = createSocket('udp4');
    const answers = await handshakeUpToServerHello(socket, suite);
    socket.close();
    // An alert record (21), level fatal (2).
    expect(answers.map((a) => [a[0], a[13]])).toContainEqual([21, 2]);
    expect(
      await until(
        async () => (await metric('rosetta_dtls_handshakes_total{result="no_common_suite"}')) === before + 1,
        5000,
      ),
    ).toBe(true);
  });

  it('timeout: a client that goes silent after the ServerHello fails its handshake once the flights are retransmitted', async () => {
    const before = await metric('rosetta_dtls_handshakes_total{result="timeout"}');
    const handshakesOk = await metric('rosetta_dtls_handshakes_total{result="ok"}');
    const socket = createSocket('udp4');
    const answers = await handshakeUpToServerHello(socket, PSK_WITH_AES_128_CCM_8);
    // ServerHello (handshake type 2) came back: the server now holds this handshake, and waits.
    expect(answers.map((a) => [a[0], a[13]])).toContainEqual([22, 2]);
    expect(
      await until(
        async () => (await metric('rosetta_dtls_handshakes_total{result="timeout"}')) > before,
        20_000,
      ),
    ).toBe(true);
    socket.close();
    expect(await metric('rosetta_dtls_handshakes_total{result="ok"}')).toBe(handshakesOk);
  }, 30_000);
});

describe('DTLS gateway security file', () => {
  it('follows changes: a credential added is accepted, one removed is refused, an invalid file changes nothing', async () => {
    expect(await registerWith(other)).not.toMatch(/c:2\.01/);
    writeSecurityFile(gateway.securityFile, { psk: pskEntries([other]) });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // checked every 2 s
    expect(await registerWith(other)).toMatch(/c:2\.01/);
    expect(await registerWith(device)).not.toMatch(/c:2\.01/);
    expect(gateway.output()).toMatch(/security file reloaded/);

    writeSecurityFile(gateway.securityFile, {
      psk: [{ identity: 'broken', key: 'not hex', endpoint: 'urn:dev:x' }],
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(gateway.output()).toMatch(/security file not reloaded; the previous version stays/);
    expect(gateway.output()).not.toMatch(/not hex/); // the key is never logged
    expect(await registerWith(other)).toMatch(/c:2\.01/);
  });
});
