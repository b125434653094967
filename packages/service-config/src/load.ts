import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { parse as parseYaml } from 'yaml';
import { type EnvOverride, EnvValueError, parseEnvValue, setPath } from './overrides.ts';

export interface ServiceConfigSpec<Schema extends JSONSchema = JSONSchema> {
  service: string;
  /**
   * JSON Schema (draft-07) with defaults; every object closed with additionalProperties: false. Written `as const`,
   * it is also the configuration's TypeScript type (ConfigOf), so the two cannot drift.
   */
  schema: Schema;
  overrides: readonly EnvOverride[];
  /** Keys holding file paths; a relative path is resolved against the YAML file's folder. */
  pathKeys?: readonly string[];
  /** Settings read from the environment elsewhere (Kafka TLS/SASL): each throws an Error naming the variable. */
  envChecks?: readonly ((env: NodeJS.ProcessEnv) => unknown)[];
}

export interface LoadOptions {
  /** The YAML file; by default ROSETTA_CONFIG_FILE, and none at all when that is unset. */
  file?: string;
  env?: NodeJS.ProcessEnv;
}

/** Thrown with every problem found, each naming the key, what is allowed and where the value came from. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function keyOf(error: ErrorObject): string {
  const base = error.instancePath.slice(1).replaceAll('/', '.');
  const extra =
    error.keyword === 'required'
      ? (error.params as { missingProperty: string }).missingProperty
      : error.keyword === 'additionalProperties'
        ? (error.params as { additionalProperty: string }).additionalProperty
        : '';
  return [base, extra].filter(Boolean).join('.') || '(root)';
}

function allowedOf(error: ErrorObject): string {
  if (error.keyword === 'enum')
    return ` (allowed: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`;
  if (error.keyword !== 'additionalProperties') return '';
  const properties = error.parentSchema?.properties as Record<string, unknown> | undefined;
  return properties ? ` (allowed keys here: ${Object.keys(properties).join(', ')})` : '';
}

function describe(error: ErrorObject, sources: Map<string, string>): string {
  const key = keyOf(error);
  const message =
    error.keyword === 'required'
      ? 'is required'
      : error.keyword === 'additionalProperties'
        ? 'is not a known key'
        : (error.message ?? 'is invalid');
  const source = [...sources].find(([k]) => key === k || key.startsWith(`${k}.`))?.[1];
  return `${key} ${message}${allowedOf(error)}${source ? ` [from ${source}]` : ''}`;
}

function resolvePaths(config: Record<string, unknown>, keys: readonly string[], base: string): void {
  for (const key of keys) {
    const parts = key.split('.');
    const parent = parts
      .slice(0, -1)
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], config);
    const leaf = parts[parts.length - 1] as string;
    const value = (parent as Record<string, unknown> | undefined)?.[leaf];
    if (typeof value === 'string' && !isAbsolute(value))
      (parent as Record<string, unknown>)[leaf] = resolve(base, value);
  }
}

/** The configuration a spec's schema describes, defaults applied (a property with a default is always present). */
export type ConfigOf<Spec extends ServiceConfigSpec> = FromSchema<Spec['schema']>;

/** YAML file → environment overrides → schema defaults → validation. Throws ConfigError listing every problem. */
export function loadServiceConfig<Schema extends JSONSchema>(
  spec: ServiceConfigSpec<Schema>,
  options: LoadOptions = {},
): FromSchema<NoInfer<Schema>> {
  // Validated against the very schema the type is derived from.
  return loadValidated(spec, options) as never;
}

function loadValidated(spec: ServiceConfigSpec, options: LoadOptions): Record<string, unknown> {
  const env = options.env ?? process.env;
  const file = options.file ?? env.ROSETTA_CONFIG_FILE;
  const problems: string[] = [];
  let config: Record<string, unknown> = {};
  if (file) {
    try {
      const parsed = parseYaml(readFileSync(file, 'utf8')) as unknown;
      if (parsed !== null && parsed !== undefined) {
        if (typeof parsed !== 'object' || Array.isArray(parsed))
          throw new Error('the top level must be a mapping of keys');
        config = parsed as Record<string, unknown>;
      }
      resolvePaths(config, spec.pathKeys ?? [], dirname(resolve(file)));
    } catch (error) {
      throw new ConfigError(spec.service, [`config file ${file}: ${(error as Error).message}`]);
    }
  }
  const sources = new Map<string, string>();
  for (const override of spec.overrides) {
    const raw = env[override.env];
    if (raw === undefined || raw === '') continue;
    try {
      setPath(config, override.key, parseEnvValue(override, raw));
      sources.set(override.key, `env ${override.env}`);
    } catch (error) {
      if (!(error instanceof EnvValueError)) throw error;
      problems.push(error.message);
    }
  }
  for (const check of spec.envChecks ?? []) {
    try {
      check(env);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, verbose: true });
  const validate = ajv.compile(spec.schema);
  if (!validate(config)) problems.push(...(validate.errors ?? []).map((e) => describe(e, sources)));
  if (problems.length > 0) throw new ConfigError(spec.service, problems);
  return config;
}

/** For main.ts: load, or print the problems and exit 2 (a configuration error; restarting will not help). */
export function loadServiceConfigOrExit<Schema extends JSONSchema>(
  spec: ServiceConfigSpec<Schema>,
  options: LoadOptions = {},
): FromSchema<NoInfer<Schema>> {
  return exitOnConfigError(() => loadValidated(spec, options) as never);
}

/** For main.ts: the value, or on a ConfigError its problems printed as one fatal log line and exit 2. */
export function exitOnConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(JSON.stringify({ level: 'fatal', msg: error.message, problems: error.problems }));
    process.exit(2);
  }
}
