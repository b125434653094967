export { createLogFn, type LogFn, type LogLine } from './logger.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export { kafkaReadiness, type Readiness, type TelemetryOptions, telemetryRoutes } from './routes.ts';
export { type KafkaReadinessProbe, kafkaReadinessProbe, startAdminServer } from './service-kit.ts';
export { closeHttpGracefully, exitAfterShutdown } from './shutdown.ts';
