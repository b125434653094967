/** How one environment variable overrides one key of a service's configuration. */
export interface EnvOverride {
  env: string;
  /** Dotted path into the configuration, e.g. `http.port`. */
  key: string;
  /** `list` is comma-separated; `json` is for structured values such as tenant allowlists. */
  type: 'string' | 'integer' | 'boolean' | 'list' | 'json';
}

export class EnvValueError extends Error {}

export function parseEnvValue(override: EnvOverride, raw: string): unknown {
  switch (override.type) {
    case 'string':
      return raw;
    case 'list':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    case 'integer': {
      // Left as text when not a number so that the schema check names the key and the allowed type.
      return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    }
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch (error) {
        throw new EnvValueError(
          `${override.env} (${override.key}) is not valid JSON: ${(error as Error).message}`,
        );
      }
  }
}

export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}
