import { readFileSync } from 'node:fs';

export interface DeviceCredentials {
  username: string;
  password: string;
  /** base64 nonce the device was last given (auth-md5). */
  nonce?: string;
}

export interface TenantConfig {
  /** syncml:auth-basic sends the password itself: only where the operator enables it and TLS protects the link. */
  allowBasic?: boolean;
  /** Bearer tokens for POST /omadm/alerts (a DM server forwarding parsed alerts). */
  tokens?: string[];
  /** The mapping profile for the tenant's devices, or per device-model prefix. */
  profiles?: { default?: string; byModelPrefix?: Record<string, string> };
  devices: Record<string, DeviceCredentials>;
}

export interface OmadmConfig {
  serverUri: string;
  defaultTenant: string;
  tenants: Record<string, TenantConfig>;
}

/** A file to start with; anything implementing the same lookups (a database, a secret manager) can replace it. */
export function readOmadmConfig(path: string): OmadmConfig {
  return JSON.parse(readFileSync(path, 'utf8')) as OmadmConfig;
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
  return { lookup: (tenant, deviceId) => config.tenants[tenant]?.devices[deviceId] };
}
