import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, startCollector } from '../support/otel-collector.ts';

// startTracing() reads the standard OTEL_* variables: each protocol reaches a real collector, and without an
// exporter configured nothing is started at all.
const script = fileURLToPath(new URL('../support/emit-one-span.ts', import.meta.url));
let collector: Collector;
beforeAll(async () => {
  collector = await startCollector();
});
afterAll(async () => {
  await collector.stop();
});

const emit = (env: NodeJS.ProcessEnv, name: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, name], {
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_SERVICE_NAME: undefined, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });

const arrived = async (name: string) => {
  for (const end = Date.now() + 10_000; Date.now() < end; ) {
    const span = collector.spans().find((s) => s.name === name);
    if (span) return span;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
};

describe('startTracing', () => {
  it.each(['http/protobuf', 'http/json'])(
    'exports over OTLP %s, with OTEL_SERVICE_NAME honoured',
    async (protocol) => {
      const name = `span-${randomUUID()}`;
      const run = emit(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
          OTEL_SERVICE_NAME: 'from-env',
        },
        name,
      );
      expect(run.stdout.trim(), run.stderr).toBe('enabled');
      expect(await arrived(name)).toMatchObject({ name, service: 'from-env', kind: 2 });
    },
  );

  it('falls back to the service’s own name, and OTEL_TRACES_SAMPLER=always_off exports nothing', async () => {
    const dropped = `span-${randomUUID()}`;
    const off = emit(
      { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_TRACES_SAMPLER: 'always_off' },
      dropped,
    );
    expect(off.stdout.trim()).toBe('enabled');
    const named = `span-${randomUUID()}`;
    emit({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint }, named);
    expect((await arrived(named))?.service).toBe('rosetta-test-emitter');
    // Exported in order: had the first process sent its span, it would be in the file before this one.
    expect(collector.spans().find((s) => s.name === dropped)).toBeUndefined();
  });

  it('is off unless configured, and OTEL_SDK_DISABLED=true turns it off', () => {
    expect(emit({}, 'unconfigured').stdout.trim()).toBe('disabled');
    expect(
      emit({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_SDK_DISABLED: 'true' }, 'x').stdout.trim(),
    ).toBe('disabled');
    expect(
      emit(
        { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint },
        'x',
      ).stdout.trim(),
    ).toBe('disabled');
  });
});
