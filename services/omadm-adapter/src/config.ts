import { DEFAULT_SYNCML_LIMITS } from '@rosetta/codecs/syncml';
import {
  type ConfigOf,
  listenOverrides,
  listenSchema,
  readJsonFile,
  serviceConfigSpec,
} from '@rosetta/service-config';
import type { FromSchema } from 'json-schema-to-ts';

const deviceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1 },
    password: { type: 'string', minLength: 1 },
    nonce: { type: 'string', description: 'base64 nonce the device was last given (auth-md5)' },
  },
} as const;

const tenantSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['devices'],
  properties: {
    allowBasic: {
      type: 'boolean',
      description:
        'syncml:auth-basic sends the password itself: only where the operator enables it and TLS protects the link',
    },
    tokens: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'bearer tokens for POST /omadm/alerts (a DM server forwarding parsed alerts)',
    },
    profiles: {
      type: 'object',
      additionalProperties: false,
      description: "the mapping profile for the tenant's devices, or per device-model prefix",
      properties: {
        default: { type: 'string', minLength: 1 },
        byModelPrefix: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
      },
    },
    devices: { type: 'object', additionalProperties: deviceSchema },
  },
} as const;

/** The tenants file (a secret): `{"tenants": {"<tenant>": {"devices": {...}, "tokens": [...]}}}`. */
export const omadmTenantsFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tenants'],
  properties: { tenants: { type: 'object', additionalProperties: tenantSchema } },
} as const;

export type DeviceCredentials = FromSchema<typeof deviceSchema>;
export type TenantConfig = FromSchema<typeof tenantSchema>;

export interface OmadmConfig {
  serverUri: string;
  defaultTenant: string;
  tenants: Record<string, TenantConfig>;
}

export const omadmConfigSpec = serviceConfigSpec({
  service: 'omadm-adapter',
  required: ['serverUri', 'defaultTenant', 'tenantsFile'],
  properties: {
    http: listenSchema(8080),
    serverUri: {
      type: 'string',
      pattern: '^https?://',
      description: 'the server URI answered in SyncML headers (what devices are provisioned with)',
    },
    defaultTenant: {
      type: 'string',
      minLength: 1,
      description: 'tenant of devices that authenticate without naming one',
    },
    tenantsFile: {
      type: 'string',
      minLength: 1,
      description: 'secret: {"tenants": {...}} with device credentials and bearer tokens (JSON)',
    },
    maxBodyBytes: { type: 'integer', minimum: 1024, maximum: 16777216, default: 262144 },
    syncmlLimits: {
      type: 'object',
      description: 'what decoding one SyncML message may cost before anything in it is trusted',
      additionalProperties: false,
      default: {},
      properties: {
        maxDepth: { type: 'integer', minimum: 8, maximum: 256, default: DEFAULT_SYNCML_LIMITS.maxDepth },
        maxElements: { type: 'integer', minimum: 16, default: DEFAULT_SYNCML_LIMITS.maxElements },
        maxAttributes: { type: 'integer', minimum: 1, default: DEFAULT_SYNCML_LIMITS.maxAttributes },
        maxTextLength: { type: 'integer', minimum: 256, default: DEFAULT_SYNCML_LIMITS.maxTextLength },
        maxDecodedLength: {
          type: 'integer',
          minimum: 1024,
          default: DEFAULT_SYNCML_LIMITS.maxDecodedLength,
        },
      },
    },
  },
  overrides: [
    ...listenOverrides('http', 'OMADM_HOST', 'OMADM_PORT'),
    { env: 'OMADM_SERVER_URI', key: 'serverUri', type: 'string' },
    { env: 'OMADM_DEFAULT_TENANT', key: 'defaultTenant', type: 'string' },
    { env: 'OMADM_TENANTS_FILE', key: 'tenantsFile', type: 'string' },
    { env: 'OMADM_MAX_BODY_BYTES', key: 'maxBodyBytes', type: 'integer' },
  ],
  pathKeys: ['tenantsFile'],
});

export type OmadmServiceConfig = ConfigOf<typeof omadmConfigSpec>;

/** Tenants from a file to start with; anything implementing the same lookups (a database, a secret manager) can replace it. */
export function readOmadmTenants(path: string): OmadmConfig['tenants'] {
  return readJsonFile(omadmConfigSpec.service, path, omadmTenantsFileSchema).tenants;
}

export function omadmConfigFrom(service: OmadmServiceConfig): OmadmConfig {
  return {
    serverUri: service.serverUri,
    defaultTenant: service.defaultTenant,
    tenants: readOmadmTenants(service.tenantsFile),
  };
}

export function profileFor(tenant: TenantConfig, model: string | undefined): string | undefined {
  const byModel = Object.entries(tenant.profiles?.byModelPrefix ?? {}).find(([prefix]) =>
    model?.startsWith(prefix),
  );
  return byModel?.[1] ?? tenant.profiles?.default;
}

/** Where device credentials come from: the config file to start with; a database or secret manager can implement it. */
export interface DeviceCredentialStore {
  lookup(tenant: string, deviceId: string): DeviceCredentials | undefined;
}

export function configCredentialStore(config: OmadmConfig): DeviceCredentialStore {
  return {
    lookup(tenant, deviceId) {
      const devices = tenantOf(config, tenant)?.devices;
      return devices && Object.hasOwn(devices, deviceId) ? devices[deviceId] : undefined;
    },
  };
}

/** Own tenants only: `/omadm/__proto__` or `/omadm/constructor` name no tenant. */
export function tenantOf(config: OmadmConfig, name: string): TenantConfig | undefined {
  return Object.hasOwn(config.tenants, name) ? config.tenants[name] : undefined;
}
