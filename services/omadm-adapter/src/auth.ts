import { randomBytes } from 'node:crypto';
import { authMd5Digest, type Challenge, type SyncMLMessage } from '@rosetta/codecs/syncml';
import { matchingSecret } from '@rosetta/http-ingress';
import { LRUCache } from 'lru-cache';
import type { DeviceCredentials, TenantConfig } from './config.ts';

/**
 * Nonces the server handed out, for devices the credential store knows (never for strangers); in memory here
 * (see the README for a shared store).
 */
export interface NonceStore {
  get(tenant: string, device: string): string | undefined;
  set(tenant: string, device: string, nonce: string): void;
  readonly size: number;
}

/** Devices per tenant whose nonce is remembered; the least recently seen fall back to their configured nonce. */
export const NONCES_PER_TENANT = 100_000;

export function memoryNonceStore(perTenant = NONCES_PER_TENANT, onEvict?: () => void): NonceStore {
  const tenants = new Map<string, LRUCache<string, string>>();
  const cache = (tenant: string) => {
    let nonces = tenants.get(tenant);
    if (!nonces) {
      nonces = new LRUCache<string, string>({
        max: perTenant,
        ...(onEvict ? { dispose: (_v, _k, reason) => void (reason === 'evict' && onEvict()) } : {}),
      });
      tenants.set(tenant, nonces);
    }
    return nonces;
  };
  return {
    get: (t, d) => tenants.get(t)?.get(d),
    set: (t, d, n) => void cache(t).set(d, n),
    get size() {
      let n = 0;
      for (const nonces of tenants.values()) n += nonces.size;
      return n;
    },
  };
}

export type AuthResult =
  | { ok: true; headerStatus: '212'; challenge?: Challenge }
  | { ok: false; headerStatus: '401' | '407'; challenge: Challenge; reason: string };

const same = (a: string, b: string): boolean => matchingSecret([a], b) === 0;

const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * OMA DM security (OMA-TS-DM_Security 1.2 §5.4): 212 when the credentials verify (with a fresh NextNonce for md5),
 * 407 when none were sent, 401 when they are wrong; both failures carry a challenge. Only a verified message
 * rotates a device's nonce: a failure repeats the current one, so a stranger naming a device cannot lock it out,
 * and an unknown device gets a nonce that is never stored.
 */
export interface AuthInput {
  message: SyncMLMessage;
  tenantName: string;
  tenant: TenantConfig | undefined;
  /** The device's credentials from the credential store, if it knows the device. */
  device: DeviceCredentials | undefined;
  nonces: NonceStore;
}

export function authenticate({ message, tenantName, tenant, device, nonces }: AuthInput): AuthResult {
  const current = device ? (nonces.get(tenantName, message.source) ?? device.nonce ?? '') : undefined;
  const rotate = (): Challenge => {
    const nextNonce = newNonce();
    nonces.set(tenantName, message.source, nextNonce);
    return { type: 'syncml:auth-md5', nextNonce };
  };
  // A known device without any nonce yet gets its first one stored; after that only a verified message rotates it.
  const challengeMd5 = (): Challenge => {
    if (current) return { type: 'syncml:auth-md5', nextNonce: current };
    return device ? rotate() : { type: 'syncml:auth-md5', nextNonce: newNonce() };
  };
  const cred = message.cred;
  if (!cred || cred.data === '')
    return { ok: false, headerStatus: '407', challenge: challengeMd5(), reason: 'no credentials' };
  if (!device) return { ok: false, headerStatus: '401', challenge: challengeMd5(), reason: 'unknown device' };
  const type = cred.type?.toLowerCase();
  if (type === 'syncml:auth-md5') {
    if (same(cred.data, authMd5Digest(device.username, device.password, current ?? ''))) {
      return { ok: true, headerStatus: '212', challenge: rotate() };
    }
    return { ok: false, headerStatus: '401', challenge: challengeMd5(), reason: 'md5 digest does not match' };
  }
  if (type === 'syncml:auth-basic' && tenant?.allowBasic) {
    if (same(cred.data, Buffer.from(`${device.username}:${device.password}`).toString('base64')))
      return { ok: true, headerStatus: '212' };
    return {
      ok: false,
      headerStatus: '401',
      challenge: { type: 'syncml:auth-basic' },
      reason: 'basic credentials do not match',
    };
  }
  return {
    ok: false,
    headerStatus: '401',
    challenge: challengeMd5(),
    reason: `credential type ${cred.type ?? '(none)'} is not accepted`,
  };
}
