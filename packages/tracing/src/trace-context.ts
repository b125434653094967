import {
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  type Span,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

// W3C trace context is what Rosetta's records and headers carry, whatever OTEL_PROPAGATORS says, and it is read and
// written even when tracing is off: a device's traceparent then passes through to the outcome unchanged.
const w3c = new W3CTraceContextPropagator();

/** The context a `traceparent` names, or the root context when it is absent or not a valid W3C traceparent. */
export function contextOf(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter);
}

/**
 * The `traceparent` of a span, to hand on in a record or header. With tracing off, a span is the non-recording copy
 * of its parent, so this is the parent's traceparent (or nothing when there was none).
 */
export function traceparentOf(span: Span): string | undefined {
  // Tracing off and no parent: nothing to write (the common case, once per report and per record).
  if (!isSpanContextValid(span.spanContext())) return undefined;
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier.traceparent;
}
