import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Vocabulary } from '@rosetta/outcome-schema';
import { WebhookError } from './errors.ts';

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
    tenant: (name) => tenants[name],
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

export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `X-Rosetta-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, with any of the tenant's secrets. */
export function verifySignature(
  header: string,
  body: string,
  secrets: readonly string[],
  nowSeconds: number,
): void {
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1)
    throw new WebhookError('UNAUTHENTICATED', 'X-Rosetta-Signature must be t=<unix seconds>,v1=<hex>');
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new WebhookError(
      'SIGNATURE_EXPIRED',
      `signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s away from now`,
    );
  }
  const given = Buffer.from(parts.v1, 'hex');
  const valid = secrets.some((secret) =>
    same(createHmac('sha256', secret).update(`${t}.${body}`).digest(), given),
  );
  if (!valid) throw new WebhookError('UNAUTHENTICATED', 'signature does not match');
}

export interface AuthInput {
  authorization?: string;
  tenantHeader?: string;
  signature?: string;
  body: string;
  nowSeconds: number;
}

/** Bearer token, or tenant + HMAC signature over the body; returns the authenticated tenant or throws 401. */
export function authenticate(store: CredentialStore, input: AuthInput): string {
  const bearer = /^Bearer\s+(.+)$/i.exec(input.authorization ?? '')?.[1];
  if (bearer) {
    const tenant = store.tenantByToken(bearer.trim());
    if (!tenant) throw new WebhookError('UNAUTHENTICATED', 'unknown bearer token');
    return tenant;
  }
  if (input.tenantHeader && input.signature) {
    const secrets = store.tenant(input.tenantHeader)?.hmacSecrets ?? [];
    if (secrets.length === 0)
      throw new WebhookError('UNAUTHENTICATED', 'unknown tenant or no signing secret');
    verifySignature(input.signature, input.body, secrets, input.nowSeconds);
    return input.tenantHeader;
  }
  throw new WebhookError(
    'UNAUTHENTICATED',
    'send Authorization: Bearer <token>, or X-Rosetta-Tenant with X-Rosetta-Signature',
  );
}
