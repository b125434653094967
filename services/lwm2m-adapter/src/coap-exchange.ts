import type { RemoteInfo } from 'node:dgram';

/** A device's answer, or one notification of an observation. */
export interface CoapReply {
  /** The request's token (hex): forget(token) ends an observation. */
  token: string;
  code: string;
  format: number | undefined;
  /** The Observe option's sequence number, on an observation's first response and its notifications. */
  observe: number | undefined;
  payload: Buffer;
}

/** RFC 7252 §5.3.1: tokens at least 8 random bytes where the server is exposed to off-path attackers (NoSec). */
export const TOKEN_BYTES = 8;

export interface Peer {
  address: string;
  port: number;
  /** A device in queue mode is sent nothing after this (ms since the epoch): it sleeps. */
  awakeUntil?: number;
}

/** The request was not sent, or not sent again, because the device sleeps (queue mode). */
export class DeviceAsleepError extends Error {
  constructor() {
    super('device asleep (queue mode): not sent until it wakes');
  }
}

export const asleep = (peer: Peer, now = Date.now()): boolean =>
  peer.awakeUntil !== undefined && now > peer.awakeUntil;

/**
 * Handles one notification. Resolving acknowledges a confirmable notification; rejecting leaves it unacknowledged,
 * so the device sends it again (RFC 7252 §4.2) — that is how a notification survives a failed Kafka write.
 */
export type NotificationHandler = (reply: CoapReply) => Promise<void>;

export interface Exchange {
  peer: Peer;
  messageId: number;
  packet: Buffer;
  timer: NodeJS.Timeout | undefined;
  onNotification: NotificationHandler | undefined;
  resolve: (reply: CoapReply) => void;
  reject: (error: Error) => void;
}

/** What one observation costs: the handler and the message ids that keep retransmissions from counting twice. */
export interface Observation {
  /** The device it was asked of; a notification must come from its current address (the live registration). */
  peer: Peer;
  onNotification: NotificationHandler;
  inFlight: number | undefined;
  acked: number | undefined;
}

export interface RequesterOptions {
  /** Content-Format to ask for (Accept); the device's own preference when unset. */
  accept?: number | undefined;
  ackTimeoutMs?: number;
  maxRetransmit?: number;
  /** How long to wait for a separate response after the device acknowledged the request. */
  responseTimeoutMs?: number;
  /** Called with +1 when an observation is established and -1 when it ends (the observations gauge). */
  onObservations?: (delta: number) => void;
}

function uint(value: number): Buffer {
  if (value === 0) return Buffer.alloc(0);
  return value < 256 ? Buffer.from([value]) : Buffer.from([value >> 8, value & 0xff]);
}

export const afterReceive = () => new Promise<void>((resolve) => setImmediate(resolve));

export const samePeer = (peer: Peer, rinfo: RemoteInfo): boolean =>
  peer.port === rinfo.port && peer.address === rinfo.address;

export function readUint(value: Buffer | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value.reduce((n, byte) => n * 256 + byte, 0);
}

/** The options of a GET: Observe (register) when observing, the path's segments, Accept when configured. */
export function getOptions(path: string, observe: boolean, accept: number | undefined) {
  return [
    ...(observe ? [{ name: 'Observe' as const, value: Buffer.alloc(0) }] : []),
    ...path
      .split('/')
      .filter(Boolean)
      .map((segment) => ({ name: 'Uri-Path' as const, value: Buffer.from(segment) })),
    ...(accept !== undefined ? [{ name: 'Accept' as const, value: uint(accept) }] : []),
  ];
}
