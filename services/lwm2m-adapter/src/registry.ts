import type { EnumerationKind, FollowedObject } from './followed-objects.ts';
import type { ObserveMark } from './observe-order.ts';

/** One followed management-object instance of a device (/5/0, /9/1, …): the values last written for it. */
export interface FollowedInstance {
  path: string;
  spec: FollowedObject;
  values: Partial<Record<EnumerationKind, number>>;
  pkg: { name?: string; version?: string };
  /** The last Observe value processed for this instance's observation (per observation: RFC 7641 §3.4). */
  lastObserve?: ObserveMark;
  /** Ends its observation, when there is one. */
  cancel?: () => void;
}

/** What the server keeps per registered device; small on purpose (see the README's memory figures). */
export interface Registration {
  id: string;
  endpoint: string;
  tenant: string;
  address: string;
  port: number;
  lifetime: number;
  version: string;
  binding: string;
  expiresAt: number;
  /** How the device reached the server; a DTLS registration is changed only by a session bound to its endpoint. */
  security: 'nosec' | 'dtls';
  device: { manufacturer?: string; model?: string; firmwareVersion?: string };
  /** The followed objects (5, 9) it listed, with or without instances. */
  objects: readonly number[];
  /** The Firmware Update and Software Management instances it has, in the order it listed them. */
  instances: FollowedInstance[];
  /** Queue mode: requests go out only until then (a Register or Update opens the window again). */
  awakeUntil?: number;
  /** Requests waiting for a queue-mode device to wake. */
  wakers?: (() => void)[];
  /** The device's notifications, Sends and re-reads, processed one after another (observe-order.ts). */
  queue: Promise<void>;
}

/**
 * Registration state behind an interface: in memory here. A shared store for several instances behind a UDP load
 * balancer would need the same operations keyed by id and by endpoint, with expiry (e.g. Redis hashes + TTL).
 */
export interface RegistrationStore {
  add(registration: Registration): Registration | undefined;
  get(id: string): Registration | undefined;
  byEndpoint(endpoint: string): Registration | undefined;
  /** The registration whose device last spoke from this address (a NoSec Send names no registration). */
  byPeer(address: string, port: number): Registration | undefined;
  /** The device now speaks from another address (a registration Update). */
  move(registration: Registration, address: string, port: number): void;
  remove(id: string): Registration | undefined;
  expired(now: number): Registration[];
  size(): number;
}

export function memoryRegistrationStore(): RegistrationStore {
  const byId = new Map<string, Registration>();
  const byEp = new Map<string, string>();
  const byAddress = new Map<string, Registration>();
  const peerOf = (address: string, port: number) => `${address}|${port}`;
  const unlinkPeer = (r: Registration) => {
    const key = peerOf(r.address, r.port);
    if (byAddress.get(key) === r) byAddress.delete(key);
  };
  return {
    add(registration) {
      const previousId = byEp.get(registration.endpoint);
      const previous = previousId ? byId.get(previousId) : undefined;
      if (previous) {
        byId.delete(previous.id);
        unlinkPeer(previous);
      }
      byId.set(registration.id, registration);
      byEp.set(registration.endpoint, registration.id);
      byAddress.set(peerOf(registration.address, registration.port), registration);
      return previous;
    },
    get: (id) => byId.get(id),
    byEndpoint: (endpoint) => {
      const id = byEp.get(endpoint);
      return id ? byId.get(id) : undefined;
    },
    byPeer: (address, port) => byAddress.get(peerOf(address, port)),
    move(registration, address, port) {
      unlinkPeer(registration);
      registration.address = address;
      registration.port = port;
      if (byId.get(registration.id) === registration) byAddress.set(peerOf(address, port), registration);
    },
    remove(id) {
      const registration = byId.get(id);
      if (!registration) return undefined;
      byId.delete(id);
      if (byEp.get(registration.endpoint) === id) byEp.delete(registration.endpoint);
      unlinkPeer(registration);
      return registration;
    },
    expired: (now) => [...byId.values()].filter((r) => r.expiresAt < now),
    size: () => byId.size,
  };
}

/** Queue mode: a Register or Update opens the device's awake window, and the requests waiting for it go out. */
export function wake(r: Registration, awakeMs: number, now = Date.now()): void {
  if (r.awakeUntil === undefined) return;
  r.awakeUntil = now + awakeMs;
  for (const waiting of r.wakers?.splice(0) ?? []) waiting();
}

/** Resolves at once for a device that is awake or not in queue mode; otherwise when it next wakes. */
export function whenAwake(r: Registration): Promise<void> {
  if (r.awakeUntil === undefined || Date.now() <= r.awakeUntil) return Promise.resolve();
  return new Promise((resolve) => {
    r.wakers ??= [];
    r.wakers.push(resolve);
  });
}
