import type { KafkaMessage } from 'kafkajs';
import { decodeHeaders } from '../headers.ts';
import type { IncomingRecord } from '../port.ts';

/** A kafkajs message as the port's record. */
export function toIncoming(topic: string, partition: number, message: KafkaMessage): IncomingRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: decodeHeaders(message.headers),
    timestamp: message.timestamp,
  };
}
