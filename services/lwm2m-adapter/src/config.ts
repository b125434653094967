import { type ConfigOf, listenOverrides, listenSchema, serviceConfigSpec } from '@rosetta/service-config';

export interface Lwm2mConfig {
  /** Which endpoint names each tenant may register; `*` matches any run of characters. */
  tenants: Record<string, { endpoints: string[]; profile?: string }>;
  /** Registration payloads larger than this get 4.13. */
  maxPayloadBytes?: number;
  /** Seconds past a registration's lifetime before it is dropped. */
  lifetimeGraceSeconds?: number;
  /** Content-Format to request (CoAP Accept) on reads and observes; unset lets each device answer in its preferred one. */
  accept?: number;
  /** Registrations kept at most; a Register beyond them gets 5.03 (an endpoint re-registering always fits). */
  maxRegistrations?: number;
  /** SO_RCVBUF asked for the UDP socket: bursts of notifications wait here instead of being dropped by the kernel. */
  receiveBufferBytes?: number;
  /**
   * Queue mode: seconds after a Register or Update during which the server sends requests to the device (default
   * 93, CoAP's MAX_TRANSMIT_WAIT, as the LwM2M spec and Leshan use).
   */
  queueAwakeSeconds?: number;
  /**
   * SO_REUSEPORT on the NoSec port: several adapter processes on one host share it, Linux hashing each device's
   * address to one of them (one process per core; README: scaling). Off, a second process cannot bind the port.
   */
  reusePort?: boolean;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/** Each configuration's allowlists, compiled once: a registration storm matches them tens of thousands of times. */
const compiled = new WeakMap<Lwm2mConfig['tenants'], [string, RegExp[]][]>();

/** The tenant whose allowlist names this endpoint, or undefined (→ 4.03 Forbidden on Register). */
export function tenantFor(config: Lwm2mConfig, endpoint: string): string | undefined {
  let tenants = compiled.get(config.tenants);
  if (!tenants) {
    tenants = Object.entries(config.tenants).map(([name, t]) => [name, t.endpoints.map(wildcard)]);
    compiled.set(config.tenants, tenants);
  }
  return tenants.find(([, patterns]) => patterns.some((p) => p.test(endpoint)))?.[0];
}

/**
 * coaps (README: coaps): the DTLS gateway (services/dtls-gateway) terminates DTLS on `listen` and hands each
 * session, with the endpoint its credentials are bound to, to the adapter over the unix socket `sessionSocket`.
 */
const dtlsSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    enabled: { type: 'boolean', default: false },
    listen: listenSchema(5684),
    sessionSocket: { type: 'string', minLength: 1, default: '/tmp/rosetta-lwm2m-sessions.sock' },
    /** PSK identities and keys, raw public keys, X.509 trust anchors, each bound to an endpoint (a Secret). */
    securityFile: { type: 'string', minLength: 1 },
    /** PEM with the server's private key and certificate chain; without it only PSK suites are offered. */
    serverCredentials: { type: 'string', minLength: 1 },
    admin: listenSchema(9466),
    maxSessions: { type: 'integer', minimum: 1, default: 150_000 },
    idleSeconds: { type: 'integer', minimum: 1, default: 1800 },
  },
} as const;

const CONTENT_FORMATS = [0, 42, 11542, 1542, 11543, 1543, 110, 112, 60] as const;

export const lwm2mConfigSpec = serviceConfigSpec({
  service: 'lwm2m-adapter',
  required: ['tenants'],
  properties: {
    coap: listenSchema(5683),
    /** Plain CoAP on `coap`: off unless asked for (anyone may then claim any allowed endpoint; logged loudly). */
    noSec: { type: 'boolean', default: false },
    dtls: dtlsSchema,
    admin: listenSchema(9465),
    tenants: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['endpoints'],
        properties: {
          endpoints: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          profile: { type: 'string', minLength: 1 },
        },
      },
    },
    maxPayloadBytes: { type: 'integer', minimum: 256, maximum: 65536, default: 4096 },
    lifetimeGraceSeconds: { type: 'integer', minimum: 0, default: 15 },
    accept: { enum: CONTENT_FORMATS },
    maxRegistrations: { type: 'integer', minimum: 1, default: 1_000_000 },
    receiveBufferBytes: { type: 'integer', minimum: 65536, maximum: 1073741824, default: 8388608 },
    queueAwakeSeconds: { type: 'integer', minimum: 1, maximum: 86400, default: 93 },
    reusePort: { type: 'boolean', default: false },
  },
  overrides: [
    ...listenOverrides('coap', 'LWM2M_HOST', 'LWM2M_PORT'),
    ...listenOverrides('admin', 'ADMIN_HOST', 'LWM2M_ADMIN_PORT'),
    { env: 'LWM2M_NOSEC', key: 'noSec', type: 'boolean' },
    { env: 'LWM2M_DTLS', key: 'dtls.enabled', type: 'boolean' },
    { env: 'LWM2M_DTLS_SECURITY_FILE', key: 'dtls.securityFile', type: 'string' },
    { env: 'LWM2M_DTLS_SERVER_CREDENTIALS', key: 'dtls.serverCredentials', type: 'string' },
    { env: 'LWM2M_DTLS_SESSION_SOCKET', key: 'dtls.sessionSocket', type: 'string' },
    { env: 'LWM2M_DTLS_PORT', key: 'dtls.listen.port', type: 'integer' },
    { env: 'LWM2M_DTLS_ADMIN_PORT', key: 'dtls.admin.port', type: 'integer' },
    { env: 'LWM2M_TENANTS', key: 'tenants', type: 'json' },
    { env: 'LWM2M_MAX_PAYLOAD_BYTES', key: 'maxPayloadBytes', type: 'integer' },
    { env: 'LWM2M_ACCEPT', key: 'accept', type: 'integer' },
    { env: 'LWM2M_MAX_REGISTRATIONS', key: 'maxRegistrations', type: 'integer' },
    { env: 'LWM2M_RECEIVE_BUFFER_BYTES', key: 'receiveBufferBytes', type: 'integer' },
    { env: 'LWM2M_QUEUE_AWAKE_SECONDS', key: 'queueAwakeSeconds', type: 'integer' },
    { env: 'LWM2M_REUSE_PORT', key: 'reusePort', type: 'boolean' },
  ],
  pathKeys: ['dtls.securityFile', 'dtls.serverCredentials'],
});

/** The service's configuration file: the adapter's own settings plus where it listens and which Kafka it writes to. */
export type Lwm2mServiceConfig = ConfigOf<typeof lwm2mConfigSpec>;
