export { type Span, SpanKind } from '@opentelemetry/api';
export * from './conventions.ts';
export { traceHttpRequests } from './http.ts';
export { endSpan, startProcessSpan, startSendSpan, startSpan } from './spans.ts';
export { startTracing, type Tracing } from './start.ts';
export { contextOf, traceparentOf } from './trace-context.ts';
