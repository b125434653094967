import { NodeSDK } from '@opentelemetry/sdk-node';

export interface Tracing {
  /** Whether spans are exported; false unless the standard OTEL_* variables ask for it. */
  enabled: boolean;
  /** Exports what is buffered, then stops; part of a service's graceful shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Off unless configured: tracing starts when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is
 * set (or OTEL_TRACES_EXPORTER names an exporter) and OTEL_SDK_DISABLED is not true. Everything else — protocol
 * (http/protobuf, http/json, grpc), sampler, service name, resource attributes, batching — is the OpenTelemetry SDK's
 * own reading of the standard OTEL_* variables. Metrics stay on Prometheus and logs on stdout: only traces go out.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  const configured =
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ||
    (exporter !== undefined && exporter !== '' && exporter !== 'none');
  if (!configured || env.OTEL_SDK_DISABLED === 'true' || exporter === 'none')
    return { enabled: false, shutdown: async () => undefined };
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: defaultServiceName }),
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
