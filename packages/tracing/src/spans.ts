import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_MESSAGE_KEY,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from './conventions.ts';
import { contextOf } from './trace-context.ts';

// The global tracer: a no-op until startTracing() registers the SDK (a ProxyTracer picks it up then).
const tracer = () => trace.getTracer('rosetta');

/** A span whose parent is the one `traceparent` names (a new trace when there is none). */
export function startSpan(
  name: string,
  kind: SpanKind,
  parent: string | undefined,
  attributes: Attributes,
): Span {
  return tracer().startSpan(name, { kind, attributes }, contextOf(parent));
}

/** Ends a span; with an error, marks it failed with the error's type and message (OpenTelemetry's error.type). */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    const type = error instanceof Error ? (error.constructor.name ?? 'Error') : 'Error';
    span.setAttribute(ATTR_ERROR_TYPE, type);
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  }
  span.end();
}

/** Producing one record to a Kafka topic (messaging conventions: `send <topic>`, kind PRODUCER). */
export function startSendSpan(
  record: { topic: string; key: string; messageId?: string },
  parent: string | undefined,
): Span {
  return startSpan(`send ${record.topic}`, SpanKind.PRODUCER, parent, {
    [ATTR_MESSAGING_SYSTEM]: 'kafka',
    [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
    [ATTR_MESSAGING_OPERATION_NAME]: 'send',
    [ATTR_MESSAGING_DESTINATION_NAME]: record.topic,
    [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: record.key,
    ...(record.messageId ? { [ATTR_MESSAGING_MESSAGE_ID]: record.messageId } : {}),
  });
}

/** Processing one consumed Kafka record (messaging conventions: `process <topic>`, kind CONSUMER). */
export function startProcessSpan(
  record: { topic: string; partition: number; offset: string; key: string | undefined },
  consumerGroup: string,
  parent: string | undefined,
): Span {
  return startSpan(`process ${record.topic}`, SpanKind.CONSUMER, parent, {
    [ATTR_MESSAGING_SYSTEM]: 'kafka',
    [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
    [ATTR_MESSAGING_OPERATION_NAME]: 'process',
    [ATTR_MESSAGING_DESTINATION_NAME]: record.topic,
    [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(record.partition),
    [ATTR_MESSAGING_KAFKA_OFFSET]: Number(record.offset),
    [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: consumerGroup,
    ...(record.key === undefined ? {} : { [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: record.key }),
  });
}
