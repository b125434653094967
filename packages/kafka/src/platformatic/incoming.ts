import type { Message } from '@platformatic/kafka';
import type { IncomingRecord } from '../port.ts';

export type RawMessage = Message<Buffer, Buffer, Buffer, Buffer>;

export function toIncoming(message: RawMessage): IncomingRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of message.headers) headers[name.toString()] = value.toString();
  return {
    topic: message.topic,
    partition: message.partition,
    offset: String(message.offset),
    key: message.key ?? null,
    value: message.value ?? null,
    headers,
    timestamp: String(message.timestamp),
  };
}
