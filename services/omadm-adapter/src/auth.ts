import { randomBytes, timingSafeEqual } from 'node:crypto';
import { authMd5Digest, type Challenge, type SyncMLMessage } from '@rosetta/codecs/syncml';
import type { DeviceCredentials, TenantConfig } from './config.ts';

/** Nonces the server handed out, per device; in memory here (see the README for a shared store). */
export interface NonceStore {
  get(tenant: string, device: string): string | undefined;
  set(tenant: string, device: string, nonce: string): void;
}

export function memoryNonceStore(): NonceStore {
  const nonces = new Map<string, string>();
  return {
    get: (t, d) => nonces.get(`${t}\u0000${d}`),
    set: (t, d, n) => void nonces.set(`${t}\u0000${d}`, n),
  };
}

export type AuthResult =
  | { ok: true; headerStatus: '212'; challenge?: Challenge }
  | { ok: false; headerStatus: '401' | '407'; challenge: Challenge; reason: string };

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * OMA DM security (OMA-TS-DM_Security 1.2 §5.4): 212 when the credentials verify (with a fresh NextNonce for md5),
 * 407 when none were sent, 401 when they are wrong; both failures carry a challenge.
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
  const stored = device?.nonce ?? '';
  const challengeMd5 = (): Challenge => {
    const nextNonce = newNonce();
    nonces.set(tenantName, message.source, nextNonce);
    return { type: 'syncml:auth-md5', nextNonce };
  };
  const cred = message.cred;
  if (!cred || cred.data === '')
    return { ok: false, headerStatus: '407', challenge: challengeMd5(), reason: 'no credentials' };
  if (!device) return { ok: false, headerStatus: '401', challenge: challengeMd5(), reason: 'unknown device' };
  const type = cred.type?.toLowerCase();
  if (type === 'syncml:auth-md5') {
    const nonce = nonces.get(tenantName, message.source) ?? stored;
    if (same(cred.data, authMd5Digest(device.username, device.password, nonce))) {
      return { ok: true, headerStatus: '212', challenge: challengeMd5() };
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
