import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Vocabulary } from '@rosetta/outcome-schema';
import { WebhookError } from './errors.ts';
import { type ReplayGuard, verifySignature } from './signature.ts';

export interface TenantCredentials {
  tokens?: string[];
  hmacSecrets?: string[];
  /** When set, the tenant may only post these vocabularies. */
  vocabularies?: Vocabulary[];
}

/** Where credentials come from: a file now; a secret manager or database can implement the same interface. */
export interface CredentialStore {
  tenant(name: string): TenantCredentials | undefined;
  tenantByToken(token: string): string | undefined;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
const same = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

export function credentialStore(tenants: Record<string, TenantCredentials>): CredentialStore {
  const tokens = Object.entries(tenants).flatMap(([tenant, c]) =>
    (c.tokens ?? []).map((t) => ({ tenant, hash: digest(t) })),
  );
  return {
    tenant: (name) => (Object.hasOwn(tenants, name) ? tenants[name] : undefined),
    tenantByToken(token) {
      const hash = digest(token);
      // Compare against every token so the time taken does not tell which tenant matched.
      let found: string | undefined;
      for (const entry of tokens) if (same(entry.hash, hash)) found = entry.tenant;
      return found;
    },
  };
}

export function fileCredentialStore(path: string): CredentialStore {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { tenants: Record<string, TenantCredentials> };
  return credentialStore(parsed.tenants);
}

export interface AuthInput {
  authorization?: string;
  tenantHeader?: string;
  timestamp?: string;
  signature?: string;
  method: string;
  url: string;
  body: string;
  nowSeconds: number;
  replays: ReplayGuard;
}

/** Bearer token, or tenant + HMAC signature of the request (signature.ts); returns the tenant or throws 401. */
export function authenticate(store: CredentialStore, input: AuthInput): string {
  const bearer = /^Bearer\s+(.+)$/i.exec(input.authorization ?? '')?.[1];
  if (bearer) {
    const tenant = store.tenantByToken(bearer.trim());
    if (!tenant) throw new WebhookError('UNAUTHENTICATED', 'unknown bearer token');
    return tenant;
  }
  const { tenantHeader: tenant, signature } = input;
  if (tenant && signature) {
    const secrets = store.tenant(tenant)?.hmacSecrets ?? [];
    if (secrets.length === 0)
      throw new WebhookError('UNAUTHENTICATED', 'unknown tenant or no signing secret');
    const { timestamp = '', method, url, body, nowSeconds, replays } = input;
    verifySignature({ tenant, signature, timestamp, method, url, body }, secrets, { nowSeconds, replays });
    return tenant;
  }
  throw new WebhookError(
    'UNAUTHENTICATED',
    'send Authorization: Bearer <token>, or X-Rosetta-Tenant, X-Rosetta-Timestamp and X-Rosetta-Signature',
  );
}
