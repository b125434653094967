import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lifecycleConfigSpec } from '@rosetta/lifecycle-service';
import { lwm2mConfigSpec } from '@rosetta/lwm2m-adapter';
import { normalizerConfigSpec } from '@rosetta/normalizer';
import { omadmConfigSpec } from '@rosetta/omadm-adapter';
import { type KafkaSection, loadServiceConfig } from '@rosetta/service-config';
import { webhookConfigSpec } from '@rosetta/webhook-adapter';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { deployTools } from '../support/deploy-tools.ts';

// The chart is rendered with helm and every manifest is validated (strict) against the Kubernetes 1.31 JSON schemas;
// there is no cluster here, so this is what "it would apply" can mean.
const CHART = fileURLToPath(new URL('../../deploy/helm/rosetta', import.meta.url));
const KUBERNETES = '1.31.0';
const tools = deployTools();
/** Each service's Kafka section, as its own loader reads it from a configuration file. */
const KAFKA_OF: Record<string, (file: string) => KafkaSection> = {
  normalizer: (file) => loadServiceConfig(normalizerConfigSpec, { file, env: {} }).kafka,
  'webhook-adapter': (file) => loadServiceConfig(webhookConfigSpec, { file, env: {} }).kafka,
  'omadm-adapter': (file) => loadServiceConfig(omadmConfigSpec, { file, env: {} }).kafka,
  'lwm2m-adapter': (file) => loadServiceConfig(lwm2mConfigSpec, { file, env: {} }).kafka,
  lifecycle: (file) => loadServiceConfig(lifecycleConfigSpec, { file, env: {} }).kafka,
};

interface Manifest {
  kind: string;
  apiVersion: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

const TRIAL_SECRETS = [
  '--set-json',
  'secrets.webhookCredentials.content={"tenants":{"acme":{"tokens":["t"]}}}',
  '--set-json',
  'secrets.omadmTenants.content={"tenants":{"acme":{"devices":{}}}}',
  '--set-json',
  'secrets.lwm2mSecurity.content={"psk":[{"identity":"d1","key":"00ff","endpoint":"urn:imei:1"}]}',
];

function helm(args: string[]) {
  return spawnSync(tools.helm, args, { encoding: 'utf8' });
}

function render(args: string[]): Manifest[] {
  const run = helm(['template', 'r', CHART, '--kube-version', KUBERNETES, ...args]);
  if (run.status !== 0) throw new Error(run.stderr);
  return parseAllDocuments(run.stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

function kubernetesValidate(manifests: Manifest[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'rosetta-helm-')), 'rendered.yaml');
  writeFileSync(file, manifests.map((m) => `---\n${JSON.stringify(m)}\n`).join(''));
  return spawnSync(tools.kubernetesValidate, ['--strict', '--quiet', '-k', KUBERNETES, file], {
    encoding: 'utf8',
  });
}

function kinds(manifests: Manifest[]): string[] {
  return manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
}

describe('deploy/helm/rosetta', () => {
  it('passes helm lint', () => {
    const run = helm(['lint', CHART, '--kube-version', KUBERNETES, ...TRIAL_SECRETS]);
    expect(run.stderr + run.stdout).toContain('0 chart(s) failed');
    expect(run.status).toBe(0);
  });

  it('renders every service with ConfigMap, Service, PDB, HPA for the stateless ones, and strict-valid manifests', () => {
    const manifests = render(TRIAL_SECRETS);
    expect(kinds(manifests)).toEqual([
      'ConfigMap/r-lifecycle',
      'ConfigMap/r-lwm2m-adapter',
      'ConfigMap/r-normalizer',
      'ConfigMap/r-omadm-adapter',
      'ConfigMap/r-webhook-adapter',
      'Deployment/r-lifecycle',
      'Deployment/r-lwm2m-adapter',
      'Deployment/r-normalizer',
      'Deployment/r-omadm-adapter',
      'Deployment/r-webhook-adapter',
      'HorizontalPodAutoscaler/r-lifecycle',
      'HorizontalPodAutoscaler/r-normalizer',
      'HorizontalPodAutoscaler/r-omadm-adapter',
      'HorizontalPodAutoscaler/r-webhook-adapter',
      'PodDisruptionBudget/r-lifecycle',
      'PodDisruptionBudget/r-normalizer',
      'PodDisruptionBudget/r-omadm-adapter',
      'PodDisruptionBudget/r-webhook-adapter',
      'Secret/r-lwm2m-adapter-security',
      'Secret/r-omadm-adapter-credentials',
      'Secret/r-webhook-adapter-credentials',
      'Service/r-lifecycle',
      'Service/r-lwm2m-adapter',
      'Service/r-normalizer',
      'Service/r-omadm-adapter',
      'Service/r-webhook-adapter',
    ]);
    const validation = kubernetesValidate(manifests);
    expect(validation.stdout + validation.stderr).toBe('');
    expect(validation.status).toBe(0);
  });

  it('the validator is live: a wrong field type in a Deployment fails it', () => {
    const manifests = render(TRIAL_SECRETS);
    const deployment = manifests.find((m) => m.kind === 'Deployment') as Manifest;
    (deployment.spec as { replicas: unknown }).replicas = 'two';
    const validation = kubernetesValidate(manifests);
    expect(validation.status).not.toBe(0);
    expect(validation.stdout + validation.stderr).toContain("'two' is not of type 'integer'");
  });

  it('each ConfigMap holds a configuration its service accepts, with the chart-owned ports and secret paths', () => {
    const manifests = render(TRIAL_SECRETS);
    for (const map of manifests.filter((m) => m.kind === 'ConfigMap')) {
      const service = map.metadata.labels?.['app.kubernetes.io/name'] as string;
      const file = join(mkdtempSync(join(tmpdir(), 'rosetta-cm-')), 'config.yaml');
      writeFileSync(file, map.data?.['config.yaml'] ?? '');
      expect(KAFKA_OF[service]?.(file)).toEqual({ brokers: ['kafka-bootstrap:9092'], client: 'kafkajs' });
    }
    const webhook = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'r-webhook-adapter');
    expect(webhook?.data?.['config.yaml']).toContain(
      'credentialsFile: /etc/rosetta/secrets/webhook-credentials.json',
    );
  });

  it('probes hit /healthz and /readyz on a port the container declares; the CoAP Service is UDP with client-IP affinity', () => {
    const manifests = render(TRIAL_SECRETS);
    type Container = {
      ports: { name: string; protocol: string }[];
      livenessProbe: { httpGet: { path: string; port: string } };
      readinessProbe: { httpGet: { path: string; port: string } };
    };
    for (const deployment of manifests.filter((m) => m.kind === 'Deployment')) {
      const container = (deployment.spec as { template: { spec: { containers: Container[] } } }).template.spec
        .containers[0] as Container;
      const names = container.ports.map((p) => p.name);
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(names).toContain(container.readinessProbe.httpGet.port);
    }
    const coap = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'r-lwm2m-adapter');
    expect(coap?.spec).toMatchObject({
      sessionAffinity: 'ClientIP',
      ports: expect.arrayContaining([
        expect.objectContaining({ name: 'coaps', protocol: 'UDP', port: 5684 }),
      ]),
    });
  });

  it('LwM2M: coaps through the DTLS gateway container with its Secret; NoSec only when asked for', () => {
    const manifests = render(TRIAL_SECRETS);
    type Pod = { containers: { name: string; ports: { name: string }[] }[]; volumes: { name: string }[] };
    const pod = (m: Manifest[]): Pod => {
      const deployment = m.find((d) => d.kind === 'Deployment' && d.metadata.name === 'r-lwm2m-adapter');
      if (!deployment) throw new Error('no LwM2M Deployment rendered');
      return (deployment.spec as { template: { spec: Pod } }).template.spec;
    };
    expect(pod(manifests).containers.map((c) => c.name)).toEqual(['lwm2m-adapter', 'dtls-gateway']);
    expect(pod(manifests).volumes.map((v) => v.name)).toEqual(
      expect.arrayContaining(['run', 'lwm2m-security']),
    );
    expect(
      manifests.find((m) => m.kind === 'Secret' && m.metadata.name === 'r-lwm2m-adapter-security'),
    ).toBeDefined();
    const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'r-lwm2m-adapter');
    expect(config?.data?.['config.yaml']).toMatch(/noSec: false/);
    expect(pod(manifests).containers[0]?.ports.map((p) => p.name)).toEqual(['admin']);

    const noSec = render([...TRIAL_SECRETS, '--set', 'lwm2mAdapter.config.noSec=true']);
    expect(pod(noSec).containers[0]?.ports.map((p) => p.name)).toEqual(['coap', 'admin']);

    const withoutSecurity = helm([
      'template',
      'r',
      CHART,
      '--kube-version',
      KUBERNETES,
      ...TRIAL_SECRETS.slice(0, 4),
    ]);
    expect(withoutSecurity.status).not.toBe(0);
    expect(withoutSecurity.stderr).toMatch(/lwm2m-adapter needs credentials: set secrets.lwm2mSecurity/);
  });

  it('TLS, SASL, existing Secrets and the ServiceMonitor option render valid manifests', () => {
    const manifests = render([
      '--set',
      'kafka.tls.enabled=true',
      '--set',
      'kafka.tls.caSecret=kafka-ca',
      '--set',
      'kafka.sasl.enabled=true',
      '--set',
      'kafka.sasl.passwordSecret.name=kafka-user',
      '--set',
      'secrets.webhookCredentials.existingSecret=webhook-creds',
      '--set',
      'secrets.omadmTenants.existingSecret=omadm-tenants',
      '--set',
      'secrets.lifecycleApiToken.existingSecret=lifecycle-token',
      '--set',
      'serviceMonitor.enabled=true',
      '--set',
      'lwm2mAdapter.enabled=false',
    ]);
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    const monitors = manifests.filter((m) => m.kind === 'ServiceMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual([
      'r-lifecycle',
      'r-normalizer',
      'r-omadm-adapter',
      'r-webhook-adapter',
    ]);
    // The ServiceMonitor is a Prometheus Operator CRD, outside the Kubernetes schemas.
    const validation = kubernetesValidate(manifests.filter((m) => m.kind !== 'ServiceMonitor'));
    expect(validation.stdout + validation.stderr).toBe('');
    const env = JSON.stringify(manifests.find((m) => m.kind === 'Deployment')?.spec);
    for (const name of ['KAFKA_SSL', 'KAFKA_SSL_CA_FILE', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_PASSWORD_FILE'])
      expect(env).toContain(`"name":"${name}"`);
    const lifecycle = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'r-lifecycle');
    expect(JSON.stringify(lifecycle?.spec)).toContain(
      '{"name":"LIFECYCLE_API_TOKEN","valueFrom":{"secretKeyRef":{"name":"lifecycle-token","key":"token"}}}',
    );
  });

  it('points every service at a collector with tracing.otlpEndpoint, and sets nothing without it', () => {
    const secrets = [
      '--set',
      'secrets.webhookCredentials.existingSecret=webhook-creds',
      '--set',
      'secrets.omadmTenants.existingSecret=omadm-tenants',
      '--set',
      'secrets.lwm2mSecurity.existingSecret=lwm2m-security',
    ];
    const traced = render([
      ...secrets,
      '--set',
      'tracing.otlpEndpoint=http://collector:4318',
      '--set',
      'tracing.protocol=http/json',
    ]);
    const deployments = traced.filter((m) => m.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      const env = JSON.stringify(deployment.spec);
      expect(env).toContain('{"name":"OTEL_EXPORTER_OTLP_ENDPOINT","value":"http://collector:4318"}');
      expect(env).toContain('{"name":"OTEL_EXPORTER_OTLP_PROTOCOL","value":"http/json"}');
      expect(env).toContain(
        `{"name":"OTEL_SERVICE_NAME","value":"rosetta-${deployment.metadata.labels?.['app.kubernetes.io/name']}"}`,
      );
    }
    expect(kubernetesValidate(traced).stdout).toBe('');
    const untraced = JSON.stringify(render(secrets).filter((m) => m.kind === 'Deployment'));
    expect(untraced).not.toContain('OTEL_');
  });

  it('refuses to render without credentials for the adapters that need them, naming the value to set', () => {
    const run = helm(['template', 'r', CHART, '--kube-version', KUBERNETES]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      'webhook-adapter needs credentials: set secrets.webhookCredentials.existingSecret, or secrets.webhookCredentials.content for a trial',
    );
  });
});
