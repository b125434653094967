import type { ObserveMark } from './observe-order.ts';

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
  firmware: boolean;
  device: { manufacturer?: string; model?: string; firmwareVersion?: string };
  pkg: { name?: string; version?: string };
  state?: number;
  result?: number;
  cancel: (() => void)[];
  /** The device's notifications and re-reads, processed one after another (observe-order.ts). */
  queue: Promise<void>;
  /** The last Observe value processed for its /5/0 observation. */
  lastObserve?: ObserveMark;
}

/**
 * Registration state behind an interface: in memory here. A shared store for several instances behind a UDP load
 * balancer would need the same operations keyed by id and by endpoint, with expiry (e.g. Redis hashes + TTL).
 */
export interface RegistrationStore {
  add(registration: Registration): Registration | undefined;
  get(id: string): Registration | undefined;
  byEndpoint(endpoint: string): Registration | undefined;
  remove(id: string): Registration | undefined;
  expired(now: number): Registration[];
  size(): number;
}

export function memoryRegistrationStore(): RegistrationStore {
  const byId = new Map<string, Registration>();
  const byEp = new Map<string, string>();
  return {
    add(registration) {
      const previousId = byEp.get(registration.endpoint);
      const previous = previousId ? byId.get(previousId) : undefined;
      if (previous) byId.delete(previous.id);
      byId.set(registration.id, registration);
      byEp.set(registration.endpoint, registration.id);
      return previous;
    },
    get: (id) => byId.get(id),
    byEndpoint: (endpoint) => {
      const id = byEp.get(endpoint);
      return id ? byId.get(id) : undefined;
    },
    remove(id) {
      const registration = byId.get(id);
      if (!registration) return undefined;
      byId.delete(id);
      if (byEp.get(registration.endpoint) === id) byEp.delete(registration.endpoint);
      return registration;
    },
    expired: (now) => [...byId.values()].filter((r) => r.expiresAt < now),
    size: () => byId.size,
  };
}
