import { type IncomingRecord, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { type Normalized, type NormalizeOptions, normalize } from '@rosetta/normalize';
import { endSpan, type Span, startProcessSpan, startSendSpan, traceparentOf } from '@rosetta/tracing';

/**
 * normalize() with its spans: `process <raw topic>` (CONSUMER, child of the adapter's send span the raw record names)
 * and below it `send <outcomes topic>` (PRODUCER), whose context the outcomes carry in `ce_traceparent`. Both end when
 * the record is normalized; the commit of the transaction that writes it is not part of them. A raw record that
 * cannot be read has no trace context: its dead letter gets a span of its own, marked failed.
 */
export function tracedNormalize(
  input: IncomingRecord,
  options: NormalizeOptions,
  consumerGroup: string,
): Normalized {
  const key = input.key?.toString();
  let process: Span | undefined;
  let send: Span | undefined;
  const result = normalize(input, {
    ...options,
    traceparentFor: (raw) => {
      process = startProcessSpan({ ...input, key }, consumerGroup, raw.traceparent);
      send = startSendSpan(
        { topic: options.outcomesTopic ?? OUTCOMES_TOPIC, key: key ?? '' },
        traceparentOf(process),
      );
      return traceparentOf(send);
    },
  });
  if (result.kind === 'outcomes') {
    if (send) {
      send.setAttribute('messaging.batch.message_count', result.records.length);
      endSpan(send);
    }
    if (process) endSpan(process);
    return result;
  }
  const failed = process ?? startProcessSpan({ ...input, key }, consumerGroup, undefined);
  if (send) endSpan(send, new Error('not sent: dead-lettered'));
  failed.setAttribute('rosetta.dead_letter.stage', result.stage);
  endSpan(failed, new Error(`dead-lettered (${result.stage}): ${result.error.slice(0, 200)}`));
  return result;
}
