import { bearerToken, matchingSecret } from '@rosetta/http-ingress';
import { VOCABULARIES, type Vocabulary } from '@rosetta/outcome-schema';
import { readJsonFile } from '@rosetta/service-config';
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

export function credentialStore(tenants: Record<string, TenantCredentials>): CredentialStore {
  const tokens = Object.entries(tenants).flatMap(([tenant, c]) =>
    (c.tokens ?? []).map((token) => ({ tenant, token })),
  );
  const secrets = tokens.map((t) => t.token);
  return {
    tenant: (name) => (Object.hasOwn(tenants, name) ? tenants[name] : undefined),
    tenantByToken: (token) => tokens[matchingSecret(secrets, token)]?.tenant,
  };
}

const secrets = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

/** The credentials file (a secret): `{"tenants": {"<tenant>": {"tokens": [...], "hmacSecrets": [...]}}}`. */
export const credentialsFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tenants'],
  properties: {
    tenants: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          tokens: secrets,
          hmacSecrets: secrets,
          vocabularies: { type: 'array', items: { enum: VOCABULARIES } },
        },
      },
    },
  },
} as const;

export function fileCredentialStore(path: string): CredentialStore {
  return credentialStore(readJsonFile('webhook-adapter', path, credentialsFileSchema).tenants);
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
  const bearer = bearerToken(input.authorization);
  if (bearer) {
    const tenant = store.tenantByToken(bearer);
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
