import { SpanKind } from '@opentelemetry/api';
import { expect, it } from 'vitest';
import { startSpan } from './spans.ts';
import { traceparentOf } from './trace-context.ts';

// With tracing off (no SDK registered in this process), spans do not record: a device's or a sender's traceparent
// still passes through unchanged, and a report that came with none gets none.
const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

it('hands on the parent traceparent through a span that does not record', () => {
  expect(traceparentOf(startSpan('s', SpanKind.SERVER, parent, {}))).toBe(parent);
});

it('gives no traceparent for a span without a parent, or with one that is not valid W3C', () => {
  expect(traceparentOf(startSpan('s', SpanKind.SERVER, undefined, {}))).toBeUndefined();
  expect(traceparentOf(startSpan('s', SpanKind.SERVER, '00-zz-00-01', {}))).toBeUndefined();
});
