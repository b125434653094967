import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@rosetta/local-kafka';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { waitForExit } from '../support/child-service.ts';
import { deployTools } from '../support/deploy-tools.ts';

// No Docker engine here, so the image is checked in its parts: the Dockerfile's COPY sources exist, the build stage's
// staging script produces a folder that runs each service on its own (against the real broker), and the Compose file
// passes the Compose specification's schema.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's build-arg syntax, not a JS template.
const SERVICE_ARG = '${SERVICE}';
const SERVICES = ['normalizer', 'webhook-adapter', 'omadm-adapter', 'lwm2m-adapter', 'lifecycle'] as const;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** The bytes answered to an empty confirmable message (CoAP ping, message id 0x1234), or [] after 3 s. */
async function coapPing(port: number): Promise<number[]> {
  const socket = createSocket('udp4');
  try {
    return await new Promise<number[]>((resolve) => {
      const timer = setTimeout(() => resolve([]), 3000);
      socket.once('message', (answer) => {
        clearTimeout(timer);
        resolve([...answer]);
      });
      socket.send(Buffer.from([0x40, 0x00, 0x12, 0x34]), port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

describe('deploy/docker', () => {
  it('every COPY source in the Dockerfile exists for every service', () => {
    const dockerfile = readFileSync(join(ROOT, 'deploy/docker/Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap((m) =>
      (m[1] as string).split(/\s+/),
    );
    expect(sources).toContain(`deploy/config/${SERVICE_ARG}.yaml`);
    for (const service of SERVICES)
      for (const source of sources.filter((s) => s !== '.'))
        expect(existsSync(join(ROOT, source.replace(SERVICE_ARG, service))), source).toBe(true);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(dockerfile).toContain(`bash deploy/docker/stage-service.sh "${SERVICE_ARG}" /out`);
  });

  it('the DTLS gateway image copies sources that exist and runs as uid 1000', () => {
    const dockerfile = readFileSync(join(ROOT, 'deploy/docker/dtls-gateway.Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap((m) =>
      (m[1] as string).split(/\s+/),
    );
    expect(sources).toEqual(['services/dtls-gateway/pom.xml', 'services/dtls-gateway/src']);
    for (const source of sources) expect(existsSync(join(ROOT, source)), source).toBe(true);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
  });

  it.each(SERVICES)(
    'the staged %s runs on its own: config file, /healthz, /readyz, SIGTERM exit 0',
    async (service) => {
      const out = join(mkdtempSync(join(tmpdir(), 'rosetta-stage-')), service);
      const staged = spawnSync('bash', [join(ROOT, 'deploy/docker/stage-service.sh'), service, out], {
        encoding: 'utf8',
      });
      expect(staged.stderr).toBe('');
      expect(staged.status).toBe(0);
      expect(existsSync(join(out, 'node_modules/typescript'))).toBe(false);

      const secrets = mkdtempSync(join(tmpdir(), 'rosetta-secrets-'));
      writeFileSync(join(secrets, 'webhook-credentials.json'), '{"tenants":{"acme":{"tokens":["t"]}}}');
      writeFileSync(join(secrets, 'omadm-tenants.json'), '{"tenants":{"acme":{"devices":{}}}}');
      const port = await freePort();
      const lwm2mPort = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: out,
        env: {
          PATH: process.env.PATH,
          ROSETTA_CONFIG_FILE: join(ROOT, `deploy/config/${service}.yaml`),
          KAFKA_BROKERS: inject('kafkaBrokers').join(','),
          WEBHOOK_PORT: String(port),
          OMADM_PORT: String(port),
          NORMALIZER_ADMIN_PORT: String(port),
          LWM2M_ADMIN_PORT: String(port),
          LIFECYCLE_PORT: String(port),
          LIFECYCLE_GROUP_ID: `staged-${service}`,
          LWM2M_PORT: String(lwm2mPort),
          // NoSec on, so the staged LwM2M adapter starts its UDP thread (a worker loading its own entry file) too.
          LWM2M_NOSEC: 'true',
          LWM2M_DTLS_SESSION_SOCKET: join(secrets, 'lwm2m-sessions.sock'),
          ROSETTA_INSTANCE_ID: `staged-${service}`,
          NORMALIZER_GROUP_ID: `staged-${service}`,
          WEBHOOK_CREDENTIALS_FILE: join(secrets, 'webhook-credentials.json'),
          OMADM_TENANTS_FILE: join(secrets, 'omadm-tenants.json'),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      children.push(child);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const ready = async (): Promise<number> => {
        for (let attempt = 0; attempt < 120; attempt++) {
          const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.status,
            () => 0,
          );
          if (status === 200) return status;
          if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        throw new Error(`not ready: ${stderr}`);
      };
      expect(await ready()).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      // A CoAP ping (empty CON) to the staged LwM2M adapter is answered with a Reset, through its UDP thread.
      if (service === 'lwm2m-adapter') expect(await coapPing(lwm2mPort)).toEqual([0x70, 0x00, 0x12, 0x34]);
      child.kill('SIGTERM');
      await waitForExit(child);
      expect(child.exitCode).toBe(0);
    },
  );
});

describe('deploy/compose', () => {
  const compose = parse(readFileSync(join(ROOT, 'deploy/compose/docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as {
    services: Record<
      string,
      {
        build?: { args: { SERVICE: string } };
        volumes?: string[];
        healthcheck?: unknown;
        depends_on?: Record<string, { condition: string }>;
      }
    >;
    volumes?: Record<string, unknown>;
  };

  it('passes the Compose specification schema', () => {
    // The schema still carries draft-04 `id` annotations, which Ajv refuses; they carry no constraint.
    const schema = JSON.parse(readFileSync(deployTools().composeSchema, 'utf8'), (key, value: unknown) =>
      key === 'id' && typeof value === 'string' ? undefined : value,
    ) as object;
    const validate = new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    // Live check: a misspelt key is refused.
    const misspelt = structuredClone(compose);
    Object.assign(misspelt.services.kafka as object, { helthcheck: {} });
    expect(validate(misspelt)).toBe(false);
  });

  it('runs apache/kafka and every service, each with a health check, waiting on a healthy Kafka', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['kafka', ...SERVICES, 'dtls-gateway'].sort());
    for (const service of SERVICES) {
      const entry = compose.services[service];
      expect(entry?.build?.args.SERVICE).toBe(service);
      expect(entry?.healthcheck).toBeDefined();
      const dependsOn = entry?.depends_on ?? {};
      expect(Object.values(dependsOn).every((d) => d.condition === 'service_healthy')).toBe(true);
      for (const volume of entry?.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (source in (compose.volumes ?? {})) continue; // a named volume, not a file
        expect(existsSync(join(ROOT, 'deploy/compose', source)), source).toBe(true);
      }
    }
    expect(JSON.stringify(compose.services.kafka)).toContain('apache/kafka');
  });

  it("runs the DTLS gateway in the LwM2M adapter's network namespace, sharing its session socket volume", () => {
    const gateway = compose.services['dtls-gateway'];
    expect(gateway).toMatchObject({
      network_mode: 'service:lwm2m-adapter',
      build: { dockerfile: 'deploy/docker/dtls-gateway.Dockerfile' },
      depends_on: { 'lwm2m-adapter': { condition: 'service_healthy' } },
    });
    expect(gateway?.volumes).toContain('lwm2m-run:/run/rosetta');
    expect(compose.services['lwm2m-adapter']?.volumes).toContain('lwm2m-run:/run/rosetta');
    for (const volume of gateway?.volumes ?? []) {
      const source = volume.split(':')[0] as string;
      if (!(source in (compose.volumes ?? {})))
        expect(existsSync(join(ROOT, 'deploy/compose', source)), source).toBe(true);
    }
  });
});
