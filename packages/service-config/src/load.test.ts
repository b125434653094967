import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, type LoadOptions, loadServiceConfig, type ServiceConfigSpec } from './load.ts';
import { KAFKA_OVERRIDES, kafkaSchema, listenSchema } from './shared.ts';

const spec = {
  service: 'demo',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['secretFile'],
    properties: {
      http: listenSchema(8080),
      kafka: kafkaSchema,
      secretFile: { type: 'string' },
      mode: { enum: ['strict', 'lenient'], default: 'strict' },
      tenants: { type: 'object' },
    },
  } as const,
  overrides: [
    ...KAFKA_OVERRIDES,
    { env: 'DEMO_PORT', key: 'http.port', type: 'integer' },
    { env: 'DEMO_TENANTS', key: 'tenants', type: 'json' },
  ],
  pathKeys: ['secretFile'],
} satisfies ServiceConfigSpec;

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rosetta-config-')), 'demo.yaml');
  writeFileSync(file, text);
  return file;
}

function problemsOf(options: LoadOptions): string[] {
  try {
    loadServiceConfig(spec, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadServiceConfig', () => {
  it('reads YAML, fills defaults, resolves file paths against the YAML folder, and lets env override', () => {
    const file = yamlFile('http: { port: 9000 }\nsecretFile: secrets/creds.json\n');
    const config = loadServiceConfig(spec, {
      file,
      env: { KAFKA_BROKERS: 'k1:9092, k2:9092', DEMO_TENANTS: '{"acme":{}}' },
    });
    expect(config).toEqual({
      http: { host: '0.0.0.0', port: 9000 },
      kafka: { brokers: ['k1:9092', 'k2:9092'], client: 'kafkajs' },
      secretFile: join(file, '..', 'secrets/creds.json'),
      mode: 'strict',
      tenants: { acme: {} },
    });
    const overridden = loadServiceConfig(spec, {
      file,
      env: { DEMO_PORT: '9100' },
    });
    expect(overridden.http.port).toBe(9100);
  });

  it('picks the Kafka client from the file or ROSETTA_KAFKA_CLIENT, and refuses one it does not have', () => {
    const file = yamlFile('secretFile: /s\nkafka: { client: platformatic }\n');
    expect(loadServiceConfig(spec, { file, env: {} }).kafka.client).toBe('platformatic');
    const fromEnv = loadServiceConfig(spec, {
      file,
      env: { ROSETTA_KAFKA_CLIENT: 'kafkajs' },
    });
    expect(fromEnv.kafka.client).toBe('kafkajs');
    expect(problemsOf({ file, env: { ROSETTA_KAFKA_CLIENT: 'rdkafka' } })).toEqual([
      'kafka.client must be equal to one of the allowed values (allowed: kafkajs, platformatic) [from env ROSETTA_KAFKA_CLIENT]',
    ]);
  });

  it('names a required key that neither the file nor the environment gives', () => {
    const config = loadServiceConfig(spec, {
      env: {},
      file: yamlFile('secretFile: /run/s\n'),
    });
    expect(config.secretFile).toBe('/run/s');
    expect(problemsOf({ env: {} })).toEqual(['secretFile is required']);
  });

  it('names every wrong key, what is allowed, and where the value came from', () => {
    const file = yamlFile(
      'secretFile: /s\nhttp: { prot: 1 }\nmode: loose\nkafka: { brokers: [nohostport] }\n',
    );
    expect(problemsOf({ file, env: { DEMO_PORT: 'eighty' } })).toEqual([
      'http.prot is not a known key (allowed keys here: host, port)',
      'http.port must be integer [from env DEMO_PORT]',
      'kafka.brokers.0 must match pattern "^[^\\s,]+:\\d+$"',
      'mode must be equal to one of the allowed values (allowed: strict, lenient)',
    ]);
    expect(problemsOf({ file, env: { DEMO_PORT: '70000' } })).toContain(
      'http.port must be <= 65535 [from env DEMO_PORT]',
    );
  });

  it('reports unreadable files, non-mapping YAML and bad JSON in env with the file or variable named', () => {
    expect(problemsOf({ file: '/nonexistent/demo.yaml', env: {} })[0]).toMatch(
      /^config file \/nonexistent\/demo.yaml: ENOENT/,
    );
    expect(problemsOf({ file: yamlFile('- a\n- b\n'), env: {} })).toEqual([
      expect.stringContaining('the top level must be a mapping of keys'),
    ]);
    expect(problemsOf({ file: yamlFile('secretFile: /s\n'), env: { DEMO_TENANTS: '{' } })[0]).toMatch(
      /^DEMO_TENANTS \(tenants\) is not valid JSON/,
    );
    expect(problemsOf({ file: yamlFile('a: [1\n'), env: {} })[0]).toMatch(/^config file .*demo.yaml: /);
  });

  it('takes the file from ROSETTA_CONFIG_FILE', () => {
    const file = yamlFile('secretFile: /from-env-file\n');
    expect(loadServiceConfig(spec, { env: { ROSETTA_CONFIG_FILE: file } }).secretFile).toBe('/from-env-file');
  });
});
