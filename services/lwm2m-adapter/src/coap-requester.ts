import { randomInt } from 'node:crypto';
import type { RemoteInfo, Socket } from 'node:dgram';
import { generate, type ParsedPacket, parse } from 'coap-packet';
import {
  afterReceive,
  asleep,
  type CoapReply,
  DeviceAsleepError,
  type Exchange,
  type NotificationHandler,
  type Observation,
  type Peer,
  type RequesterOptions,
  readUint,
  samePeer,
  TOKEN_BYTES,
} from './coap-exchange.ts';
import { getRequests } from './get-requests.ts';
import { randomSlice } from './random-pool.ts';

/**
 * Server-to-device CoAP requests and observations, sent from the server's own socket (so NAT bindings hold and
 * notifications come back to the LwM2M port). Each observation is a Map entry keyed by its random 8-byte token
 * instead of a stream object: it keeps the adapter's memory per device small at tens of thousands of devices.
 * Answers and notifications count only from the peer the request went to, with the token it was given: another
 * host cannot guess a token, and cannot use one it knows from its own address.
 */
export class CoapRequester {
  private messageId = randomInt(0x10000);
  private readonly exchanges = new Map<string, Exchange>();
  /** Message id → token of the exchange, to match empty ACKs and Resets. */
  private readonly byMessageId = new Map<number, string>();
  private readonly observations = new Map<string, Observation>();
  private readonly getRequest: ReturnType<typeof getRequests>;
  /** Notification handlers still writing to Kafka; close() waits for them so their ACKs still go out. */
  private readonly handling = new Set<Promise<void>>();
  /** Datagrams handed to the socket and not yet sent: closing the socket would drop them. */
  private unsent = 0;
  private allSent: (() => void) | undefined;
  private readonly sentOne = () => {
    this.unsent -= 1;
    if (this.unsent === 0) this.allSent?.();
  };
  private closing = false;
  private readonly ackTimeoutMs: number;
  private readonly maxRetransmit: number;
  private readonly responseTimeoutMs: number;

  constructor(
    private readonly socket: Socket,
    private readonly options: RequesterOptions = {},
  ) {
    this.getRequest = getRequests(options.accept);
    this.ackTimeoutMs = options.ackTimeoutMs ?? 2000;
    this.maxRetransmit = options.maxRetransmit ?? 4;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 60_000;
    socket.on('message', (message: Buffer, rinfo: RemoteInfo) => this.onMessage(message, rinfo));
  }

  /** GET `path`; with `onNotification`, also observe it. Resolves with the first response. */
  get(peer: Peer, path: string, onNotification?: NotificationHandler): Promise<CoapReply> {
    if (this.closing) return Promise.reject(new Error('requester closed'));
    if (asleep(peer)) return Promise.reject(new DeviceAsleepError());
    this.messageId = (this.messageId + 1) & 0xffff;
    const token = randomSlice(TOKEN_BYTES);
    const packet = this.getRequest(path, onNotification !== undefined, this.messageId, token);
    const key = token.toString('hex');
    return new Promise((resolve, reject) => {
      const exchange: Exchange = {
        peer,
        messageId: this.messageId,
        packet,
        timer: undefined,
        onNotification,
        resolve,
        reject,
      };
      this.exchanges.set(key, exchange);
      this.byMessageId.set(exchange.messageId, key);
      this.transmit(key, exchange, 0);
    });
  }

  /** Forget an observation: its next notification is answered with Reset, which ends it on the device (RFC 7641 §3.6). */
  forget(token: string): void {
    this.unobserve(token);
  }

  private unobserve(key: string): void {
    if (this.observations.delete(key)) this.options.onObservations?.(-1);
  }

  /**
   * Graceful stop: notifications arriving from now on are left unacknowledged (the device retransmits them to the next
   * instance); those being written finish and are acknowledged; then pending requests are abandoned.
   */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.handling]);
    await new Promise<void>((resolve) => {
      if (this.unsent === 0) resolve();
      else this.allSent = resolve;
    });
    for (const exchange of this.exchanges.values()) {
      clearTimeout(exchange.timer);
      exchange.reject(new Error('requester closed'));
    }
    this.exchanges.clear();
    this.byMessageId.clear();
    this.options.onObservations?.(-this.observations.size);
    this.observations.clear();
  }

  private transmit(key: string, exchange: Exchange, attempt: number): void {
    this.sendBytes(exchange.packet, exchange.peer);
    // RFC 7252 §4.8: ACK_TIMEOUT × ACK_RANDOM_FACTOR, doubled on each retransmission. Whole milliseconds: Node keeps
    // one timer list per distinct duration, and a fractional one would make a list (and a heap insert) per request.
    const wait = Math.round(this.ackTimeoutMs * (1 + Math.random() * 0.5) * 2 ** attempt);
    exchange.timer = setTimeout(() => {
      if (attempt >= this.maxRetransmit) return this.fail(key, exchange, 'no acknowledgement (timeout)');
      // Queue mode: nothing is retransmitted into a device whose awake window closed; it is asked again when it wakes.
      if (asleep(exchange.peer)) {
        this.settle(key, exchange);
        return exchange.reject(new DeviceAsleepError());
      }
      this.transmit(key, exchange, attempt + 1);
    }, wait);
    exchange.timer.unref();
  }

  private settle(key: string, exchange: Exchange): void {
    clearTimeout(exchange.timer);
    this.exchanges.delete(key);
    this.byMessageId.delete(exchange.messageId);
  }

  private fail(key: string, exchange: Exchange, reason: string): void {
    this.settle(key, exchange);
    exchange.reject(new Error(reason));
  }

  private send(peer: RemoteInfo, packet: Parameters<typeof generate>[0]): void {
    this.sendBytes(generate(packet), peer);
  }

  private sendBytes(bytes: Buffer, peer: Peer): void {
    try {
      this.socket.send(bytes, peer.port, peer.address, this.sentOne);
      this.unsent += 1;
    } catch {
      // The socket closed under us (shutdown): the peer retransmits what it did not get acknowledged.
    }
  }

  private onMessage(message: Buffer, rinfo: RemoteInfo): void {
    // Code class 0 with a code other than 0.00 is a request: the registration interface's, not parsed twice.
    const code = message[1] ?? 0;
    if (code >> 5 === 0 && code !== 0) return;
    let packet: ParsedPacket;
    try {
      packet = parse(message);
    } catch {
      return; // not CoAP: the server's listener logs the drop
    }
    if (packet.code === '0.00') {
      this.onEmpty(packet, rinfo);
      return;
    }
    const key = packet.token.length === TOKEN_BYTES ? packet.token.toString('hex') : '';
    const observeOption = packet.options.find((o) => o.name === 'Observe')?.value;
    const reply: CoapReply = {
      token: key,
      code: packet.code,
      format: readUint(packet.options.find((o) => o.name === 'Content-Format')?.value),
      observe: readUint(observeOption),
      payload: packet.payload,
    };
    const exchange = this.exchanges.get(key);
    if (exchange && samePeer(exchange.peer, rinfo)) {
      if (packet.confirmable) this.send(rinfo, { code: '0.00', ack: true, messageId: packet.messageId });
      this.settle(key, exchange);
      const observing = observeOption !== undefined;
      if (exchange.onNotification && observing && reply.code.startsWith('2.')) {
        if (!this.observations.has(key)) this.options.onObservations?.(1);
        this.observations.set(key, {
          peer: exchange.peer,
          onNotification: exchange.onNotification,
          inFlight: undefined,
          acked: undefined,
        });
      }
      exchange.resolve(reply);
      return;
    }
    const found = this.observations.get(key);
    const observation = found && samePeer(found.peer, rinfo) ? found : undefined;
    if (this.closing) return;
    if (!observation) {
      // Not ours, forgotten, or from another address: Reset, so the sender stops (the real observation stays).
      if (!packet.ack) this.send(rinfo, { code: '0.00', reset: true, messageId: packet.messageId });
      return;
    }
    this.onNotification(key, observation, packet, reply, rinfo);
  }

  private onEmpty(packet: ParsedPacket, rinfo: RemoteInfo): void {
    const key = this.byMessageId.get(packet.messageId);
    const exchange = key === undefined ? undefined : this.exchanges.get(key);
    if (key === undefined || !exchange || !samePeer(exchange.peer, rinfo)) return;
    if (packet.reset) {
      this.fail(key, exchange, 'reset by the device');
      return;
    }
    if (!packet.ack) return;
    // The device acknowledged and will answer separately: stop retransmitting, wait for the response.
    clearTimeout(exchange.timer);
    exchange.timer = setTimeout(
      () => this.fail(key, exchange, 'no response after the acknowledgement'),
      this.responseTimeoutMs,
    );
    exchange.timer.unref();
  }

  private onNotification(
    key: string,
    observation: Observation,
    packet: ParsedPacket,
    reply: CoapReply,
    rinfo: RemoteInfo,
  ): void {
    const id = packet.messageId;
    const ack = () => {
      if (packet.confirmable) this.send(rinfo, { code: '0.00', ack: true, messageId: id });
    };
    // A retransmission of what was already acknowledged lost its ACK: acknowledge again, count once.
    if (packet.confirmable && observation.acked === id) {
      ack();
      return;
    }
    if (packet.confirmable && observation.inFlight === id) return;
    // RFC 7641 §3.2: an error response, or one without Observe, ends the observation.
    if (!reply.code.startsWith('2.') || !packet.options.some((o) => o.name === 'Observe'))
      this.unobserve(key);
    observation.inFlight = id;
    // Decoding and publishing wait until the socket has been drained of what arrived meanwhile (setImmediate runs
    // after the poll phase): a burst is read from the kernel buffer first instead of overflowing it.
    const handled = afterReceive()
      .then(() => observation.onNotification(reply))
      .then(
        () => {
          observation.inFlight = undefined;
          observation.acked = id;
          ack();
        },
        () => {
          observation.inFlight = undefined; // unacknowledged: the device retransmits
        },
      );
    this.handling.add(handled);
    void handled.finally(() => this.handling.delete(handled));
  }
}
