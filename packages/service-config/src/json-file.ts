import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { ConfigError } from './load.ts';

/**
 * A JSON file a service reads at start (tenants, credentials), checked against its schema: the value its schema
 * describes, or a ConfigError naming the file and every problem (never a half-read secret file).
 */
export function readJsonFile<const Schema extends JSONSchema>(
  service: string,
  path: string,
  schema: Schema,
): FromSchema<NoInfer<Schema>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(service, [`${path}: ${(error as Error).message}`]);
  }
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema as object);
  if (!validate(parsed))
    throw new ConfigError(
      service,
      (validate.errors ?? []).map(
        (e) => `${path}: ${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`,
      ),
    );
  return parsed as never; // validated against the very schema the type is derived from
}
