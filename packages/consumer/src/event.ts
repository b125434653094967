import { CE_HEADER, OUTCOME_EVENT_TYPE, type Outcome, validateOutcome } from '@rosetta/outcome-schema';

/** A canonical outcome as a subscriber sees it: the CloudEvents attributes plus the validated data. */
export interface OutcomeEvent {
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  tenant: string;
  /** When this copy was produced; a replay (re-normalization) gives the same id a later recordedtime. */
  recordedTime: string;
  mappingVersion: string;
  traceparent?: string;
  key: string;
  outcome: Outcome;
}

export type DecodeResult = { ok: true; event: OutcomeEvent } | { ok: false; error: string };

export interface RawMessage {
  key: string | null;
  value: Buffer | string | null;
  headers: Record<string, string>;
}

/** Decodes a record of rosetta.outcomes.v1 (CloudEvents binary mode) and validates it; never throws. */
export function decodeOutcomeEvent(message: RawMessage): DecodeResult {
  const h = message.headers;
  if (h[CE_HEADER.specversion] !== '1.0')
    return { ok: false, error: `not a CloudEvent 1.0 (ce_specversion=${h[CE_HEADER.specversion]})` };
  if (h[CE_HEADER.type] !== OUTCOME_EVENT_TYPE)
    return { ok: false, error: `unexpected ce_type ${h[CE_HEADER.type]}` };
  let data: unknown;
  try {
    data = JSON.parse(message.value?.toString() ?? '');
  } catch {
    return { ok: false, error: 'data is not JSON' };
  }
  const validation = validateOutcome(data);
  if (!validation.ok) return { ok: false, error: `data fails outcome.v1: ${validation.errors.join('; ')}` };
  const outcome = validation.outcome;
  if (h[CE_HEADER.id] !== outcome.id) return { ok: false, error: 'ce_id does not match the outcome id' };
  return {
    ok: true,
    event: {
      id: outcome.id,
      source: h[CE_HEADER.source] ?? '',
      type: h[CE_HEADER.type] ?? '',
      subject: h[CE_HEADER.subject] ?? outcome.device.id,
      time: h[CE_HEADER.time] ?? outcome.occurredAt,
      tenant: h[CE_HEADER.tenant] ?? outcome.tenant,
      recordedTime: h[CE_HEADER.recordedtime] ?? '',
      mappingVersion: h[CE_HEADER.mappingversion] ?? `${outcome.mapping.table}@${outcome.mapping.version}`,
      ...(h[CE_HEADER.traceparent] ? { traceparent: h[CE_HEADER.traceparent] } : {}),
      key: message.key ?? '',
      outcome,
    },
  };
}
