export interface Lwm2mConfig {
  /** Which endpoint names each tenant may register; `*` matches any run of characters. */
  tenants: Record<string, { endpoints: string[]; profile?: string }>;
  /** Registration payloads larger than this get 4.13. */
  maxPayloadBytes?: number;
  /** Seconds past a registration's lifetime before it is dropped. */
  lifetimeGraceSeconds?: number;
  /** Content-Format to request (CoAP Accept) on reads and observes; unset lets each device answer in its preferred one. */
  accept?: number;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/** The tenant whose allowlist names this endpoint, or undefined (→ 4.03 Forbidden on Register). */
export function tenantFor(config: Lwm2mConfig, endpoint: string): string | undefined {
  return Object.entries(config.tenants).find(([, t]) =>
    t.endpoints.some((p) => wildcard(p).test(endpoint)),
  )?.[0];
}
